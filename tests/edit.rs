//! Changing the data in the browser (issue 13, first part): `x` asks, then
//! deletes; `u` and `Ctrl-R` undo and redo; every change is saved to the
//! file at once, and a file another program changed is not written over.

mod common;

use std::path::PathBuf;

use common::*;
use greatgame::app::{App, Overlay};
use greatgame::data::Dataset;
use greatgame::graph::InfluenceGraph;
use greatgame::save::Stamp;
use greatgame::theme::Theme;
use ratatui::crossterm::event::KeyCode::{self, *};

/// A copy of the article fixture in a folder of its own, in canonical form.
fn file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("greatgame-edit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.json");
    std::fs::write(&path, article().to_canonical_json()).unwrap();
    path
}

/// The browser on `path`, saving its changes there.
fn app_on(path: &PathBuf) -> App {
    let data = Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut app = App::new(InfluenceGraph::new(data), Theme::new(true));
    app.edit_file(path.clone(), Stamp::of(path));
    app
}

fn status(app: &App) -> String {
    app.status.clone().unwrap_or_default()
}

fn ctrl(app: &mut App, c: char) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let action = greatgame::keys::action_for(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    act(app, action.expect("a key of the table"));
}

#[test]
fn x_asks_then_deletes_the_relation_and_u_brings_the_file_back_byte_for_byte() {
    let path = file("delete");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = app_on(&path);
    press(&mut app, &[Tab]);
    let (_, id) = relation(&app).expect("a relation is selected");
    press(&mut app, &[Char('x')]);
    let frame = frame(&app);
    let footer = row(frame.backend().buffer(), frame.backend().buffer().area.height - 1);
    assert!(footer.contains(&format!("delete relation {id}")) && footer.contains("y yes"), "{footer}");
    // n keeps it.
    press(&mut app, &[Char('n')]);
    assert_eq!(status(&app), "nothing changed");
    assert!(app.graph.relation_index(&id).is_some());
    // x, y deletes it, and the file follows.
    press(&mut app, &[Char('x'), Char('y')]);
    assert!(app.graph.relation_index(&id).is_none());
    saved(&mut app);
    assert_eq!(status(&app), format!("delete relation {id} · saved {}", path.display()));
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(on_disk.relations.iter().all(|r| r.id != id), "deleted in the file too");
    // u undoes, and says what.
    press(&mut app, &[Char('u')]);
    assert!(status(&app).starts_with(&format!("undid: delete relation {id}")), "{}", status(&app));
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // Ctrl-R redoes; u twice: nothing more to undo.
    ctrl(&mut app, 'r');
    assert!(status(&app).starts_with(&format!("redid: delete relation {id}")));
    press(&mut app, &[Char('u'), Char('u')]);
    assert_eq!(status(&app), "nothing to undo");
    // Nothing to undo leaves the data where it was (taken, then given back).
    assert!(app.graph.relation_index(&id).is_some());
    assert_eq!(app.graph.data.relations.len(), Dataset::from_json(&original).unwrap().relations.len());
    common::frame(&app);
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn the_last_quote_of_a_relation_cannot_be_removed() {
    let path = file("last-quote");
    let mut app = app_on(&path);
    press(&mut app, &[Tab]);
    // A relation with one quote and no figure.
    for _ in 0..20 {
        let link = app.selected_link().unwrap();
        if app.graph.relation(link.edge).evidence.len() == 1 {
            break;
        }
        press(&mut app, &[Down]);
    }
    press(&mut app, &[Tab, Char('x')]);
    assert!(status(&app).contains("delete the relation instead"), "{}", status(&app));
    assert!(!app.overlays.iter().any(|o| matches!(o, Overlay::Ask(_))), "nothing to ask");
}

#[test]
fn the_built_in_data_is_never_changed_the_first_change_asks_for_a_new_file() {
    let dir = file("builtin").parent().unwrap().to_path_buf();
    let mut app = App::new(InfluenceGraph::new(Dataset::builtin()), Theme::new(true));
    press(&mut app, &[Tab, Char('x'), Char('y')]);
    let Some(Overlay::SaveAs(prompt)) = app.overlays.last() else { panic!("asks where to save") };
    assert_eq!(prompt.text, "./central-asia.json");
    let before = app.graph.data.relations.len();
    // A file that exists is refused, and what was typed stays.
    let taken = dir.join("data.json");
    press(&mut app, &vec![Backspace; 40]);
    type_str(&mut app, &taken.display().to_string());
    press(&mut app, &[Enter]);
    let Some(Overlay::SaveAs(prompt)) = app.overlays.last() else { panic!("still asking") };
    assert!(prompt.error.as_deref().unwrap_or_default().contains("exists"), "{prompt:?}");
    assert_eq!(app.graph.data.relations.len(), before, "not changed yet");
    // A new name: the change is made there.
    let copy = dir.join("copy.json");
    press(&mut app, &vec![Backspace; 200]);
    type_str(&mut app, &copy.display().to_string());
    press(&mut app, &[Enter]);
    assert_eq!(app.graph.data.relations.len(), before - 1);
    saved(&mut app);
    let written = Dataset::from_json(&std::fs::read_to_string(&copy).unwrap()).unwrap();
    assert_eq!(written.relations.len(), before - 1);
}

#[test]
fn a_file_changed_by_another_program_is_not_written_over_r_reloads_it() {
    let path = file("conflict");
    let mut app = app_on(&path);
    press(&mut app, &[Tab]);
    let (_, id) = relation(&app).unwrap();
    // Another program rewrites the file (one relation fewer).
    let mut theirs = article();
    theirs.relations.retain(|r| r.id != id);
    theirs.title = "Theirs".into();
    std::fs::write(&path, theirs.to_canonical_json()).unwrap();
    press(&mut app, &[Down, Char('x'), Char('y')]);
    saved(&mut app);
    assert!(matches!(app.overlays.last(), Some(Overlay::Ask(_))), "asks what to do");
    assert_eq!(Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap().title, "Theirs");
    // r: their file, the undo history starting again.
    press(&mut app, &[Char('r')]);
    assert!(status(&app).contains("the undo history starts again"), "{}", status(&app));
    assert_eq!(app.graph.data.title, "Theirs");
    press(&mut app, &[Char('u')]);
    assert_eq!(status(&app), "nothing to undo");
}

fn form(app: &App) -> &greatgame::app::Form {
    app.overlays
        .iter()
        .rev()
        .find_map(|o| if let Overlay::Form(f) = o { Some(&**f) } else { None })
        .expect("a form is open")
}

fn field<'a>(app: &'a App, key: &str) -> &'a greatgame::app::Field {
    form(app).fields.iter().find(|f| f.key == key).expect("a field of the form")
}

