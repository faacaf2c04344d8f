//! The one key table. Key events become `Action`s here and nowhere else, and
//! the footer hints and the `?` help overlay are generated from the same rows,
//! so what the screen says and what the keys do cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::{Action, View};

/// What a row of the table matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Key(KeyCode),
    Ctrl(char),
    /// 1..9: toggles the n-th kind.
    KindDigit,
    /// F1..F3: shows the n-th view.
    ViewKey,
}

pub struct Binding {
    pub triggers: &'static [Trigger],
    /// How the keys are written in the help overlay.
    pub keys: &'static str,
    pub action: Action,
    pub description: &'static str,
    /// Short hint for the footer; `None` keeps the row to the help overlay.
    pub hint: Option<(&'static str, &'static str)>,
    /// The views whose footer shows the hint; empty: every view.
    pub hint_views: &'static [View],
}

impl Binding {
    /// The footer hint of this row in `view`, if it has one there.
    pub fn hint_in(&self, view: View) -> Option<(&'static str, &'static str)> {
        self.hint.filter(|_| self.hint_views.is_empty() || self.hint_views.contains(&view))
    }
}

/// The views with kinds to filter and a direction (the sources view reads
/// texts).
const GRAPH_VIEWS: &[View] = &[View::List, View::Map, View::Matrix];

use KeyCode::*;
use Trigger::{Ctrl, Key};

