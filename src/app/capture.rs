//! Capturing a claim from a source's text, in the reader: `c` makes a new
//! relation quoting the selection (or, without one, the sentence under the
//! cursor), `A` adds it as one more quote of a relation. The quote is the
//! text's own words, never typed (`reader::motion::quote_of`).

use std::collections::HashMap;

use super::{App, Field, Form, Overlay, Purpose, SourcesFocus, View};
use crate::data::{Evidence, Relation};
use crate::reader::{self, motion};

/// What the reader hands a capture form: the quote and where it is from.
#[derive(Debug, Clone, PartialEq)]
pub struct Captured {
    /// The source's id.
    pub source: String,
    pub quote: String,
    /// The relations already quoting this passage or one overlapping it,
    /// as a person reads them ("arms · China → Central Asia (cn-arms-…)").
    pub used_by: Vec<String>,
    /// The actors and groups whose names the quote holds, by id.
    pub named: Vec<String>,
}

impl Captured {
    /// The quote as evidence, with its speaker when one is given.
    pub fn evidence(&self, speaker: String) -> Evidence {
        Evidence {
            source: self.source.clone(),
            quote: self.quote.clone(),
            speaker: Some(speaker).filter(|s| !s.is_empty()),
            ..Evidence::default()
        }
    }

    /// What a capture form shows above its fields: the quote, and the
    /// relations already quoting it (a quote may back several).
    fn notes(&self) -> Vec<String> {
        let mut notes = vec![format!("Quote (the text's words, not typed): “{}”", self.quote)];
        if !self.used_by.is_empty() {
            notes.push(format!("Already quoted by: {}", self.used_by.join("; ")));
        }
        notes
    }

    /// Whether relation `r` has an end the quote names: 0, 1 or 2 of them.
    fn named_ends(&self, r: &Relation) -> usize {
        usize::from(self.named.contains(&r.from)) + usize::from(self.named.contains(&r.to))
    }
}

impl App {
    /// The reader's selection, or the sentence under the cursor, as a
    /// quote of the selected source; why not, when there is none.
    pub(super) fn captured(&self) -> Result<Captured, String> {
        if self.view != View::Sources {
            return Err("c and A capture from a source's text: the Sources view (F4), then Tab to the text".into());
        }
        if self.graph.data.sources.is_empty() {
            return Err("no source yet: a adds one, its text pasted or a file's path".into());
        }
        if self.sources_view.focus != SourcesFocus::Text {
            return Err("c and A capture from the text: Tab to it, then select (S a sentence, V a passage)".into());
        }
        let Some((s, text)) = self.reader_text() else {
            return Err("this source's text is not stored: add a source with its text (a) to quote from it".into());
        };
        let cursor = self.reader_cursor(&text);
        let range = match self.reader_selection() {
            Some(range) => range,
            None => motion::sentence_at(&reader::sentences(&text), cursor)
                .ok_or_else(|| "nothing to quote: the text is empty".to_string())?,
        };
        let data = &self.graph.data;
        let used_by = (self.spans(s).iter())
            .filter(|span| span.range.start < range.end && range.start < span.range.end)
            .flat_map(|span| span.evidence.iter().map(|&(r, _)| r))
            .fold(Vec::new(), |mut seen, r| {
                if !seen.contains(&r) {
                    seen.push(r);
                }
                seen
            })
            .into_iter()
            .map(|r| format!("{} ({})", data.kind_and_ends(&data.relations[r]), data.relations[r].id))
            .collect();
        let quote = motion::quote_of(&text, range);
        let named = named_in(data, &quote);
        Ok(Captured { source: data.sources[s].id.clone(), quote, used_by, named })
    }

    /// `c` in the reader: a form for a new relation quoting the capture.
    pub(super) fn open_capture(&mut self, attach: bool) {
        if self.loading.is_some() {
            self.status = Some("wait until the file has loaded to change it".into());
            return;
        }
        match self.captured() {
            Ok(captured) => {
                let form = if attach { self.attach_form(captured) } else { self.capture_form(captured) };
                self.overlays.push(Overlay::Form(Box::new(form)));
            }
            Err(why) => self.status = Some(why),
        }
    }

