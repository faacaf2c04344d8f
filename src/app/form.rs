//! Forms that change a record: `e` edits the selected relation, actor or
//! source, `a` adds an actor or a source. Letters are text in a form (`q`
//! types a q), typed where the field's cursor is; a field that names a
//! kind or an actor is a picker, matched as you type.
//! Enter checks the change as `validate` would: what is wrong shows next
//! to its field and what was typed stays.

use super::App;
use crate::data::{Actor, Relation, Source, SourceType};
use crate::edit::{Change, Record};

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The record's field it fills (the validator's name for it).
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    /// A picker: the ids it may take, each with what a person reads.
    pub choices: Option<Vec<(String, String)>>,
    /// The choices are only suggestions: what is typed stands (a speaker).
    pub free: bool,
    /// Each choice's id and name in lower case, made at the first match:
    /// a picker of a million relations matches a key in milliseconds.
    lower: std::cell::OnceCell<Vec<(String, String)>>,
    /// Why the last Enter was refused, for this field.
    pub error: Option<String>,
    /// Where typing goes: the number of characters before the cursor.
    /// Counted in characters, not bytes, so that it always falls between
    /// two, even when the value is set some other way (past the end, it is
    /// read as the end).
    pub cursor: usize,
}

impl Field {
    pub(super) fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        let cursor = value.chars().count();
        Field {
            key,
            label,
            value: value.to_string(),
            choices: None,
            free: false,
            lower: Default::default(),
            error: None,
            cursor,
        }
    }

    pub(super) fn picker(key: &'static str, label: &'static str, value: &str, choices: Vec<(String, String)>) -> Field {
        Field { choices: Some(choices), ..Field::text(key, label, value) }
    }

    /// A text field whose choices are suggestions (Tab takes the first).
    pub(super) fn suggesting(key: &'static str, label: &'static str, choices: Vec<(String, String)>) -> Field {
        Field { free: true, ..Field::picker(key, label, "", choices) }
    }

    /// The choices that match what is typed: an exact id first, then ids
    /// and names holding the text, in any case.
    pub fn matches(&self) -> Vec<&(String, String)> {
        let Some(choices) = &self.choices else { return Vec::new() };
        let typed = self.value.trim().to_lowercase();
        if typed.is_empty() {
            // Everything, in the order given.
            return choices.iter().collect();
        }
        let lower = self
            .lower
            .get_or_init(|| choices.iter().map(|(id, name)| (id.to_lowercase(), name.to_lowercase())).collect());
        let mut found: Vec<(bool, bool, usize)> = (lower.iter().enumerate())
            .filter(|(_, (id, name))| id.contains(&typed) || name.contains(&typed))
            .map(|(i, (id, name))| (*id != typed, !(id.starts_with(&typed) || name.starts_with(&typed)), i))
            .collect();
        // The exact id, then what starts with the text; in the order given.
        found.sort_unstable();
        found.into_iter().map(|(_, _, i)| &choices[i]).collect()
    }

    /// The value's byte offset of the cursor.
    fn cursor_byte(&self) -> usize {
        self.value.char_indices().nth(self.cursor).map_or(self.value.len(), |(at, _)| at)
    }

    /// The value before and after the cursor.
    pub fn split_at_cursor(&self) -> (&str, &str) {
        self.value.split_at(self.cursor_byte())
    }

    /// A new value, the cursor at its end.
    fn set(&mut self, value: String) {
        self.cursor = value.chars().count();
        self.value = value;
    }

    fn insert(&mut self, c: char) {
        let at = self.cursor_byte();
        self.value.insert(at, c);
        self.cursor = self.value[..at].chars().count() + 1;
    }

    /// Backspace: the character before the cursor goes.
    fn delete_before(&mut self) {
        let at = self.cursor_byte();
        if let Some(c) = self.value[..at].chars().next_back() {
            self.value.replace_range(at - c.len_utf8()..at, "");
            self.cursor = self.value[..at - c.len_utf8()].chars().count();
        }
    }

    /// ←: the cursor a character back.
    pub fn cursor_left(&mut self) {
        self.cursor = self.cursor.min(self.value.chars().count()).saturating_sub(1);
    }

    /// →: the cursor a character on.
    pub fn cursor_right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.value.chars().count());
    }

    /// Home.
    pub fn cursor_to_start(&mut self) {
        self.cursor = 0;
    }

    /// End.
    pub fn cursor_to_end(&mut self) {
        self.cursor = self.value.chars().count();
    }

    /// The id a picker's text stands for: the best match (or the text
    /// itself when nothing matches, for the check to name).
    fn chosen(&self) -> String {
        match self.matches().first() {
            Some((id, _)) if self.choices.is_some() && !self.free && !self.value.trim().is_empty() => id.clone(),
            _ => self.value.trim().to_string(),
        }
    }
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// The relation at this index, its other fields as they are.
    EditRelation(usize, Box<Relation>),
    /// A new actor; made from inside a picker, its id goes into the field
    /// `into` of the form below (the picker that had no match).
    AddActor { into: Option<&'static str> },
    /// The actor at this index (its unknown fields kept).
    EditActor(usize, Box<Actor>),
    /// A source; its text goes beside the dataset file (`base`).
    AddSource { base: std::path::PathBuf },
    /// The source at this index (its unknown fields kept; its text's
    /// digest too while it names the same file).
    EditSource(usize, Box<Source>),
    /// A new relation quoting what the reader captured.
    Capture(Box<super::Captured>),
    /// What the reader captured, as one more quote of a relation.
    Attach(Box<super::Captured>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub purpose: Purpose,
    /// What the last Enter was refused for, not about one field.
    pub error: Option<String>,
    /// The form as it opened: Esc asks before losing what was typed.
    opened: Vec<String>,
    /// Esc was pressed with changes typed: a second Esc discards them.
    pub discarding: bool,
    /// A source's text pasted into its `text` field, line breaks and all
    /// (the field shows how long it is).
    pub pasted: Option<String>,
    /// The source's text to write beside the dataset once the source is
    /// added: (path, text).
    pub text_to_write: Option<(std::path::PathBuf, String)>,
    /// Lines shown above the fields: the quote a capture takes, and which
    /// relations already quote it.
    pub notes: Vec<String>,
}

impl Form {
    pub(super) fn new(title: String, fields: Vec<Field>, purpose: Purpose) -> Form {
        let opened = fields.iter().map(|f| f.value.clone()).collect();
        Form {
            title,
            fields,
            focus: 0,
            purpose,
            error: None,
            opened,
            discarding: false,
            pasted: None,
            text_to_write: None,
            notes: Vec::new(),
        }
    }

    /// The field with the focus.
    pub(super) fn focused(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    /// The focus to field `i`, its cursor at the end of its value.
    pub(super) fn focus_on(&mut self, i: usize) {
        self.focus = i;
        self.fields[i].cursor_to_end();
    }

    /// Whether anything was typed since the form opened.
    pub fn changed(&self) -> bool {
        self.pasted.is_some() || self.fields.iter().zip(&self.opened).any(|(f, o)| &f.value != o)
    }

    fn value(&self, key: &str) -> String {
        self.fields.iter().find(|f| f.key == key).map_or(String::new(), Field::chosen)
    }

    /// The change the form describes.
    fn change(&self, app: &App) -> Change {
        match &self.purpose {
            Purpose::EditRelation(at, relation) => {
                let mut r = (**relation).clone();
                r.kind = self.value("kind");
                r.from = self.value("from");
                r.to = self.value("to");
                r.summary = self.value("summary");
                Change::Replace(*at, Record::Relation(r))
            }
            Purpose::AddSource { .. } | Purpose::EditSource(..) => {
                let optional = |key: &str| Some(self.value(key)).filter(|v| !v.is_empty());
                let extra = match &self.purpose {
                    Purpose::EditSource(_, old) => old.extra.clone(),
                    _ => Default::default(),
                };
                let source = Source {
                    id: self.value("id"),
                    publisher: self.value("publisher"),
                    date: self.value("date"),
                    title: optional("title"),
                    url: optional("url"),
                    r#type: optional("type"),
                    text_file: self
                        .text_to_write
                        .as_ref()
                        .map(|_| format!("sources/{}.txt", self.value("id")))
                        .or(optional("text")),
                    // Set by `submit`, which reads the text.
                    sha256: None,
                    extra,
                };
                match self.purpose {
                    Purpose::EditSource(at, _) => Change::Replace(at, Record::Source(source)),
                    _ => Change::Insert(app.graph.data.sources.len(), Record::Source(source)),
                }
            }
            Purpose::Capture(captured) => {
                let (kind, from, to) = (self.value("kind"), self.value("from"), self.value("to"));
                // The suggested id, kept clear of the ids already taken.
                let id = if self.id_follows() {
                    super::capture::suggested_relation_id(&app.graph.data, &kind, &from, &to)
                } else {
                    self.value("id")
                };
                let relation = Relation {
                    id,
                    kind,
                    from,
                    to,
                    summary: self.value("summary"),
                    evidence: vec![captured.evidence(self.value("speaker"))],
                    ..Relation::default()
                };
                Change::Insert(app.graph.data.relations.len(), Record::Relation(relation))
            }
            Purpose::Attach(captured) => {
                let id = self.value("relation");
                // An unknown id: a position past the end, which the check names.
                let at = app.graph.relation_index(&id).unwrap_or(app.graph.data.relations.len());
                let quotes = app.graph.data.relations.get(at).map_or(0, |r| r.evidence.len());
                Change::InsertQuote { relation: at, at: quotes, evidence: captured.evidence(self.value("speaker")) }
            }
            Purpose::AddActor { .. } | Purpose::EditActor(..) => {
                let number = |key: &str| self.value(key).parse::<f64>().ok();
                let capital = Some(self.value("capital")).filter(|c| !c.is_empty());
                let extra = match &self.purpose {
                    Purpose::EditActor(_, old) => old.extra.clone(),
                    _ => Default::default(),
                };
                let actor = Actor {
                    id: self.value("id"),
                    name: self.value("name"),
                    capital,
                    lat: number("lat"),
                    lon: number("lon"),
                    extra,
                };
                match self.purpose {
                    Purpose::EditActor(at, _) => Change::Replace(at, Record::Actor(actor)),
                    _ => Change::Insert(app.graph.data.actors.len(), Record::Actor(actor)),
                }
            }
        }
    }

    /// Enter: the change if it passes the check; otherwise each problem
    /// goes next to its field and the form stays.
    pub(super) fn submit(&mut self, app: &App) -> Option<Change> {
        for field in &mut self.fields {
            field.error = None;
        }
        self.error = None;
        // A number that is not one is said here, before the check.
        for key in ["lat", "lon"] {
            if let Some(field) = self.fields.iter_mut().find(|f| f.key == key)
                && !field.value.trim().is_empty()
                && field.value.trim().parse::<f64>().is_err()
            {
                field.error = Some("not a number".into());
                return None;
            }
        }
        // A source's text: pasted (written beside the dataset as
        // sources/ID.txt) or a file's path (relative to the dataset's folder).
        self.text_to_write = None;
        let mut sha256 = None;
        if let Purpose::AddSource { .. } | Purpose::EditSource(..) = &self.purpose {
            let id = self.value("id");
            let typed = self.value("text");
            let base = match &self.purpose {
                Purpose::AddSource { base } => Some(base.clone()),
                _ => app.editing_file().map(|file| file.parent().unwrap_or(std::path::Path::new("")).to_path_buf()),
            };
            // An edited source naming the same file keeps its digest: the
            // one its quotes were taken from.
            let same_file = match &self.purpose {
                Purpose::EditSource(_, old) if self.pasted.is_none() && old.text_file.as_deref() == Some(&*typed) => {
                    Some(old.sha256.clone())
                }
                _ => None,
            };
            if let Some(kept) = same_file {
                sha256 = kept;
            } else if self.pasted.is_some() || !typed.is_empty() {
                let Some(base) = base else {
                    let why =
                        "a source's text goes beside your dataset file: the built-in data has none (save a copy first)";
                    return self.refuse_field("text", why.into());
                };
                if let Some(text) = &self.pasted {
                    let path = base.join("sources").join(format!("{id}.txt"));
                    if path.exists() {
                        return self
                            .refuse_field("text", format!("{} exists: give the source another id", path.display()));
                    }
                    sha256 = Some(crate::data::texts::sha256_hex(text.as_bytes()));
                    self.text_to_write = Some((path, text.clone()));
                } else {
                    match std::fs::read(base.join(&typed)) {
                        Ok(bytes) if std::str::from_utf8(&bytes).is_ok() => {
                            sha256 = Some(crate::data::texts::sha256_hex(&bytes))
                        }
                        Ok(_) => return self.refuse_field("text", "not UTF-8 text".into()),
                        Err(e) => return self.refuse_field("text", format!("cannot read {typed}: {e}")),
                    }
                }
            }
        }
        // The record being edited must still be where the form found it
        // (the file may have been read again meanwhile).
        let data = &app.graph.data;
        let moved = match &self.purpose {
            Purpose::EditRelation(at, old) => data.relations.get(*at).map(|r| &r.id) != Some(&old.id),
            Purpose::EditActor(at, old) => data.actors.get(*at).map(|a| &a.id) != Some(&old.id),
            Purpose::EditSource(at, old) => data.sources.get(*at).map(|s| &s.id) != Some(&old.id),
            _ => false,
        };
        if moved {
            self.error =
                Some("the file was read again meanwhile and this record moved: Esc, then open it again".into());
            return None;
        }
        if let Purpose::Attach(_) = &self.purpose {
            let id = self.value("relation");
            if app.graph.relation_index(&id).is_none() {
                let said = if id.is_empty() { "choose one".to_string() } else { format!("no relation “{id}”") };
                return self.refuse_field("relation", format!("{said}: type part of its id, its ends or its summary"));
            }
        }
        let mut change = self.change(app);
        if let Change::Insert(_, Record::Source(source)) | Change::Replace(_, Record::Source(source)) = &mut change {
            source.sha256 = sha256;
        }
        match change.check(&app.graph.data) {
            Ok(()) => Some(change),
            Err(refused) => {
                for (field, message) in refused.0 {
                    let at = field.as_deref().and_then(|f| self.fields.iter().position(|x| x.key == f));
                    match at {
                        Some(i) if self.fields[i].error.is_none() => self.fields[i].error = Some(message),
                        // A second problem with an empty picker (the same as
                        // another empty one): asking for it is enough.
                        Some(i) if self.fields[i].choices.is_some() && self.fields[i].value.trim().is_empty() => {}
                        _ => {
                            let shown = match field {
                                Some(f) => format!("{f}: {message}"),
                                None => message,
                            };
                            self.error.get_or_insert(shown);
                        }
                    }
                }
                // An empty picker is asked for in plain words (not "unknown
                // kind \"\"", nor the same as another empty one).
                for field in &mut self.fields {
                    if field.choices.is_some() && !field.free && field.value.trim().is_empty() && field.error.is_some()
                    {
                        field.error = Some("choose one: type part of its id or name".into());
                    }
                }
                // The first field with a problem gets the cursor.
                if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
                    self.focus_on(i);
                }
                None
            }
        }
    }

    /// Refuses Enter with `message` under the field `key`.
    fn refuse_field(&mut self, key: &str, message: String) -> Option<Change> {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.fields[i].error = Some(message);
            self.focus_on(i);
        }
        None
    }

    /// Text pasted into the focused field: a source's text keeps its line
    /// breaks (a whole article pastes in one go); elsewhere they go, and
    /// the rest goes in at the cursor.
    pub(super) fn paste(&mut self, text: &str) {
        let source = matches!(self.purpose, Purpose::AddSource { .. } | Purpose::EditSource(..));
        if source && self.fields[self.focus].key == "text" {
            // Terminals send a pasted line break as a carriage return.
            let text = &text.replace("\r\n", "\n").replace('\r', "\n");
            let chars = text.chars().count();
            let lines = text.lines().count();
            self.focused().set(format!("(pasted: {chars} characters, {lines} lines)"));
            self.pasted = Some(text.to_string());
            return;
        }
        // A line break is a space in a one-line field (as in the search line).
        let text = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
        text.chars().filter(|c| !c.is_control()).for_each(|c| self.type_char(c));
    }

    /// A character typed in the focused field, at its cursor. A new
    /// actor's id follows its name until the id is typed in itself.
    pub(super) fn type_char(&mut self, c: char) {
        let follows = self.feeds_id() && self.id_follows();
        // Typing over a pasted text starts a path instead.
        if self.fields[self.focus].key == "text" && self.pasted.take().is_some() {
            self.focused().set(String::new());
        }
        self.focused().insert(c);
        self.focused().error = None;
        if follows {
            self.suggest_id();
        }
    }

    /// Ctrl-U: the focused field emptied (a pasted text too).
    pub(super) fn clear_field(&mut self) {
        let follows = self.feeds_id() && self.id_follows();
        if self.fields[self.focus].key == "text" {
            self.pasted = None;
        }
        self.focused().set(String::new());
        self.focused().error = None;
        if follows {
            self.suggest_id();
        }
    }

    /// The values as they are now count as the form's start: Esc closes
    /// it without asking (a form opened already filled in).
    pub(super) fn mark_opened(&mut self) {
        self.opened = self.fields.iter().map(|f| f.value.clone()).collect();
    }

    /// Backspace: the character before the cursor goes (a pasted text, all of it).
    pub(super) fn delete_char(&mut self) {
        let follows = self.feeds_id() && self.id_follows();
        if self.fields[self.focus].key == "text" && self.pasted.take().is_some() {
            self.focused().set(String::new());
            return;
        }
        self.focused().delete_before();
        self.focused().error = None;
        if follows {
            self.suggest_id();
        }
    }

    /// The fields a suggested id is made from: an actor's name, a
    /// source's publisher and date.
    fn id_source(&self) -> Option<&'static str> {
        match self.purpose {
            Purpose::AddActor { .. } => Some("name"),
            Purpose::AddSource { .. } => Some("publisher date"),
            Purpose::Capture(_) => Some("from kind to"),
            Purpose::EditRelation(..) | Purpose::EditActor(..) | Purpose::EditSource(..) | Purpose::Attach(_) => None,
        }
    }

    /// Whether the focused field is one the suggested id is made from.
    fn feeds_id(&self) -> bool {
        let key = self.fields[self.focus].key;
        self.id_source().is_some_and(|from| from.split(' ').any(|k| k == key))
    }

    /// The id suggested from what is typed (a picker's: the id it stands for).
    fn suggestion(&self) -> String {
        let from: Vec<String> = self.id_source().unwrap_or("").split(' ').map(|key| self.value(key)).collect();
        suggested_id(&from.join(" "))
    }

    /// Whether the id is still the one suggested.
    fn id_follows(&self) -> bool {
        let id = self.fields.iter().find(|f| f.key == "id").map(|f| f.value.as_str()).unwrap_or("");
        id == self.suggestion()
    }

    fn suggest_id(&mut self) {
        let id = self.suggestion();
        if let Some(field) = self.fields.iter_mut().find(|f| f.key == "id") {
            field.set(id);
        }
    }

    /// Tab on a picker with something typed: its text becomes the best
    /// match's id (an empty one stays empty: it may be optional).
    pub fn complete(&mut self) {
        let follows = self.feeds_id() && self.id_follows();
        let field = self.focused();
        // A suggestion (a speaker) completes only what it begins with:
        // typed text found inside another stands as typed.
        let begins = |id: &str| !field.free || id.to_lowercase().starts_with(&field.value.trim().to_lowercase());
        if field.choices.is_some()
            && !field.value.trim().is_empty()
            && let Some((id, _)) = field.matches().first().filter(|(id, _)| begins(id))
        {
            let id = id.clone();
            field.set(id);
        }
        if follows {
            self.suggest_id();
        }
    }

    /// An actor was added from the picker `key` (it had no match): the
    /// picker names it, and the pickers of actors offer it.
    pub(super) fn actor_added(&mut self, key: &str, id: String, ends: Vec<(String, String)>) {
        let follows = self.id_source().is_some() && self.id_follows();
        for field in &mut self.fields {
            if matches!(field.key, "from" | "to") && field.choices.is_some() {
                field.choices = Some(ends.clone());
                field.lower = Default::default();
            }
            if field.key == key {
                field.set(id.clone());
                field.error = None;
            }
        }
        if follows {
            self.suggest_id();
        }
    }

    /// The picker with the focus names no actor or group but has text:
    /// what a new actor would be called (Enter offers to add it).
    pub fn unknown_end(&self) -> Option<(&'static str, String)> {
        let field = &self.fields[self.focus];
        let is_end = matches!(field.key, "from" | "to") && field.choices.is_some();
        let typed = field.value.trim();
        (is_end && !typed.is_empty() && field.matches().is_empty()).then(|| (field.key, typed.to_string()))
    }
}

