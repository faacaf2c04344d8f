//! A form over the screen: each field on its line (a picker shows what its
//! text matches), what is wrong with it under it, the keys at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};

use super::{fit, fit_around_cursor};
use crate::app::{App, Form};
use crate::data::printable;

impl App {
    pub(super) fn render_form(&self, form: &Form, area: Rect, buf: &mut Buffer) {
        let width = area.width.clamp(20, 90);
        let inner = usize::from(width.saturating_sub(2));
        let label_width = form.fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(0) + 2;
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (i, field) in form.fields.iter().enumerate() {
            let focused = i == form.focus;
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
            // A picker: what the text stands for.
            if field.choices.is_some() {
                let matches = field.matches();
                let said = match matches.first() {
                    None => "no match".to_string(),
                    Some((id, name)) if matches.len() == 1 => format!("→ {name} ({id})"),
                    Some((id, name)) => format!("→ {name} ({id}) · {} matches, Tab takes the first", matches.len()),
                };
                let pad = " ".repeat(label_width + 2);
                lines.push(Line::styled(fit(&format!("{pad}{}", printable(&said)), inner), self.theme.dim()));
            }
            if let Some(error) = &field.error {
                let pad = " ".repeat(label_width + 2);
                lines.push(Line::styled(fit(&format!("{pad}{}", printable(error)), inner), self.theme.warning()));
            }
        }
        if let Some(error) = &form.error {
            lines.push(Line::styled(fit(&printable(error), inner), self.theme.warning()));
        }
        lines.push(Line::raw(""));
        let keys = if form.discarding {
            "Esc again discards what you typed · any other key goes on editing"
        } else {
            "letters are text · ←→ Home End cursor · Tab ↑↓ field · ⏎ save · Esc cancel"
        };
        lines.push(Line::styled(
            fit(keys, inner),
            if form.discarding { self.theme.warning() } else { self.theme.dim() },
        ));
        let height = (lines.len() as u16 + 2).min(area.height);
        let popup = area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height));
        self.render_popup(popup, buf, &form.title, lines, 0);
    }
}
