//! What a key, a click or a paste can ask for, and the views: the vocabulary
//! shared by the key table (`keys`), the state (`app`) and the screen (`ui`).
//! Depends on nothing else in the crate.

/// Everything a key (or a resize, a click, a paste) can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    FocusNext,
    FocusPrev,
    Follow,
    Back,
    /// Toggles the n-th kind (0-based); past the last kind it does nothing.
    ToggleKind(usize),
    AllKinds,
    CycleDirection,
    NextView,
    /// `C` in the matrix: the next group as its columns (then all actors).
    CycleColumns,
    /// `t`: asks for the time filter's years.
    SetYears,
    /// `<` / `>`: the time filter a year earlier / later.
    EarlierYear,
    LaterYear,
    /// `f`: the matrix's cells show figures or kind letters.
    ToggleFigures,
    /// `m`: the next measure the figures show.
    CycleMeasure,
    /// `]` / `[` in the sources view: the next / previous quoted span.
    NextSpan,
    PrevSpan,
    /// The reader's cursor: `w` / `b` a word on or back, `)` / `(` a
    /// sentence.
    NextWord,
    PrevWord,
    NextSentence,
    PrevSentence,
    /// `S`: selects the sentence under the reader's cursor.
    SelectSentence,
    /// `V`: starts (or ends) a selection the cursor's moves extend.
    SelectFree,
    /// `c`: a new relation quoting the reader's selection.
    Capture,
    /// `A`: the reader's selection as one more quote of a relation.
    Attach,
    /// `s` in the sources view: the next order of the sources.
    CycleSort,
    /// `o`: the selected quote in its source's text (the sources view).
    OpenSource,
    ShowView(View),
    ToggleHelp,
    /// `x`: delete the selected relation (or quote), after a question.
    Delete,
    /// `e`: edit the selected relation, actor or source in a form.
    Edit,
    /// `a`: add an actor (Actors pane) or a source (Sources view).
    Add,
    Undo,
    Redo,
    /// `E`: the dataset file in the user's editor, at the selected relation.
    OpenEditor,
    /// `/`: opens the search line.
    OpenSearch,
    /// A character typed into a text input (the search line).
    SearchInput(char),
    /// Backspace in a text input.
    SearchDelete,
    /// Ctrl-U in a text input: empties it (a form: the focused field).
    ClearInput,
    /// Text pasted into the terminal (bracketed paste): it goes to the
    /// text input that has the focus, if any.
    Paste(String),
    /// `y`: copies the selected quote with its citation.
    Copy,
    /// `n` / `N`: the next / previous hit of the last search.
    NextHit,
    PrevHit,
    /// Closes what is open; never quits.
    Escape,
    Quit,
    Resize(u16, u16),
    /// A left click at a screen cell (column, row).
    Click(u16, u16),
    /// The wheel over a screen cell: `true` scrolls down.
    Wheel(u16, u16, bool),
}

/// The three ways to look at the same graph. Filters, the selected actor
/// and history are shared by all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Actors, relations and evidence panes.
    #[default]
    List,
    /// Capitals on a map, edges as lines.
    Map,
    /// Outside powers against the first group's members.
    Matrix,
    /// The sources, each read in full with its quotes marked.
    Sources,
}

impl View {
    pub const ALL: [View; 4] = [View::List, View::Map, View::Matrix, View::Sources];

    pub fn label(self) -> &'static str {
        match self {
            View::List => "list",
            View::Map => "map",
            View::Matrix => "matrix",
            View::Sources => "sources",
        }
    }

    pub fn next(self) -> View {
        View::ALL[(View::ALL.iter().position(|&v| v == self).unwrap_or(0) + 1) % View::ALL.len()]
    }
}