impl App {
    /// The kinds, and the actors and groups, as pickers offer them.
    pub(super) fn kind_choices(&self) -> Vec<(String, String)> {
        self.graph.data.kinds.iter().map(|k| (k.id.clone(), k.label.clone())).collect()
    }

    pub(super) fn end_choices(&self) -> Vec<(String, String)> {
        let data = &self.graph.data;
        let actors = data.actors.iter().map(|a| (a.id.clone(), a.name.clone()));
        actors.chain(data.groups.iter().map(|g| (g.id.clone(), format!("{} (group)", g.name)))).collect()
    }

    /// `e`: the selected relation in a form (kind, from, to, summary; its
    /// quotes are the sources' and are not typed).
    pub(super) fn edit_relation_form(&self) -> Option<Form> {
        let link = self.selected_link()?;
        let at = self.graph.edge(link.edge).relation;
        let r = &self.graph.data.relations[at];
        let fields = vec![
            Field::picker("kind", "kind", &r.kind, self.kind_choices()),
            Field::picker("from", "from", &r.from, self.end_choices()),
            Field::picker("to", "to", &r.to, self.end_choices()),
            Field::text("summary", "summary (yours)", &r.summary),
        ];
        Some(Form::new(format!("Edit relation {}", r.id), fields, Purpose::EditRelation(at, Box::new(r.clone()))))
    }

