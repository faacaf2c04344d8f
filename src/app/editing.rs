//! Changing the data from the browser: each change is checked, applied,
//! undoable back to when the file was opened, and saved at once by a
//! writer on another thread (`save::Saver`). The built-in data is never
//! changed in place: the first change asks where to save a copy.

use std::path::PathBuf;
use std::sync::Arc;

use super::{App, Overlay, Pane, View};
use crate::edit::{Change, List};
use crate::save::{Saved, Saver, Stamp};

/// Where a copy of the built-in data is suggested to go.
pub const SUGGESTED_COPY: &str = "./central-asia.json";

/// A question in the footer, answered with a letter.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// `y` (or Enter) makes the change, `n` (or Esc) does not.
    Confirm { question: String, change: Box<Change> },
    /// The file changed on disk: `r` reloads it, `w` writes ours elsewhere.
    Conflict { path: PathBuf },
}

/// Typing where to save: the built-in data's copy, or ours when the file
/// changed on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveAs {
    pub text: String,
    /// Why the last Enter was refused; what was typed is kept.
    pub error: Option<String>,
    /// The change waiting for a file (the built-in data's first).
    pub change: Option<Box<Change>>,
}

impl App {
    /// Changes are saved to `path`, as it was when read (`stamp`).
    pub fn edit_file(&mut self, path: PathBuf, stamp: Option<Stamp>) {
        self.saver = Some(Saver::start(path, stamp));
        self.known_stamp = stamp;
    }

    /// The file changed on disk (the browser watches it): unless the
    /// change is our own save, it is read again. Says whether it was.
    pub fn file_changed_on_disk(&mut self) -> bool {
        let Some(path) = self.saver.as_ref().map(|s| s.path().to_path_buf()) else { return false };
        // A save of ours under way: its stamp comes with its report, and a
        // write by another program meanwhile is a conflict the saver sees.
        if self.saving().is_some() {
            return false;
        }
        let before = self.known_stamp;
        if Stamp::of(&path) == before {
            return false;
        }
        self.read_again(&path, before, "changed on disk");
        true
    }

    /// `x`: asks before deleting the selected actor (Actors pane), source
    /// (Sources view) or relation, or (Evidence pane, `Pane::Sources`)
    /// removing the selected quote.
    pub(super) fn ask_delete(&mut self) {
        if self.loading.is_some() {
            self.status = Some("wait until the file has loaded to change it".into());
            return;
        }
        // An actor (Actors pane) or a source (Sources view): refused while
        // anything refers to it, with what does.
        let record = match (self.view, self.list.focus) {
            (View::Sources, _) => self.selected_source().map(|s| {
                let source = &self.graph.data.sources[s];
                (
                    Change::Remove(List::Sources, s),
                    format!("delete source {} ({}, {})?", source.id, source.publisher, source.date),
                )
            }),
            (View::List, Pane::Actors) => self.selected_actor().map(|node| {
                let at = self.graph.graph[node];
                let actor = &self.graph.data.actors[at];
                (Change::Remove(List::Actors, at), format!("delete actor {} ({})?", actor.id, actor.name))
            }),
            _ => None,
        };
        if let Some((change, question)) = record {
            match change.check(&self.graph.data) {
                Ok(()) => self.overlays.push(Overlay::Ask(Ask::Confirm { question, change: Box::new(change) })),
                Err(why) => self.status = Some(format!("not changed: {why}")),
            }
            return;
        }
        let Some(link) = (self.view == View::List).then(|| self.selected_link()).flatten() else {
            self.status = Some("x deletes the selected relation, actor or source (list or sources view)".into());
            return;
        };
        let index = self.graph.edge(link.edge).relation;
        let relation = &self.graph.data.relations[index];
        let (change, question) = if self.list.focus == Pane::Sources && !relation.evidence.is_empty() {
            let at = self.list.quote.min(relation.evidence.len() - 1);
            let quote: String = relation.evidence[at].quote.chars().take(40).collect();
            (
                Change::RemoveQuote { relation: index, at },
                format!("remove quote {} of {} (“{quote}…”)?", at + 1, relation.id),
            )
        } else {
            let data = &self.graph.data;
            let kind = data.kinds.iter().find(|k| k.id == relation.kind).map_or(relation.kind.as_str(), |k| &k.label);
            (
                Change::Remove(List::Relations, index),
                format!(
                    "delete relation {} ({} → {}, {kind})?",
                    relation.id,
                    data.name_of(&relation.from),
                    data.name_of(&relation.to)
                ),
            )
        };
        // Refused already (a relation's last piece of evidence): say so now.
        if let Err(why) = change.check(&self.graph.data) {
            self.status = Some(format!("not changed: {why}"));
            return;
        }
        self.overlays.push(Overlay::Ask(Ask::Confirm { question, change: Box::new(change) }));
    }