/// Empties the focused field, then types `text` into it.
fn retype(app: &mut App, text: &str) {
    press(app, &vec![Backspace; 80]);
    type_str(app, text);
}

#[test]
fn e_edits_the_relation_in_a_form_with_pickers_and_u_undoes_it() {
    let path = file("edit-form");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = app_on(&path);
    press(&mut app, &[Tab]);
    let (_, id) = relation(&app).unwrap();
    press(&mut app, &[Char('e')]);
    assert_eq!(form(&app).title, format!("Edit relation {id}"));
    // from: "china" picks CHN (by name, any case); Tab takes it.
    press(&mut app, &[Tab]);
    retype(&mut app, "china");
    assert_eq!(field(&app, "from").matches().first().map(|(id, _)| id.as_str()), Some("CHN"));
    press(&mut app, &[Tab]);
    assert_eq!(field(&app, "from").value, "CHN");
    press(&mut app, &[Enter]);
    assert!(!app.overlays.iter().any(|o| matches!(o, Overlay::Form(_))), "saved and closed: {:?}", status(&app));
    let at = app.graph.relation_index(&id).unwrap();
    assert_eq!(app.graph.data.relations[at].from, "CHN");
    saved(&mut app);
    assert!(std::fs::read_to_string(&path).unwrap().contains("\"from\": \"CHN\""));
    press(&mut app, &[Char('u')]);
    assert!(status(&app).starts_with(&format!("undid: edit relation {id}")), "{}", status(&app));
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn a_refused_form_says_why_next_to_the_field_and_keeps_what_was_typed() {
    let path = file("refused-form");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = app_on(&path);
    press(&mut app, &[Tab, Char('e'), Tab]);
    let from = field(&app, "from").value.clone();
    // to = from.
    press(&mut app, &[Tab]);
    retype(&mut app, &from);
    press(&mut app, &[Enter]);
    let to = field(&app, "to");
    assert!(to.error.as_deref().unwrap_or_default().contains("the same as \"from\""), "{to:?}");
    assert_eq!(to.value, from, "what was typed stays");
    assert_eq!(form(&app).fields[form(&app).focus].key, "to", "the cursor goes to the field");
    // Letters are text: q types a q, it does not quit.
    type_str(&mut app, "q");
    assert!(app.running);
    assert_eq!(field(&app, "to").value, format!("{from}q"));
    // Esc with something typed asks; a second Esc discards it.
    press(&mut app, &[Esc]);
    assert!(form(&app).discarding);
    press(&mut app, &[Esc]);
    assert!(app.overlays.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "nothing changed");
}

#[test]
fn a_in_the_actors_pane_adds_an_actor_with_an_id_suggested_from_its_name() {
    let path = file("add-actor");
    let mut app = app_on(&path);
    press(&mut app, &[Char('a')]);
    assert_eq!(form(&app).title, "Add an actor");
    type_str(&mut app, "Outer Mongolia");
    assert_eq!(field(&app, "id").value, "outer-mongolia");
    // A taken id is refused next to it.
    press(&mut app, &[Tab]);
    retype(&mut app, "KAZ");
    press(&mut app, &[Enter]);
    assert!(field(&app, "id").error.as_deref().unwrap_or_default().contains("already used"), "{:?}", field(&app, "id"));
    retype(&mut app, "MNG");
    press(&mut app, &[Tab]);
    type_str(&mut app, "Ulaanbaatar");
    press(&mut app, &[Tab]);
    type_str(&mut app, "47.9");
    press(&mut app, &[Tab]);
    type_str(&mut app, "106.9");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "added: {}", status(&app));
    saved(&mut app);
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let added = on_disk.actors.iter().find(|a| a.id == "MNG").expect("in the file");
    assert_eq!(
        (added.name.as_str(), added.capital.as_deref(), added.lat, added.lon),
        ("Outer Mongolia", Some("Ulaanbaatar"), Some(47.9), Some(106.9))
    );
}