    /// `c`: kind, from, to, your summary, an optional speaker and an id
    /// (suggested from the ends and the kind). The pickers of actors offer
    /// those the quote names first.
    fn capture_form(&self, captured: Captured) -> Form {
        let mut ends = self.end_choices();
        ends.sort_by_key(|(id, _)| !captured.named.contains(id));
        let fields = vec![
            Field::picker("kind", "kind", "", self.kind_choices()),
            Field::picker("from", "from", "", ends.clone()),
            Field::picker("to", "to", "", ends),
            Field::text("summary", "summary (yours)", ""),
            Field::suggesting("speaker", "speaker (optional)", self.speakers()),
            Field::text("id", "id", ""),
        ];
        let notes = captured.notes();
        let mut form = Form::new("New relation from the text".into(), fields, Purpose::Capture(Box::new(captured)));
        form.notes = notes;
        form
    }

    /// `A`: a picker of relations (those between actors the quote names
    /// first), and an optional speaker.
    fn attach_form(&self, captured: Captured) -> Form {
        let data = &self.graph.data;
        let mut relations: Vec<&Relation> = data.relations.iter().collect();
        relations.sort_by_key(|r| std::cmp::Reverse(captured.named_ends(r)));
        // Names and arrows looked up once, not for each of (maybe) a
        // million relations.
        let names = data.names_by_id();
        let arrows: HashMap<&str, &str> = data.kinds.iter().map(|k| (k.id.as_str(), data.arrow_of(&k.id))).collect();
        let choices = relations
            .into_iter()
            .map(|r| {
                let from = names.get(r.from.as_str()).copied().unwrap_or(&r.from);
                let to = names.get(r.to.as_str()).copied().unwrap_or(&r.to);
                let arrow = arrows.get(r.kind.as_str()).copied().unwrap_or("→");
                let ends = format!("{from} {arrow} {to}");
                (r.id.clone(), format!("{}: {} · {ends} · {}", r.id, r.kind, r.summary))
            })
            .collect();
        let fields = vec![
            Field::picker("relation", "relation", "", choices),
            Field::suggesting("speaker", "speaker (optional)", self.speakers()),
        ];
        let notes = captured.notes();
        let mut form = Form::new("Add the quote to a relation".into(), fields, Purpose::Attach(Box::new(captured)));
        form.notes = notes;
        form
    }

    /// The speakers quotes already name, most often named first: what the
    /// speaker field suggests.
    pub(super) fn speakers(&self) -> Vec<(String, String)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for e in self.graph.data.relations.iter().flat_map(|r| &r.evidence) {
            if let Some(speaker) = e.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
                *counts.entry(speaker).or_default() += 1;
            }
        }
        let mut speakers: Vec<(&str, usize)> = counts.into_iter().collect();
        speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        speakers.into_iter().map(|(s, _)| (s.to_string(), s.to_string())).collect()
    }
}

/// The actors and groups whose name (or id) `quote` holds, in any case,
/// in dataset order: "Russia's" names Russia, "Central Asian" Central Asia.
pub fn named_in(data: &crate::data::Dataset, quote: &str) -> Vec<String> {
    let quote = quote.to_lowercase();
    let holds = |id: &str, name: &str| {
        let name = name.trim().to_lowercase();
        (!name.is_empty() && quote.contains(&name)) || (id.len() > 2 && quote.contains(&id.to_lowercase()))
    };
    let actors = data.actors.iter().map(|a| (&a.id, &a.name));
    let groups = data.groups.iter().map(|g| (&g.id, &g.name));
    actors.chain(groups).filter(|(id, name)| holds(id, name)).map(|(id, _)| id.clone()).collect()
}

/// An id for a new relation, "from-kind-to" as the built-in data names
/// them ("rus-trade-kaz"), with a number after it when that is taken.
pub fn suggested_relation_id(data: &crate::data::Dataset, kind: &str, from: &str, to: &str) -> String {
    let base = super::suggested_id(&format!("{from} {kind} {to}"));
    crate::data::unused_id(base, |id| data.relations.iter().any(|r| r.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_quote_are_found_in_any_case_and_form() {
        let data = crate::data::Dataset::builtin();
        let named = named_in(&data, "Russia's historic grip over CENTRAL ASIA has waned");
        assert!(named.contains(&"RUS".to_string()), "{named:?}");
        assert!(named.contains(&"central-asia".to_string()), "{named:?}");
        assert!(!named.contains(&"CHN".to_string()), "{named:?}");
    }

    #[test]
    fn a_new_relation_id_is_from_kind_to_and_never_one_taken() {
        let mut data = crate::data::Dataset::builtin();
        let first = suggested_relation_id(&data, "trade", "RUS", "BLR");
        assert_eq!(first, "rus-trade-blr");
        data.relations.push(crate::data::Relation { id: first.clone(), ..Default::default() });
        assert_eq!(suggested_relation_id(&data, "trade", "RUS", "BLR"), "rus-trade-blr-2");
    }
}