    /// `e`: the selected relation, actor (Actors pane) or source (Sources
    /// view) in a form.
    pub(super) fn open_edit_form(&mut self) {
        if self.loading.is_some() {
            self.status = Some("wait until the file has loaded to change it".into());
            return;
        }
        let form = match (self.view, self.list.focus) {
            (View::List, Pane::Actors) => self.edit_actor_form(),
            (View::List, _) => self.edit_relation_form(),
            (View::Sources, _) => self.edit_source_form(),
            _ => None,
        };
        match form {
            Some(form) => self.overlays.push(Overlay::Form(Box::new(form))),
            None => self.status = Some("e edits the selected relation, actor or source (list or sources view)".into()),
        }
    }

    /// `a`: a new actor (in the Actors pane) or source (Sources view).
    pub(super) fn open_add_form(&mut self) {
        if self.loading.is_some() {
            self.status = Some("wait until the file has loaded to change it".into());
            return;
        }
        if self.view == View::Sources {
            // A source's text goes beside the dataset file: there must be one.
            match self.editing_file().map(|p| p.parent().unwrap_or(std::path::Path::new("")).to_path_buf()) {
                Some(base) => {
                    let form = self.add_source_form(base);
                    self.overlays.push(Overlay::Form(Box::new(form)));
                }
                None => {
                    self.overlays.push(Overlay::SaveAs(SaveAs {
                        text: SUGGESTED_COPY.into(),
                        error: None,
                        change: None,
                    }));
                    self.status = Some(
                        "a source's text goes beside your dataset file: choose where it goes, then a again".into(),
                    );
                }
            }
        } else if self.view == View::List && self.list.focus == Pane::Actors {
            let form = self.add_actor_form();
            self.overlays.push(Overlay::Form(Box::new(form)));
        } else {
            self.status = Some("a adds an actor in the Actors pane (list view)".into());
        }
    }

    /// `E`: the file in the user's editor, at the selected relation's line
    /// (the browser opens it: it owns the terminal).
    pub(super) fn request_editor(&mut self) {
        if self.loading.is_some() {
            self.status = Some("wait until the file has loaded to edit it".into());
            return;
        }
        let Some(path) = self.saver.as_ref().map(|s| s.path().to_path_buf()) else {
            self.status =
                Some("E opens your dataset file: the built-in data has none (a first change makes a copy)".into());
            return;
        };
        let relation = self.selected_link().map(|l| self.graph.relation(l.edge).id.clone());
        let line = std::fs::read_to_string(&path).ok().and_then(|text| line_of_relation(&text, relation.as_deref()?));
        self.editor = Some((path, line.unwrap_or(1)));
    }

    /// Back from the editor: a file that changed is read again, the
    /// selection kept by id; an invalid one leaves the data as it was,
    /// and the footer says what is wrong.
    pub fn after_editor(&mut self, path: &std::path::Path, before: Option<Stamp>) {
        if Stamp::of(path) == before {
            self.status = Some("the file did not change".into());
            return;
        }
        self.read_again(path, before, "edited");
    }

    /// Reads the file again (`why`: what happened to it), the selection
    /// kept by id and the undo history started again. An invalid file
    /// leaves the last good data on screen, with its problems in the
    /// footer until it is fixed; meanwhile a change of ours asks before it
    /// is saved over it.
    fn read_again(&mut self, path: &std::path::Path, before: Option<Stamp>, why: &str) {
        let now = Stamp::of(path);
        match read_dataset(path) {
            Ok(loaded) => {
                self.edits = Default::default();
                self.replace_data(loaded.dataset);
                self.set_texts(loaded.texts);
                self.saver = Some(Saver::start(path.to_path_buf(), now));
                self.known_stamp = now;
                self.file_problems = None;
                self.status = Some(format!("{} {why}: read again; the undo history starts again", path.display()));
            }
            Err(problems) => {
                self.saver = Some(Saver::start(path.to_path_buf(), before));
                self.known_stamp = now;
                self.file_problems = Some(problems);
                // The banner says it (`file_problems`), until it is fixed.
                self.status = None;
            }
        }
    }