    /// A source's fields, filled with `s`'s values.
    fn source_fields(s: &Source) -> Vec<Field> {
        let types = SourceType::ALL.iter().map(|t| (t.label().to_string(), t.label().to_string())).collect();
        let optional = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            Field::text("publisher", "publisher", &s.publisher),
            Field::text("date", "date (2025-10-08, 2025-10, 2025)", &s.date),
            Field::text("title", "title (optional)", &optional(&s.title)),
            Field::text("url", "url (optional)", &optional(&s.url)),
            Field::picker("type", "type (optional)", &optional(&s.r#type), types),
            Field::text("id", "id", &s.id),
            Field::text("text", "text: paste it, or a file's path", &optional(&s.text_file)),
        ]
    }

    /// `a` in the Sources view: a new source, its text pasted or a path.
    pub(super) fn add_source_form(&self, base: std::path::PathBuf) -> Form {
        let fields = App::source_fields(&Source::default());
        Form::new("Add a source".into(), fields, Purpose::AddSource { base })
    }

    /// `e` in the Sources view: the selected source in the same form (an
    /// id that relations quote cannot change: the check says which).
    pub(super) fn edit_source_form(&self) -> Option<Form> {
        let at = self.selected_source()?;
        let s = &self.graph.data.sources[at];
        let fields = App::source_fields(s);
        Some(Form::new(format!("Edit source {}", s.id), fields, Purpose::EditSource(at, Box::new(s.clone()))))
    }

    /// `e` in the Actors pane: the selected actor in a form (an id that
    /// relations or groups use cannot change: the check says which).
    pub(super) fn edit_actor_form(&self) -> Option<Form> {
        let at = self.graph.graph[self.selected_actor()?];
        let a = &self.graph.data.actors[at];
        let number = |n: Option<f64>| n.map_or(String::new(), |n| n.to_string());
        let fields = vec![
            Field::text("name", "name", &a.name),
            Field::text("id", "id", &a.id),
            Field::text("capital", "capital (optional)", a.capital.as_deref().unwrap_or("")),
            Field::text("lat", "latitude (optional)", &number(a.lat)),
            Field::text("lon", "longitude (optional)", &number(a.lon)),
        ];
        Some(Form::new(format!("Edit actor {}", a.id), fields, Purpose::EditActor(at, Box::new(a.clone()))))
    }

    /// A new actor named as typed in the picker `into` of the form below,
    /// its id suggested from the name.
    pub(super) fn add_actor_form_named(&self, into: &'static str, name: &str) -> Form {
        let mut form = self.add_actor_form();
        form.title = format!("Add an actor for “{into}”");
        form.purpose = Purpose::AddActor { into: Some(into) };
        form.fields[0].set(name.to_string());
        form.suggest_id();
        form.focus_on(0);
        form.mark_opened();
        form
    }

    /// `a` in the Actors pane: a new actor.
    pub(super) fn add_actor_form(&self) -> Form {
        let fields = vec![
            Field::text("name", "name", ""),
            Field::text("id", "id", ""),
            Field::text("capital", "capital (optional)", ""),
            Field::text("lat", "latitude (optional)", ""),
            Field::text("lon", "longitude (optional)", ""),
        ];
        Form::new("Add an actor".into(), fields, Purpose::AddActor { into: None })
    }
}

/// An id suggested from a name: its letters and digits, words joined by
/// hyphens, in lower case ("Central Asia" -> "central-asia").
pub fn suggested_id(name: &str) -> String {
    let words: Vec<String> =
        name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_suggested_from_a_name() {
        assert_eq!(suggested_id("Central Asia"), "central-asia");
        assert_eq!(suggested_id("  Côte d'Ivoire "), "côte-d-ivoire");
        assert_eq!(suggested_id(""), "");
    }

    #[test]
    fn a_picker_puts_the_exact_id_first_then_what_starts_with_the_text() {
        let choices = vec![
            ("KAZ".to_string(), "Kazakhstan".to_string()),
            ("RUS".to_string(), "Russia".to_string()),
            ("rus-ally".to_string(), "Belarus".to_string()),
        ];
        let mut field = Field::picker("from", "from", "rus", choices);
        let ids: Vec<&str> = field.matches().iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["RUS", "rus-ally"]);
        field.value = "kaz".into();
        assert_eq!(field.chosen(), "KAZ");
        field.value = "belar".into();
        assert_eq!(field.chosen(), "rus-ally");
        field.value = "nobody".into();
        assert_eq!(field.chosen(), "nobody", "nothing matches: the text, for the check to name");
    }

    #[test]
    fn the_cursor_moves_by_characters_not_bytes() {
        let mut field = Field::text("name", "name", "Türkye");
        assert_eq!(field.split_at_cursor(), ("Türkye", ""), "it starts at the end");
        field.cursor_left();
        field.cursor_left();
        field.insert('i');
        assert_eq!(field.value, "Türkiye");
        field.cursor_to_start();
        field.cursor_left();
        assert_eq!(field.split_at_cursor(), ("", "Türkiye"), "not before the start");
        field.cursor_right();
        field.cursor_right();
        field.delete_before();
        assert_eq!(field.split_at_cursor(), ("T", "rkiye"), "the ü, two bytes, goes whole");
        field.insert('ü');
        field.cursor_to_end();
        field.cursor_right();
        assert_eq!(field.split_at_cursor(), ("Türkiye", ""), "not past the end");
        // A value set from outside, shorter than where the cursor was.
        field.value = "Tü".into();
        field.insert('r');
        assert_eq!(field.value, "Tür");
    }
}