pub const BINDINGS: &[Binding] = &[
    Binding {
        triggers: &[Key(Up), Key(Char('k'))],
        keys: "↑ k",
        action: Action::Up,
        description: "move up (map: north)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Down), Key(Char('j'))],
        keys: "↓ j",
        action: Action::Down,
        description: "move down (map: south)",
        hint: Some(("↑↓", "move")),
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(PageUp)],
        keys: "PgUp",
        action: Action::PageUp,
        description: "move a page up",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(PageDown)],
        keys: "PgDn",
        action: Action::PageDown,
        description: "move a page down",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Home), Key(Char('g'))],
        keys: "Home g",
        action: Action::First,
        description: "go to the first row",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(End), Key(Char('G'))],
        keys: "End G",
        action: Action::Last,
        description: "go to the last row",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Left), Key(Char('h'))],
        keys: "← h",
        action: Action::Left,
        description: "list: previous pane · map: west · matrix: previous column",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Right), Key(Char('l'))],
        keys: "→ l",
        action: Action::Right,
        description: "list: next pane · map: east · matrix: next column",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(BackTab)],
        keys: "S-Tab",
        action: Action::FocusPrev,
        description: "focus the previous pane",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Tab)],
        keys: "Tab",
        action: Action::FocusNext,
        description: "focus the next pane",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Enter)],
        keys: "Enter",
        action: Action::Follow,
        description: "list: follow a relation · map: the actor's evidence · matrix: the pair's evidence",
        hint: Some(("⏎", "follow")),
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Backspace)],
        keys: "Backspace",
        action: Action::Back,
        description: "go back to where you followed from (actor, relation and view)",
        hint: Some(("⌫", "back")),
        hint_views: &[],
    },
    Binding {
        triggers: &[Trigger::KindDigit],
        keys: "1-9",
        action: Action::ToggleKind(0),
        description: "show or hide the n-th kind",
        hint: Some(("1-9", "kind")),
        hint_views: GRAPH_VIEWS,
    },
    Binding {
        triggers: &[Key(Char('0'))],
        keys: "0",
        action: Action::AllKinds,
        description: "show all kinds",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('d'))],
        keys: "d",
        action: Action::CycleDirection,
        description: "direction: all → outgoing → incoming",
        hint: Some(("d", "dir")),
        hint_views: GRAPH_VIEWS,
    },
    Binding {
        triggers: &[Key(Char('y'))],
        keys: "y",
        action: Action::Copy,
        description: "copy the selected quote with its citation (OSC 52: works over SSH and in tmux)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('/'))],
        keys: "/",
        action: Action::OpenSearch,
        description: "search everything shown: type words or \"a phrase\", ↑↓ choose, Enter jump, Esc cancel",
        hint: Some(("/", "search")),
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('n'))],
        keys: "n",
        action: Action::NextHit,
        description: "next hit of the last search",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('N'))],
        keys: "N",
        action: Action::PrevHit,
        description: "previous hit of the last search",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('v'))],
        keys: "v",
        action: Action::NextView,
        description: "next view: list → map → matrix → sources",
        hint: Some(("v", "view")),
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('o'))],
        keys: "o",
        action: Action::OpenSource,
        description: "open the selected quote in its source's text (the sources view)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char(']'))],
        keys: "]",
        action: Action::NextSpan,
        description: "sources: the next quoted span",
        hint: Some(("][", "span")),
        hint_views: &[View::Sources],
    },
    Binding {
        triggers: &[Key(Char('['))],
        keys: "[",
        action: Action::PrevSpan,
        description: "sources: the previous quoted span",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('w'))],
        keys: "w",
        action: Action::NextWord,
        description: "sources text: cursor to the next word (arrows, hjkl: by line and character)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('b'))],
        keys: "b",
        action: Action::PrevWord,
        description: "sources text: the cursor back a word",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char(')'))],
        keys: ")",
        action: Action::NextSentence,
        description: "sources text: the cursor to the next sentence",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('('))],
        keys: "(",
        action: Action::PrevSentence,
        description: "sources text: the cursor back a sentence",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('S'))],
        keys: "S",
        action: Action::SelectSentence,
        description: "sources text: select the sentence under the cursor (moves extend it)",
        hint: Some(("S V", "select")),
        hint_views: &[View::Sources],
    },
    Binding {
        triggers: &[Key(Char('V'))],
        keys: "V",
        action: Action::SelectFree,
        description: "sources text: start a selection at the cursor that moves extend; V again or Esc ends it",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('c'))],
        keys: "c",
        action: Action::Capture,
        description: "sources text: a new relation quoting the selection (or the sentence under the cursor)",
        hint: Some(("c A", "capture")),
        hint_views: &[View::Sources],
    },
    Binding {
        triggers: &[Key(Char('A'))],
        keys: "A",
        action: Action::Attach,
        description: "sources text: the selection as one more quote of an existing relation",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('s'))],
        keys: "s",
        action: Action::CycleSort,
        description: "sources: sort by date, use or publisher",
        hint: Some(("s", "sort")),
        hint_views: &[View::Sources],
    },
    Binding {
        triggers: &[Key(Char('C'))],
        keys: "C",
        action: Action::CycleColumns,
        description: "matrix: the next group as the columns, then all actors",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('t'))],
        keys: "t",
        action: Action::SetYears,
        description: "time filter: as of a year (2023) or a range (2019-2024); empty shows every year",
        hint: Some(("t", "time")),
        hint_views: GRAPH_VIEWS,
    },
    Binding {
        triggers: &[Key(Char('<'))],
        keys: "<",
        action: Action::EarlierYear,
        description: "time filter: a year earlier (at first, the year before the latest with figures)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('>'))],
        keys: ">",
        action: Action::LaterYear,
        description: "time filter: a year later",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('f'))],
        keys: "f",
        action: Action::ToggleFigures,
        description: "matrix: cells show figures of one measure, or kind letters",
        hint: Some(("f m", "figures")),
        hint_views: &[View::Matrix],
    },
    Binding {
        triggers: &[Key(Char('m'))],
        keys: "m",
        action: Action::CycleMeasure,
        description: "matrix: the next measure the figures show",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Trigger::ViewKey],
        keys: "F1-F4",
        action: Action::ShowView(View::List),
        description: "list, map, matrix or sources view",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('x'))],
        keys: "x",
        action: Action::Delete,
        description: "delete the selected relation, quote, actor or source, after asking",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('e'))],
        keys: "e",
        action: Action::Edit,
        description: "edit the selected relation (kind, ends, summary), actor or source in a form",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('a'))],
        keys: "a",
        action: Action::Add,
        description: "add an actor (Actors pane) or a source (Sources view)",
        hint: Some(("a", "add")),
        hint_views: &[View::Sources],
    },
    Binding {
        triggers: &[Key(Char('E'))],
        keys: "E",
        action: Action::OpenEditor,
        description: "the dataset file in your editor ($VISUAL, $EDITOR, vi), at the selected relation",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('u'))],
        keys: "u",
        action: Action::Undo,
        description: "undo the last change (back to the file as opened)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Ctrl('r')],
        keys: "Ctrl-R",
        action: Action::Redo,
        description: "redo the last change undone",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('?'))],
        keys: "?",
        action: Action::ToggleHelp,
        description: "show or hide this help",
        hint: Some(("?", "help")),
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Esc)],
        keys: "Esc",
        action: Action::Escape,
        description: "close what is open (never quits)",
        hint: None,
        hint_views: &[],
    },
    Binding {
        triggers: &[Key(Char('q')), Ctrl('c')],
        keys: "q Ctrl-C",
        action: Action::Quit,
        description: "quit",
        hint: Some(("q", "quit")),
        hint_views: &[],
    },
];