    /// Waits for the saves under way (before the editor opens the file).
    pub fn wait_for_saves(&mut self) {
        let start = std::time::Instant::now();
        while self.saving().is_some() && start.elapsed() < std::time::Duration::from_secs(60) {
            self.poll_saves();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.poll_saves();
    }

    /// Writes a pasted source text (a new file, its folder made if need be).
    pub(super) fn write_source_text(&self, path: &std::path::Path, text: &str) -> std::io::Result<()> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        crate::atomic::write_new(path, text.as_bytes())
    }

    /// The sources' texts read again (a source was added).
    pub(super) fn reload_texts(&mut self) {
        let Some(base) = self.editing_file().map(|p| p.parent().unwrap_or(std::path::Path::new("")).to_path_buf())
        else {
            return;
        };
        let (texts, _) = crate::data::texts::Texts::load(&self.graph.data, &base);
        self.set_texts(texts);
    }

    /// Makes a change: checked, applied, remembered for undo, saved. With
    /// no file to save to (the built-in data), asks for one first.
    pub(super) fn make_change(&mut self, change: Change) {
        if self.saver.is_none() {
            self.overlays.push(Overlay::SaveAs(SaveAs {
                text: SUGGESTED_COPY.into(),
                error: None,
                change: Some(Box::new(change)),
            }));
            return;
        }
        let kept = self.kept();
        let mut data = self.take_data();
        match self.edits.apply(&mut data, change) {
            Ok(what) => {
                self.replace_data_keeping(kept, data);
                self.saved_what(what);
            }
            Err(why) => {
                // Refused: nothing changed, and the graph is as it was.
                self.give_back_data(data);
                self.status = Some(format!("not changed: {why}"));
            }
        }
    }

    /// `u`: undoes the last change.
    pub(super) fn undo(&mut self) {
        if self.step_history(crate::edit::History::undo, "undid", "nothing to undo") {
            self.show_touched(true);
        }
    }

    /// `Ctrl-R`: redoes the last change undone.
    pub(super) fn redo(&mut self) {
        if self.step_history(crate::edit::History::redo, "redid", "nothing to redo") {
            self.show_touched(false);
        }
    }

    /// In the list view, the relation an undo or redo put back or changed
    /// is selected, so you see what came back.
    fn show_touched(&mut self, after_undo: bool) {
        if self.view != View::List {
            return;
        }
        if let Some((relation, quote)) = self.edits.touched_relation(after_undo)
            && relation < self.graph.data.relations.len()
        {
            let quotes = self.graph.data.relations[relation].evidence.len();
            self.show_relation(relation, quote.filter(|_| quotes > 0).map(|q| q.min(quotes - 1)));
        }
    }

    /// Undo or redo (`step`), saved, the footer saying what it `did`;
    /// whether there was one to do.
    fn step_history(
        &mut self,
        step: fn(&mut crate::edit::History, &mut crate::data::Dataset) -> Option<String>,
        did: &str,
        nothing: &str,
    ) -> bool {
        let kept = self.kept();
        let mut data = self.take_data();
        match step(&mut self.edits, &mut data) {
            Some(what) => {
                self.replace_data_keeping(kept, data);
                self.saved_what(format!("{did}: {what}"));
                true
            }
            None => {
                self.give_back_data(data);
                self.status = Some(nothing.into());
                false
            }
        }
    }

    /// Saves the data as it is now, saying `what` changed.
    fn saved_what(&mut self, what: String) {
        if let Some(saver) = &mut self.saver {
            saver.save(Arc::clone(&self.graph.data));
            self.status = Some(format!("{what} · saving…"));
            self.last_change = Some(what);
        }
    }

