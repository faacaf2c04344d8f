//! Where each pane goes. The renderer records what it drew where in
//! `App::last_frame`, which `update` pages and places clicks by.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH};
use crate::text::wrap;
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

/// The first index of a window of `visible` items that keeps `cursor` in
/// view (the cursor sits on the window's last row once it has moved past it).
pub fn window_start(cursor: usize, visible: usize, len: usize) -> usize {
    if visible == 0 || len <= visible {
        return 0;
    }
    cursor.saturating_sub(visible - 1).min(len - visible)
}

/// The actors list's first visible row: like `window_start`, but a group
/// heading right above the cursor stays in view.
pub fn actors_offset(cursor_row: usize, visible: usize, len: usize) -> usize {
    window_start(cursor_row, visible, len).min(cursor_row.saturating_sub(1))
}

const MAX_COL_WIDTH: usize = 16;
/// The widest a figures-mode column gets (two disputed values with units).
const MAX_FIGURE_WIDTH: usize = 19;
/// The label of the matrix's totals row and column.
pub const TOTALS_LABEL: &str = "Σ per kind";

/// Edge counts per kind, e.g. "5T 1I 5M" (kinds with no edge left out),
/// "·" when there are none.
pub fn totals_text(counts: &[usize], letters: &[char]) -> String {
    let parts: Vec<String> =
        counts.iter().zip(letters).filter(|(n, _)| **n > 0).map(|(n, l)| format!("{n}{l}")).collect();
    if parts.is_empty() { "·".to_string() } else { parts.join(" ") }
}

/// `totals_text` fitted to `width`: without spaces if need be, and as a
/// plain sum ("Σ883") rather than a cut that would misstate a count.
pub fn fit_totals(counts: &[usize], letters: &[char], width: usize) -> String {
    let spaced = totals_text(counts, letters);
    if spaced.width() <= width {
        return spaced;
    }
    let tight = spaced.replace(' ', "");
    if tight.width() <= width {
        return tight;
    }
    format!("Σ{}", counts.iter().sum::<usize>())
}
const MAX_HEADER_WIDTH: usize = 16;

/// Where the matrix's rows and columns go inside its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixGrid {
    /// Inside the block's border.
    pub inner: Rect,
    /// Width of the row headers (actor names).
    pub header_w: usize,
    pub col_w: usize,
    /// Width of the totals column.
    pub total_w: usize,
    pub first_col: usize,
    pub visible_cols: usize,
    pub first_row: usize,
    pub visible_rows: usize,
    /// The legend naming the ids that stand for column names too long for
    /// their column ("S021 Kiostviistan · ..."), wrapped to the width.
    pub id_legend: Vec<String>,
}

impl MatrixGrid {
    /// `area` is the matrix block's area (the body of the screen).
    pub fn new(app: &App, area: Rect) -> MatrixGrid {
        let inner = area.inner(ratatui::layout::Margin::new(1, 1));
        let kinds = app.graph.data.kinds.len();
        // Wide enough for the names and for the "Σ per kind" row label.
        let names = app.matrix_view.rows.iter().map(|&n| app.graph.actor(n).name.width());
        let header_w = names.chain([TOTALS_LABEL.width()]).max().unwrap_or(0).min(MAX_HEADER_WIDTH) + 1;
        // The totals column fits the longest row total.
        let matrix = app.matrix();
        let longest = matrix.row_totals.iter().map(|t| totals_text(t, &app.kind_letters).width()).max().unwrap_or(0);
        // Figures mode has no use for the kind totals: their room is the cells'.
        let total_w = if app.figures_mode { 0 } else { (longest + 1).clamp(TOTALS_LABEL.width() + 1, 24) };
        let avail = usize::from(inner.width).saturating_sub(header_w + total_w);
        let n_cols = app.matrix_view.cols.len();
        // Room for a letter per kind, but never narrower than that minimum.
        let mut min_w = kinds.max(3) + 1;
        // Figures keep their units: wide enough for the widest cell (the
        // columns scroll when the terminal is narrow).
        if app.figures_mode {
            min_w = min_w.max((app.figure_width() + 1).min(MAX_FIGURE_WIDTH));
        }
        let col_w = (avail / n_cols.max(1)).clamp(min_w, MAX_COL_WIDTH.max(min_w));
        let visible_cols = (avail / col_w).max(1).min(n_cols);
        let first_col = window_start(app.matrix_view.cell.1, visible_cols, n_cols);
        // Every id a header shows is named below the grid.
        let by_id: Vec<String> = app.matrix_view.cols[first_col..first_col + visible_cols]
            .iter()
            .map(|&c| app.graph.actor(c))
            .filter(|a| a.name.width() >= col_w)
            .map(|a| format!("{} {}", a.id, a.name))
            .collect();
        let id_legend = if by_id.is_empty() {
            Vec::new()
        } else {
            wrap(&format!("Columns: {}", by_id.join(" · ")), usize::from(inner.width))
        };
        // A header line, the rows, a blank line, the totals line, a blank
        // line, two legend lines and the ids named (at most half the height).
        let ids = id_legend.len().min(usize::from(inner.height) / 2);
        let visible_rows = usize::from(inner.height).saturating_sub(6 + ids).max(1).min(app.matrix_view.rows.len());
        MatrixGrid {
            inner,
            header_w,
            col_w,
            total_w,
            first_col,
            visible_cols,
            first_row: window_start(app.matrix_view.cell.0, visible_rows, app.matrix_view.rows.len()),
            visible_rows,
            id_legend,
        }
    }
}

/// Width of the map's legend panel.
pub const MAP_SIDE_WIDTH: u16 = 26;

/// The map view's canvas (inside its border) and legend panel.
pub fn map_areas(body: Rect) -> (Rect, Rect) {
    let [map, side] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(MAP_SIDE_WIDTH)]).areas(body);
    (map.inner(ratatui::layout::Margin::new(1, 1)), side)
}

/// One kind in the footer: its `n:` number, its letter and label, and the
/// columns they take (so a click there toggles the kind).
pub struct KindChip {
    pub kind: usize,
    pub number: String,
    pub label: String,
    pub columns: std::ops::Range<u16>,
}

/// The footer's kind chips, left to right from `x`, one space apart.
pub fn kind_chips(app: &App, x: u16, short: bool) -> Vec<KindChip> {
    let mut at = x;
    app.graph
        .data
        .kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let number = if i < 9 { format!("{}:", i + 1) } else { String::new() };
            // Short: the letter alone (the help names every kind).
            let label = match short {
                true => app.kind_letters[i].to_string(),
                false => crate::data::printable(&format!("{} {}", app.kind_letters[i], kind.label)),
            };
            let width = (number.width() + label.width()) as u16;
            let chip = KindChip { kind: i, number, label, columns: at..at.saturating_add(width) };
            at = at.saturating_add(width + 1);
            chip
        })
        .collect()
}
