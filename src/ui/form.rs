//! A form over the screen: each field on its line (a picker shows what its
//! text matches), what is wrong with it under it, the keys at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};

use super::{fit, fit_around_cursor};
use crate::app::{App, Field, Form};
use crate::data::printable;
use crate::text::wrap;

/// How many matches a focused picker lists.
const MATCHES_SHOWN: usize = 4;

/// The lines under a picker: what its text stands for, or (focused) the
/// first matches; for a picker of actors with no match, the offer to add
/// one; for suggestions (a speaker), the first few.
fn picker_lines(form: &Form, field: &Field, focused: bool) -> Vec<String> {
    let matches = field.matches();
    let typed = !field.value.trim().is_empty();
    if field.free {
        let names: Vec<&str> = matches.iter().take(3).map(|(id, _)| id.as_str()).collect();
        return match (focused, names.is_empty()) {
            (true, false) if typed => vec![format!("used before: {} (Tab takes the first)", names.join(" · "))],
            (true, false) => vec![format!("used before: {} (type to pick one)", names.join(" · "))],
            _ => Vec::new(),
        };
    }
    if focused && let Some((_, name)) = form.unknown_end() {
        return vec![format!("no match · ⏎ adds “{name}” as a new actor")];
    }
    match matches.first() {
        None if !typed && matches!(field.key, "from" | "to") => {
            vec!["no actors yet: type a name, and ⏎ adds it as an actor".to_string()]
        }
        None => vec!["no match".to_string()],
        Some(_) if !typed && !focused => vec!["(type to choose)".to_string()],
        Some((id, name)) if !focused && name.starts_with(id.as_str()) => vec![format!("→ {name}")],
        Some((id, name)) if !focused => vec![format!("→ {name} ({id})")],
        Some(_) => {
            let mut out: Vec<String> = (matches.iter().take(MATCHES_SHOWN).enumerate())
                .map(|(i, (id, name))| {
                    let taken = if i == 0 && typed { "→ " } else { "  " };
                    let tab = if i == 0 && typed { "  (Tab takes it)" } else { "" };
                    // A name that starts with its id (a relation's) says it once.
                    let id = if name.starts_with(id.as_str()) { String::new() } else { format!(" ({id})") };
                    format!("{taken}{name}{id}{tab}")
                })
                .collect();
            if matches.len() > MATCHES_SHOWN {
                out.push(format!("  … {} more: type to narrow", matches.len() - MATCHES_SHOWN));
            }
            out
        }
    }
}

impl App {
    pub(super) fn render_form(&self, form: &Form, area: Rect, buf: &mut Buffer) {
        let width = area.width.clamp(20, 90);
        let inner = usize::from(width.saturating_sub(2));
        let label_width = form.fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(0) + 2;
        let mut lines: Vec<Line<'static>> = Vec::new();
        // What the form is about (a capture's quote), wrapped.
        for note in &form.notes {
            lines.extend(wrap(&printable(note), inner).into_iter().map(|l| Line::styled(l, self.theme.quote())));
        }
        if !form.notes.is_empty() {
            lines.push(Line::raw(""));
        }
        // The lines of the focused field: kept in view when the form is
        // taller than the screen.
        let mut focused_lines = 0..0;
        for (i, field) in form.fields.iter().enumerate() {
            let focused = i == form.focus;
            let first = lines.len();
            let marker = if focused { "▶ " } else { "  " };
            let label = format!("{marker}{:<label_width$}", format!("{}:", field.label));
            let space = inner.saturating_sub(label.chars().count());
            let value = if focused {
                let (before, after) = field.split_at_cursor();
                fit_around_cursor(before, after, space)
            } else {
                fit(&field.value, space)
            };
            let style = if focused { self.theme.hit() } else { self.theme.dim() };
            lines.push(Line::from(vec![Span::styled(label, self.theme.key()), Span::styled(value, style)]));
            // A picker: what the text stands for; while it has the focus,
            // the first few matches.
            if field.choices.is_some() {
                let pad = " ".repeat(label_width + 2);
                for said in picker_lines(form, field, focused) {
                    lines.push(Line::styled(fit(&format!("{pad}{}", printable(&said)), inner), self.theme.dim()));
                }
            }
            if let Some(error) = &field.error {
                // Wrapped under the value, so a long reason is read whole.
                let pad = " ".repeat(label_width + 2);
                for line in wrap(&printable(error), inner.saturating_sub(pad.len()).max(10)) {
                    lines.push(Line::styled(format!("{pad}{line}"), self.theme.warning()));
                }
            }
            if focused {
                focused_lines = first..lines.len();
            }
        }
        if let Some(error) = &form.error {
            lines.extend(wrap(&printable(error), inner).into_iter().map(|l| Line::styled(l, self.theme.warning())));
        }
        // The keys are in the footer; a second Esc's warning is here, where
        // the eyes are.
        if form.discarding {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                fit("Esc again discards what you typed · any other key goes on editing", inner),
                self.theme.warning(),
            ));
        }
        let height = (lines.len() as u16 + 2).min(area.height);
        let popup = area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height));
        let visible = usize::from(height.saturating_sub(2));
        let scroll = focused_lines.end.saturating_sub(visible).min(focused_lines.start);
        self.render_popup(popup, buf, &form.title, lines, scroll);
    }
}