/// The action a key stands for while the search line is open: characters
/// are typed, the rest keeps its meaning (arrows choose, Enter jumps, Esc
/// cancels, Ctrl-C quits).
pub fn action_for_text(key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        Char('u' | 'U') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::ClearInput),
        Char(c) if !ctrl => Some(Action::SearchInput(c)),
        Backspace => Some(Action::SearchDelete),
        _ => action_for(key),
    }
}

/// The action a key press stands for, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    // Alt-keys mean nothing here; terminals also send "Esc, then a key typed
    // quickly" as Alt+key, which must not act as the key.
    if key.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    BINDINGS.iter().find_map(|b| {
        b.triggers.iter().find_map(|t| match (*t, key.code) {
            (Ctrl(c), Char(k)) if ctrl && k.eq_ignore_ascii_case(&c) => Some(b.action.clone()),
            (Trigger::KindDigit, Char(d @ '1'..='9')) if !ctrl => Some(Action::ToggleKind(d as usize - '1' as usize)),
            (Trigger::ViewKey, F(n)) if !ctrl => {
                View::ALL.get(usize::from(n).wrapping_sub(1)).map(|&v| Action::ShowView(v))
            }
            (Key(code), pressed) if !ctrl && code == pressed => Some(b.action.clone()),
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> Option<Action> {
        action_for(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn arrows_and_vi_keys_agree() {
        assert_eq!(press(Up), Some(Action::Up));
        assert_eq!(press(Char('k')), Some(Action::Up));
        assert_eq!(press(Char('j')), press(Down));
        assert_eq!(press(Char('h')), Some(Action::Left));
        assert_eq!(press(Char('l')), Some(Action::Right));
        assert_eq!(press(Tab), Some(Action::FocusNext));
        assert_eq!(press(BackTab), Some(Action::FocusPrev));
    }

    #[test]
    fn digits_toggle_the_nth_kind() {
        assert_eq!(press(Char('1')), Some(Action::ToggleKind(0)));
        assert_eq!(press(Char('9')), Some(Action::ToggleKind(8)));
        assert_eq!(press(Char('0')), Some(Action::AllKinds));
    }

    #[test]
    fn the_search_line_takes_every_character() {
        let typed = |c| action_for_text(KeyEvent::new(Char(c), KeyModifiers::NONE));
        assert_eq!(typed('q'), Some(Action::SearchInput('q')));
        assert_eq!(typed('/'), Some(Action::SearchInput('/')));
        assert_eq!(typed('1'), Some(Action::SearchInput('1')));
        assert_eq!(action_for_text(KeyEvent::new(Backspace, KeyModifiers::NONE)), Some(Action::SearchDelete));
        assert_eq!(action_for_text(KeyEvent::new(Esc, KeyModifiers::NONE)), Some(Action::Escape));
        assert_eq!(action_for_text(KeyEvent::new(Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(action_for_text(KeyEvent::new(Char('u'), KeyModifiers::CONTROL)), Some(Action::ClearInput));
    }

    #[test]
    fn function_keys_show_views() {
        assert_eq!(press(F(1)), Some(Action::ShowView(View::List)));
        assert_eq!(press(F(3)), Some(Action::ShowView(View::Matrix)));
        assert_eq!(press(F(4)), Some(Action::ShowView(View::Sources)));
        assert_eq!(press(F(5)), None);
        assert_eq!(press(Char('v')), Some(Action::NextView));
    }

    #[test]
    fn ctrl_c_quits_but_plain_c_captures() {
        assert_eq!(action_for(KeyEvent::new(Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(press(Char('c')), Some(Action::Capture));
        // Ctrl-q is not q, nor is Alt-q (or Esc followed fast by q).
        assert_eq!(action_for(KeyEvent::new(Char('q'), KeyModifiers::CONTROL)), None);
        assert_eq!(action_for(KeyEvent::new(Char('q'), KeyModifiers::ALT)), None);
        assert_eq!(action_for(KeyEvent::new(Char('1'), KeyModifiers::ALT)), None);
    }

    #[test]
    fn no_row_is_shadowed_by_an_earlier_one() {
        for b in BINDINGS {
            for t in b.triggers {
                let event = match *t {
                    Key(code) => KeyEvent::new(code, KeyModifiers::NONE),
                    Ctrl(c) => KeyEvent::new(Char(c), KeyModifiers::CONTROL),
                    Trigger::KindDigit => KeyEvent::new(Char('1'), KeyModifiers::NONE),
                    Trigger::ViewKey => KeyEvent::new(F(1), KeyModifiers::NONE),
                };
                let expected = match b.action.clone() {
                    Action::ToggleKind(_) => Action::ToggleKind(0),
                    a => a,
                };
                assert_eq!(action_for(event), Some(expected), "{} does not reach its action", b.keys);
            }
        }
    }
}