#[test]
fn our_own_saves_are_not_read_again_as_a_change_on_disk() {
    let path = file("own-save");
    let mut app = app_on(&path);
    assert!(!app.file_changed_on_disk(), "nothing happened yet");
    press(&mut app, &[Tab, Char('x'), Char('y')]);
    saved(&mut app);
    assert!(!app.file_changed_on_disk(), "the file is as we saved it");
    press(&mut app, &[Char('u')]);
    assert!(status(&app).starts_with("undid:"), "the undo history is still there: {}", status(&app));
    saved(&mut app);
    // Another program's write is.
    std::fs::write(&path, format!("{}\n", std::fs::read_to_string(&path).unwrap())).unwrap();
    assert!(app.file_changed_on_disk());
    assert!(status(&app).contains("changed on disk: read again"), "{}", status(&app));
}

#[test]
fn a_in_the_sources_view_adds_a_source_whose_pasted_text_goes_beside_the_dataset() {
    use greatgame::app::{Action, View};
    let path = file("add-source");
    let mut app = app_on(&path);
    act(&mut app, Action::ShowView(View::Sources));
    press(&mut app, &[Char('a')]);
    assert_eq!(form(&app).title, "Add a source");
    type_str(&mut app, "Example Wire");
    press(&mut app, &[Tab]);
    type_str(&mut app, "2025-10-09");
    assert_eq!(field(&app, "id").value, "example-wire-2025-10-09", "suggested from publisher and date");
    // To the text field, and an article pasted in one go, line breaks kept.
    while form(&app).fields[form(&app).focus].key != "text" {
        press(&mut app, &[Tab]);
    }
    let text: String =
        article().relations.iter().flat_map(|r| &r.evidence).map(|e| format!("{}\n\n", e.quote)).collect();
    // As a terminal pastes it: line breaks as carriage returns.
    act(&mut app, Action::Paste(text.replace('\n', "\r")));
    assert!(field(&app, "text").value.starts_with("(pasted: "), "{:?}", field(&app, "text"));
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "added: {}", status(&app));
    saved(&mut app);
    let dir = path.parent().unwrap();
    let written = std::fs::read_to_string(dir.join("sources/example-wire-2025-10-09.txt")).unwrap();
    assert_eq!(written, text, "the pasted text, as pasted");
    // The file, its text beside it, passes validate (sha256 included).
    let loaded = Dataset::load_with_texts(&std::fs::read_to_string(&path).unwrap(), Some(dir)).unwrap();
    let source = loaded.dataset.sources.iter().find(|s| s.id == "example-wire-2025-10-09").unwrap();
    assert_eq!(source.text_file.as_deref(), Some("sources/example-wire-2025-10-09.txt"));
    assert_eq!(source.sha256.as_deref(), Some(greatgame::data::texts::sha256_hex(text.as_bytes()).as_str()));
    assert!(loaded.texts.get("example-wire-2025-10-09").is_some());
    // The browser has the text too.
    assert!(app.texts.get("example-wire-2025-10-09").is_some());
}

