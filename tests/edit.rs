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

/// Until the saves under way are done, as the browser's loop does.
fn saved(app: &mut App) {
    for _ in 0..500 {
        app.poll_saves();
        if app.saving().is_none() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the save did not finish");
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
