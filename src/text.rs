//! Text the panes show, built without a terminal: the evidence of a relation
//! wrapped to a width, and the one-letter names of kinds.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::data::Kind;

/// One letter per kind so kinds read without colour: the first letter of the
/// label not already taken, else a digit.
pub fn kind_letters(kinds: &[Kind]) -> Vec<char> {
    let mut taken: Vec<char> = Vec::with_capacity(kinds.len());
    for (i, k) in kinds.iter().enumerate() {
        let letter = k
            .label
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .find(|c| !taken.contains(c))
            .unwrap_or_else(|| char::from_digit((i % 10) as u32, 10).unwrap_or('?'));
        taken.push(letter);
    }
    taken
}

/// Greedy word wrap by display width; words longer than a line are split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let sep = usize::from(!line.is_empty());
        if line.width() + sep + word.width() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if line.width() + c.to_string().width() > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The sources pane's lines for the selected relation, wrapped to `width`.
pub fn source_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let theme = &app.theme;
    let graph = &app.graph;
    let (Some(actor), Some(link)) = (app.selected_actor(), app.selected_link()) else {
        let msg = if app.selected_actor().is_none() {
            "This dataset has no actors."
        } else {
            "No relation under the current filters. Press 0 to show all kinds, d to change direction."
        };
        return wrap(msg, width).into_iter().map(|l| Line::styled(l, theme.dim())).collect();
    };
    let relation = graph.relation(link.edge);
    let kind_ix = graph.edge(link.edge).kind;
    let kind = &graph.data.kinds[kind_ix];
    let me = &graph.actor(actor).name;
    let other = &graph.actor(link.counterpart).name;

    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{me} {} {other}", link.arrow.symbol()), theme.title()),
        Span::raw("  "),
        Span::styled(format!("{} {}", app.kind_letters[kind_ix], kind.label), theme.kind(kind.color())),
    ])];
    let scope = match graph.regional_group(link.edge) {
        Some(group) => {
            let member = [actor, link.counterpart]
                .into_iter()
                .map(|n| graph.actor(n))
                .find(|a| group.members.contains(&a.id))
                .map_or(other, |a| &a.name);
            let text = format!(
                "Regional claim: the source speaks of {} as a whole (group {}), not of {member} in particular.",
                group.name, group.id
            );
            (text, theme.regional())
        }
        None => ("Country-specific claim: the source names both sides.".to_string(), theme.dim()),
    };
    lines.extend(wrap(&scope.0, width).into_iter().map(|l| Line::styled(l, scope.1)));
    lines.extend(
        wrap(&format!("Summary (ours): {}", relation.summary), width).into_iter().map(|l| Line::styled(l, theme.dim())),
    );

    let total = relation.evidence.len();
    for (i, ev) in relation.evidence.iter().enumerate() {
        lines.push(Line::raw(""));
        // Who says so first, then their exact words.
        let mut cite: Vec<String> = ev.speaker.iter().cloned().collect();
        if let Some(src) = graph.data.sources.iter().find(|s| s.id == ev.source) {
            cite.push(src.publisher.clone());
            cite.push(src.date.clone());
            cite.extend(src.title.iter().map(|t| format!("“{t}”")));
            cite.extend(src.url.iter().cloned());
        }
        if ev.speaker.is_none() {
            cite.push("no named speaker".to_string());
        }
        let cite = format!("[{}/{total}] {}", i + 1, cite.join(" · "));
        lines.extend(wrap(&cite, width).into_iter().map(|l| Line::styled(l, theme.citation())));
        let quoted = format!("“{}”", ev.quote);
        lines.extend(
            wrap(&quoted, width.saturating_sub(2)).into_iter().map(|l| Line::styled(format!("  {l}"), theme.quote())),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn kind_letters_are_unique() {
        let kind = |label: &str| Kind { id: label.into(), label: label.into(), directed: true, color: "red".into() };
        let kinds = [kind("Trade"), kind("Tourism"), kind("Arms"), kind("TTT")];
        assert_eq!(kind_letters(&kinds), ['T', 'O', 'A', '3']);
    }
}