#[test]
fn x_deletes_an_actor_or_a_source_only_when_nothing_refers_to_it() {
    use greatgame::app::{Action, View};
    let path = file("delete-actor");
    let mut app = app_on(&path);
    // The first actor has relations: refused, naming them.
    let first = actor_id(&app);
    press(&mut app, &[Char('x')]);
    assert!(status(&app).starts_with(&format!("not changed: {first} is still used by relation ")), "{}", status(&app));
    // A new actor, used by nothing: deleted after the question.
    press(&mut app, &[Char('a')]);
    type_str(&mut app, "Nowhere Land");
    press(&mut app, &[Enter]);
    let node = app.graph.find("nowhere-land").expect("added");
    app.select_actor(node);
    assert_eq!(actor_id(&app), "nowhere-land");
    press(&mut app, &[Char('x')]);
    assert!(matches!(app.overlays.last(), Some(Overlay::Ask(_))));
    press(&mut app, &[Char('y')]);
    assert!(app.graph.find("nowhere-land").is_none());
    // A source quoted by relations is refused too.
    act(&mut app, Action::ShowView(View::Sources));
    press(&mut app, &[Char('x')]);
    assert!(status(&app).contains("is still used by relation"), "{}", status(&app));
    saved(&mut app);
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(on_disk.actors.len(), article().actors.len());
}

