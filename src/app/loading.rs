//! A dataset that is still coming in: the browser shows what is loaded,
//! takes each batch of relations as it arrives, and says how far it is.
//! The reading itself is `data::stream`'s, on another thread; this is the
//! state the views and the footer read.

use std::time::{Duration, Instant};

use super::{App, Overlay};
use crate::data::figures;
use crate::data::{Extra, Relation, texts::Texts};
use crate::graph::Placed;

/// Relations the browser adds at most between two keys while a file loads:
/// adding them takes a few milliseconds at a million relations (criterion
/// `step-1m/loading-batch`), so a key is answered within a frame.
pub const STEP_RELATIONS: usize = 4_096;

/// How far a load has got.
#[derive(Debug, Clone, PartialEq)]
pub struct Loading {
    pub relations: usize,
    pub bytes_read: u64,
    pub total_bytes: u64,
    pub started: Instant,
    /// All relations are in; the whole dataset is being validated.
    pub checking: bool,
    /// When the last relation came in.
    pub finished: Option<Duration>,
}

impl Loading {
    /// The share of the file read, 0 to 1.
    pub fn share(&self) -> f64 {
        if self.total_bytes == 0 { 1.0 } else { (self.bytes_read as f64 / self.total_bytes as f64).min(1.0) }
    }

    /// Relations per second so far.
    pub fn rate(&self) -> f64 {
        let secs = self.finished.unwrap_or_else(|| self.started.elapsed()).as_secs_f64();
        if secs > 0.0 { self.relations as f64 / secs } else { 0.0 }
    }
}

impl App {
    /// The data has its header only; its relations are on their way.
    pub fn start_loading(&mut self, total_bytes: u64) {
        self.loading = Some(Loading {
            relations: 0,
            bytes_read: 0,
            total_bytes,
            started: Instant::now(),
            checking: false,
            finished: None,
        });
    }

    /// Whether relations are still coming in (or being checked).
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// A batch of relations arrived: they join the graph, the selection
    /// stays on its records (by id), and every cache keyed on the revision
    /// is renewed.
    /// `placed` says where each goes in the graph, when the loading threads
    /// worked it out (`graph::Placer`); else it is worked out here.
    pub fn add_relations(&mut self, relations: Vec<Relation>, placed: Option<Vec<Placed>>, bytes_read: u64) {
        let count = relations.len();
        // New measures, from the new figures only.
        for f in relations.iter().flat_map(|r| &r.figures) {
            if !self.measures.contains(&f.measure) {
                self.measures.push(f.measure.clone());
            }
        }
        // The selected actor's links as last listed: the new ones are
        // merged in rather than all listed again (`links_added`).
        let actor = self.selected_actor();
        let listed = actor.and_then(|a| self.links_memo.peek(&(self.revision, a, self.kinds.clone(), self.direction)));
        let selected = listed.as_ref().and_then(|links| links.get(self.list.relation)).map(|l| l.edge);
        let edge = match listed {
            Some(_) => None,
            None => self.selected_link().map(|l| self.edge_id(l.edge)),
        };
        let first_edge = self.graph.graph.edge_count();
        let years = self.years;
        let shows = move |r: &Relation| years.is_none_or(|y| y.shows(r));
        if let Err(relations) = self.graph.extend(relations, placed, shows) {
            // The data is shared (nothing should hold it while loading):
            // copy it rather than lose relations.
            std::sync::Arc::make_mut(&mut self.graph.data);
            self.graph.extend(relations, None, shows).expect("the data is no longer shared");
        }
        self.revision += 1;
        self.search_index = None;
        // Appended relations do not move the others: the same relation
        // stays selected, and the same row when it was none.
        match (actor, listed) {
            (Some(actor), Some(listed)) => {
                let links: std::rc::Rc<[_]> =
                    self.graph.links_added(&listed, actor, &self.kinds, self.direction, first_edge).into();
                if let Some(pos) = selected.and_then(|e| links.iter().position(|l| l.edge == e)) {
                    self.list.relation = pos;
                }
                self.links_memo.set((self.revision, actor, self.kinds.clone(), self.direction), links);
            }
            _ => self.reselect_keeping(edge.as_ref()),
        }
        if let Some(loading) = &mut self.loading {
            loading.relations += count;
            loading.bytes_read = bytes_read.max(loading.bytes_read);
        }
    }

    /// Every relation is in: the fields that followed them, and the
    /// whole dataset is being checked.
    pub fn relations_in(&mut self, format: Option<u64>, extra: Extra) {
        if let Some(data) = std::sync::Arc::get_mut(&mut self.graph.data) {
            crate::data::stream::apply_tail(data, format, extra);
        }
        if let Some(loading) = &mut self.loading {
            loading.checking = true;
            loading.bytes_read = loading.total_bytes;
            loading.finished = Some(loading.started.elapsed());
        }
        if self.measures.is_empty() {
            self.measures = figures::measures(&self.graph.data);
        }
    }

    /// The check is done: the dataset is valid. Its texts are in, and its
    /// warnings are counted in the footer.
    pub fn loaded(&mut self, texts: Texts, warnings: usize) {
        let done = self.loading.take();
        self.set_texts(texts);
        let took = done.and_then(|l| l.finished).map_or(String::new(), |t| format!(" in {:.1} s", t.as_secs_f64()));
        let n = self.graph.data.relations.len();
        self.status = Some(match warnings {
            0 => format!("loaded {} relations{took}", thousands(n)),
            1 => format!("loaded {} relations{took}; 1 warning: greatgame validate lists it", thousands(n)),
            w => format!("loaded {} relations{took}; {w} warnings: greatgame validate lists them", thousands(n)),
        });
        // A search that was waiting for the data can now be answered.
        if self.overlays.iter().any(Overlay::wants_text) {
            self.search_index = None;
        }
    }
}

/// 1234567 as "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
