//! Where each pane goes. Shared by the renderer and by `update` (which pages
//! and clamps scrolling by what is actually visible).

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the browser draws in; below it, a note.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
const ACTORS_WIDTH: u16 = 24;
const FOOTER_HEIGHT: u16 = 2;
const TOP_MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub too_small: bool,
    /// Everything above the footer: the whole map or matrix.
    pub body: Rect,
    /// Where a popup (a matrix cell's evidence) goes.
    pub popup: Rect,
    pub actors: Rect,
    pub relations: Rect,
    pub sources: Rect,
    pub footer: Rect,
}

impl Areas {
    pub fn new(area: Rect) -> Areas {
        let too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        let [body, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(FOOTER_HEIGHT)]).areas(area);
        // Half each, but the top gets at least 12 rows so that a dozen actors
        // show at the minimum size.
        let top_height = (body.height / 2).max(TOP_MIN_HEIGHT.min(body.height));
        let [top, sources] = Layout::vertical([Constraint::Length(top_height), Constraint::Fill(1)]).areas(body);
        let [actors, relations] =
            Layout::horizontal([Constraint::Length(ACTORS_WIDTH), Constraint::Fill(1)]).areas(top);
        let popup = body.centered(Constraint::Percentage(90), Constraint::Percentage(90));
        Areas { too_small, body, popup, actors, relations, sources, footer }
    }
}