#[test]
fn e_in_the_actors_pane_edits_the_actor_but_not_an_id_in_use() {
    let path = file("edit-actor");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = app_on(&path);
    let id = actor_id(&app);
    press(&mut app, &[Char('e')]);
    assert_eq!(form(&app).title, format!("Edit actor {id}"));
    // The id is used by relations: it cannot change under them.
    press(&mut app, &[Tab]);
    retype(&mut app, "ELSEWHERE");
    press(&mut app, &[Enter]);
    assert!(field(&app, "id").error.as_deref().unwrap_or_default().contains("is still used by"), "{:?}", form(&app));
    retype(&mut app, &id);
    // The capital can.
    press(&mut app, &[Tab]);
    retype(&mut app, "Somewhere");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{}", status(&app));
    saved(&mut app);
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(on_disk.actors.iter().find(|a| a.id == id).unwrap().capital.as_deref(), Some("Somewhere"));
    press(&mut app, &[Char('u')]);
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

/// Tabs to the field `key` of the open form.
fn to_field(app: &mut App, key: &str) {
    for _ in 0..form(app).fields.len() {
        if form(app).fields[form(app).focus].key == key {
            return;
        }
        press(app, &[Tab]);
    }
    panic!("no field {key}");
}

#[test]
fn a_typo_in_the_middle_of_a_name_is_fixed_where_it_is_and_the_id_follows() {
    let path = file("cursor");
    let mut app = app_on(&path);
    press(&mut app, &[Char('a')]);
    // "Outer Mongolia" typed without its O, and "on" typed "no".
    type_str(&mut app, "uter Mnogolia");
    // ← five times: the cursor before "golia"; Backspace takes the o,
    // ← once more, and the o goes in after the M.
    press(&mut app, &[Left, Left, Left, Left, Left, Backspace, Left]);
    type_str(&mut app, "o");
    assert_eq!(field(&app, "name").value, "uter Mongolia");
    assert_eq!(field(&app, "id").value, "uter-mongolia", "the id follows a change in the middle");
    // Home: typing goes at the start.
    press(&mut app, &[Home]);
    type_str(&mut app, "O");
    assert_eq!(field(&app, "name").value, "Outer Mongolia");
    assert_eq!(field(&app, "id").value, "outer-mongolia");
    // The screen shows the cursor where it is.
    let shown = frame(&app);
    try_find_text(shown.backend().buffer(), "O▏uter Mongolia").expect("the cursor after the O");
    // End: Backspace takes the last letter.
    press(&mut app, &[End, Backspace]);
    assert_eq!(field(&app, "name").value, "Outer Mongoli");
    let shown = frame(&app);
    try_find_text(shown.backend().buffer(), "Mongoli▏").expect("the end of the name, and the cursor");
    type_str(&mut app, "a");
    // A paste goes in at the cursor too.
    to_field(&mut app, "capital");
    type_str(&mut app, "Ulaanbtar");
    press(&mut app, &[Left, Left, Left]);
    act(&mut app, greatgame::app::Action::Paste("aa".into()));
    assert_eq!(field(&app, "capital").value, "Ulaanbaatar");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "added: {}", status(&app));
    saved(&mut app);
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let added = on_disk.actors.iter().find(|a| a.id == "outer-mongolia").expect("in the file");
    assert_eq!((added.name.as_str(), added.capital.as_deref()), ("Outer Mongolia", Some("Ulaanbaatar")));
}