    /// Enter in the save-as line: the copy goes to a new file (never one
    /// that exists), and the waiting change is made.
    pub(super) fn save_as(&mut self, prompt: &mut SaveAs) -> bool {
        let path = PathBuf::from(prompt.text.trim());
        if prompt.text.trim().is_empty() {
            prompt.error = Some("type a file name".into());
            return false;
        }
        if path.exists() {
            prompt.error = Some(format!("{} exists: type another name", path.display()));
            return false;
        }
        let mut saver = Saver::start(path, None);
        if let Some(change) = prompt.change.take() {
            self.saver = Some(saver);
            self.make_change(*change);
        } else {
            // Ours, after a conflict: the new file is where we save now.
            saver.save(Arc::clone(&self.graph.data));
            self.status = Some(format!("saving to {}…", saver.path().display()));
            self.saver = Some(saver);
        }
        true
    }

    /// `r` after a conflict: the file as it is on disk now, the selection
    /// kept by id; the undo history starts again.
    pub(super) fn reload(&mut self, path: PathBuf) {
        match read_dataset(&path) {
            Ok(loaded) => {
                self.edits = Default::default();
                self.replace_data(loaded.dataset);
                self.set_texts(loaded.texts);
                self.saver = Some(Saver::start(path.clone(), Stamp::of(&path)));
                self.status = Some(format!("reloaded {}; the undo history starts again", path.display()));
            }
            Err(problems) => {
                let first = problems.first().cloned().unwrap_or_default();
                self.status = Some(format!("cannot reload {}: {first}", path.display()));
            }
        }
    }

    /// Takes in what the saving thread says; a conflict asks what to do.
    pub fn poll_saves(&mut self) {
        let Some(saver) = &mut self.saver else { return };
        for saved in saver.poll() {
            match saved {
                Saved::Written(path, stamp) => {
                    self.known_stamp = stamp;
                    let what = self.last_change.take().map_or(String::new(), |w| format!("{w} · "));
                    if !saver.saving() {
                        self.status = Some(format!("{what}saved {}", path.display()));
                    }
                }
                Saved::Conflict(path) => {
                    if !self.overlays.iter().any(|o| matches!(o, Overlay::Ask(Ask::Conflict { .. }))) {
                        self.overlays.push(Overlay::Ask(Ask::Conflict { path }));
                    }
                }
                Saved::Failed(path, why) => self.status = Some(format!("not saved to {}: {why}", path.display())),
            }
        }
    }

    /// The file changes are saved to, if any.
    pub fn editing_file(&self) -> Option<&std::path::Path> {
        self.saver.as_ref().map(Saver::path)
    }

    /// Where changes are saved, while a save is under way.
    pub fn saving(&self) -> Option<&std::path::Path> {
        self.saver.as_ref().filter(|s| s.saving()).map(Saver::path)
    }

    /// Waits for the saves under way (quitting): what went wrong, if
    /// anything, to say once the terminal is back.
    pub fn finish_saves(&mut self) -> Vec<String> {
        let Some(saver) = self.saver.take() else { return Vec::new() };
        (saver.finish().into_iter())
            .filter_map(|saved| match saved {
                Saved::Written(..) => None,
                Saved::Conflict(path) => Some(format!(
                    "greatgame: {} changed on disk; your last changes were not saved to it",
                    path.display()
                )),
                Saved::Failed(path, why) => Some(format!("greatgame: not saved to {}: {why}", path.display())),
            })
            .collect()
    }
}

/// A dataset file read again, with its source texts (beside it); or its
/// problems, each as `validate` words it.
fn read_dataset(path: &std::path::Path) -> Result<crate::data::Loaded, Vec<String>> {
    let bytes = std::fs::read(path).map_err(|e| vec![format!("cannot read {}: {e}", path.display())])?;
    let base = path.parent().unwrap_or(std::path::Path::new(""));
    crate::data::Dataset::load_bytes_with_texts(&bytes, Some(base))
        .map_err(|problems| problems.iter().map(|p| p.to_string()).collect())
}

/// The line (from 1) of the relation `id` in a dataset file's text.
fn line_of_relation(text: &str, id: &str) -> Option<usize> {
    let relations = text.find("\"relations\"")?;
    let key = format!("\"id\": {}", serde_json::to_string(id).ok()?);
    let at = relations + text[relations..].find(&key)?;
    Some(text[..at].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_relation_is_found_on_its_line() {
        let text =
            "{\n  \"actors\": [{\"id\": \"a\"}],\n  \"relations\": [\n    {\n      \"id\": \"a\"\n    }\n  ]\n}\n";
        assert_eq!(super::line_of_relation(text, "a"), Some(5));
        assert_eq!(super::line_of_relation(text, "b"), None);
    }
}