#[test]
fn e_in_the_sources_view_edits_the_source_but_not_an_id_in_use() {
    use greatgame::app::{Action, View};
    let path = file("edit-source");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut app = app_on(&path);
    act(&mut app, Action::ShowView(View::Sources));
    let before = app.graph.data.sources[app.selected_source().expect("a source is selected")].clone();
    press(&mut app, &[Char('e')]);
    assert_eq!(form(&app).title, format!("Edit source {}", before.id));
    assert_eq!(field(&app, "publisher").value, before.publisher);
    assert_eq!(field(&app, "date").value, before.date);
    // The id is quoted by relations: it cannot change under them.
    to_field(&mut app, "id");
    retype(&mut app, "elsewhere");
    press(&mut app, &[Enter]);
    assert!(field(&app, "id").error.as_deref().unwrap_or_default().contains("is still used by"), "{:?}", form(&app));
    retype(&mut app, &before.id);
    // The publisher and the title can change.
    to_field(&mut app, "publisher");
    retype(&mut app, "Agence France-Presse");
    to_field(&mut app, "title");
    let title = "A title typed in a test, long enough not to fit in its field on the screen";
    type_str(&mut app, title);
    // Too wide: the end shows, with the cursor; Home, the start.
    let screen = |app: &App| frame(app).backend().to_string();
    let at_end = screen(&app);
    assert!(at_end.contains("on the screen▏") && !at_end.contains("A title typed"), "{at_end}");
    press(&mut app, &[Home]);
    let at_start = screen(&app);
    assert!(at_start.contains("▏A title typed") && !at_start.contains("the screen"), "{at_start}");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{}", status(&app));
    saved(&mut app);
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let after = on_disk.sources.iter().find(|s| s.id == before.id).expect("the source, its id kept");
    assert_eq!(after.publisher, "Agence France-Presse");
    assert_eq!(after.title.as_deref(), Some(title));
    assert_eq!((&after.date, &after.url, &after.r#type), (&before.date, &before.url, &before.r#type));
    press(&mut app, &[Char('u')]);
    assert!(status(&app).starts_with(&format!("undid: edit source {}", before.id)), "{}", status(&app));
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn an_edited_source_keeps_its_unknown_fields_and_its_digest_until_its_text_changes() {
    use greatgame::app::{Action, View};
    use greatgame::data::texts::sha256_hex;
    let path = file("edit-source-text");
    let dir = path.parent().unwrap().to_path_buf();
    // The source's text beside the dataset, its digest, and a field the
    // format does not know.
    let taken: String =
        article().relations.iter().flat_map(|r| &r.evidence).map(|e| format!("{}\n\n", e.quote)).collect();
    std::fs::write(dir.join("afp.txt"), &taken).unwrap();
    let fixture = std::fs::read_to_string(ARTICLE).unwrap();
    let typed = r#""type": "news"}"#;
    assert!(fixture.contains(typed));
    let with_text = format!(
        r#""type": "news", "text_file": "afp.txt", "sha256": "{}", "note": "kept"}}"#,
        sha256_hex(taken.as_bytes())
    );
    let data = Dataset::from_json(&fixture.replace(typed, &with_text)).unwrap();
    std::fs::write(&path, data.to_canonical_json()).unwrap();
    // The text changes after its quotes were taken: an edit of the source
    // must not take the new text's digest for the old one.
    std::fs::write(dir.join("afp.txt"), format!("{taken}A line added later.\n")).unwrap();
    let mut app = app_on(&path);
    act(&mut app, Action::ShowView(View::Sources));
    let on_disk = |path: &PathBuf| {
        let data = Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        data.sources.into_iter().find(|s| s.id == "afp-2025-10-08").expect("the source")
    };
    press(&mut app, &[Char('e')]);
    assert_eq!(field(&app, "text").value, "afp.txt");
    to_field(&mut app, "url");
    type_str(&mut app, "https://example.org/afp");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{}", status(&app));
    saved(&mut app);
    let source = on_disk(&path);
    assert_eq!(source.url.as_deref(), Some("https://example.org/afp"));
    assert_eq!(source.sha256.as_deref(), Some(sha256_hex(taken.as_bytes()).as_str()), "the digest kept");
    assert!(std::fs::read_to_string(&path).unwrap().contains(r#""note": "kept""#), "the unknown field kept");
    // Another file: its digest.
    let other = "Another text.\n";
    std::fs::write(dir.join("other.txt"), other).unwrap();
    press(&mut app, &[Char('e')]);
    to_field(&mut app, "text");
    retype(&mut app, "other.txt");
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{}", status(&app));
    saved(&mut app);
    let source = on_disk(&path);
    assert_eq!(source.text_file.as_deref(), Some("other.txt"));
    assert_eq!(source.sha256.as_deref(), Some(sha256_hex(other.as_bytes()).as_str()));
    // A pasted text goes beside the dataset as sources/ID.txt, never over a file.
    press(&mut app, &[Char('e')]);
    to_field(&mut app, "text");
    act(&mut app, Action::Paste(taken.clone()));
    press(&mut app, &[Enter]);
    assert!(app.overlays.is_empty(), "{}", status(&app));
    saved(&mut app);
    assert_eq!(std::fs::read_to_string(dir.join("sources/afp-2025-10-08.txt")).unwrap(), taken);
    let source = on_disk(&path);
    assert_eq!(source.text_file.as_deref(), Some("sources/afp-2025-10-08.txt"));
    assert_eq!(source.sha256.as_deref(), Some(sha256_hex(taken.as_bytes()).as_str()));
    press(&mut app, &[Char('e')]);
    to_field(&mut app, "text");
    act(&mut app, Action::Paste(other.into()));
    press(&mut app, &[Enter]);
    assert!(field(&app, "text").error.as_deref().unwrap_or_default().contains("exists"), "{:?}", form(&app));
}

#[test]
fn undo_selects_the_relation_it_puts_back_and_the_quote_it_restores() {
    let path = file("undo-select");
    let mut app = app_on(&path);
    // A relation further down the list, deleted.
    press(&mut app, &[Tab, Down]);
    let (_, id) = relation(&app).unwrap();
    press(&mut app, &[Char('x'), Char('y')]);
    assert!(app.graph.relation_index(&id).is_none());
    // Elsewhere meanwhile: another actor.
    press(&mut app, &[BackTab, Down, Down]);
    assert_ne!(relation(&app).map(|(_, r)| r), Some(id.clone()));
    press(&mut app, &[Char('u')]);
    assert_eq!(relation(&app).map(|(_, r)| r), Some(id.clone()), "the relation put back is selected");
    // A quote removed and put back: the Evidence pane on it. (The one
    // relation of the fixture with two quotes.)
    let two = "ru-trade-central-asia";
    press(&mut app, &[BackTab, Home, Tab, Home]);
    for _ in 0..20 {
        if relation(&app).map(|(_, r)| r).as_deref() == Some(two) {
            break;
        }
        press(&mut app, &[Down]);
    }
    assert_eq!(relation(&app).map(|(_, r)| r).as_deref(), Some(two), "Russia's relations hold it");
    press(&mut app, &[Tab, Down, Char('x'), Char('y')]);
    assert_eq!(app.graph.data.relations[app.graph.relation_index(two).unwrap()].evidence.len(), 1);
    press(&mut app, &[BackTab, BackTab, Down]);
    press(&mut app, &[Char('u')]);
    assert_eq!(relation(&app).map(|(_, r)| r).as_deref(), Some(two));
    assert_eq!((app.list.focus, app.list.quote), (greatgame::app::Pane::Sources, 1), "on the quote put back");
    saved(&mut app);
}

#[test]
fn a_form_whose_record_moved_when_the_file_was_read_again_refuses_to_save() {
    let path = file("moved");
    let mut app = app_on(&path);
    press(&mut app, &[Tab, Char('e')]);
    let id = match &form(&app).purpose {
        greatgame::app::Purpose::EditRelation(_, r) => r.id.clone(),
        other => panic!("{other:?}"),
    };
    // Another program writes the file, the relations in the other order.
    let mut theirs = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    theirs.relations.reverse();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, theirs.to_canonical_json()).unwrap();
    assert!(app.file_changed_on_disk(), "read again");
    press(&mut app, &[Enter]);
    assert!(form(&app).error.as_deref().is_some_and(|e| e.contains("read again meanwhile")), "{:?}", form(&app).error);
    // Nothing was written over theirs.
    saved(&mut app);
    let on_disk = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(on_disk.relations, theirs.relations);
    assert!(on_disk.relations.iter().any(|r| r.id == id));
}

#[test]
fn a_file_read_again_after_another_programs_write_keeps_the_selection_by_id() {
    let path = file("keep-selection");
    let mut app = app_on(&path);
    press(&mut app, &[Down, Tab, Down]);
    let selected = relation(&app).unwrap();
    // Their write: relations in the other order, one summary changed.
    let mut theirs = Dataset::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    theirs.relations.reverse();
    theirs.relations[0].summary = "THEIRS".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, theirs.to_canonical_json()).unwrap();
    assert!(app.file_changed_on_disk());
    assert!(status(&app).contains("read again"), "{}", status(&app));
    assert_eq!(relation(&app).unwrap(), selected, "the same actor and relation, wherever they are now");
    assert!(app.graph.data.relations.iter().any(|r| r.summary == "THEIRS"));
}
