//! What the last frame drew where: the ui writes it while rendering, and
//! `update` reads it to page, to clamp scrolling and to place clicks. So
//! `update` never runs drawing code to learn a size.

use std::ops::Range;

use petgraph::graph::NodeIndex;
use ratatui::layout::{Position, Rect};

/// A pane that lists rows: where it is, how many rows show, the first shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rows {
    pub area: Rect,
    /// The screen row of the first list row (below borders and headers).
    pub top: u16,
    pub visible: usize,
    pub offset: usize,
}

impl Rows {
    /// The list row at screen row `y`, if a row of the list is drawn there.
    pub fn row_at(&self, y: u16) -> Option<usize> {
        let row = usize::from(y.checked_sub(self.top)?);
        (row < self.visible).then_some(self.offset + row)
    }
}

/// A scrolled text (the evidence pane, a popup): how many lines it has and
/// how many show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scrolled {
    pub area: Rect,
    pub lines: usize,
    pub visible: usize,
}

impl Scrolled {
    /// The largest first line that still fills the area.
    pub fn max_scroll(&self) -> usize {
        self.lines.saturating_sub(self.visible)
    }
}

/// The matrix's grid as drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Grid {
    pub inner: Rect,
    pub header_w: usize,
    pub col_w: usize,
    pub first_col: usize,
    pub visible_cols: usize,
    pub first_row: usize,
    pub visible_rows: usize,
}

impl Grid {
    /// The (row, column) of the cell at a screen position, if one is there.
    pub fn cell_at(&self, x: u16, y: u16) -> Option<(usize, usize)> {
        let dx = usize::from(x.checked_sub(self.inner.x)?).checked_sub(self.header_w)?;
        let dy = usize::from(y.checked_sub(self.inner.y)?).checked_sub(1)?;
        let (col, row) = (dx / self.col_w.max(1), dy);
        (col < self.visible_cols && row < self.visible_rows && y < self.inner.bottom())
            .then_some((self.first_row + row, self.first_col + col))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastFrame {
    /// Everything above the footer: the whole map or matrix.
    pub body: Rect,
    pub actors: Rows,
    pub relations: Rows,
    /// The evidence pane, and the lines each quote of the shown relation takes.
    pub evidence: Scrolled,
    pub quote_lines: Vec<Range<usize>>,
    /// The open popup (help, a matrix cell's evidence), if any.
    pub popup: Scrolled,
    /// The footer's kind chips: the kind and the columns it takes.
    pub footer: Rect,
    pub kind_chips: Vec<(usize, Range<u16>)>,
    pub grid: Grid,
    /// The sources view: its list of sources and the text being read.
    pub sources: Rows,
    pub reader: Scrolled,
    /// The reader's lines each quoted span takes, and its first line shown.
    pub span_lines: Vec<Range<usize>>,
    pub reader_scroll: usize,
    /// The text's lines as drawn, for the cursor's up and down: ((data
    /// revision, source), layout).
    pub(crate) reader_layout: Option<((u64, usize), std::rc::Rc<crate::reader::TextLayout>)>,
    /// The map's canvas and where each capital's marker is on the screen.
    pub map: Rect,
    pub capitals: Vec<(NodeIndex, u16, u16)>,
}

impl LastFrame {
    pub fn kind_at(&self, x: u16, y: u16) -> Option<usize> {
        if y != self.footer.y {
            return None;
        }
        self.kind_chips.iter().find(|(_, columns)| columns.contains(&x)).map(|(kind, _)| *kind)
    }

    /// The capital whose marker is nearest a click, if it is within reach.
    pub fn capital_near(&self, x: u16, y: u16) -> Option<NodeIndex> {
        if !self.map.contains(Position { x, y }) {
            return None;
        }
        let (cx, cy) = (i32::from(x), i32::from(y));
        self.capitals
            .iter()
            .filter_map(|&(node, mx, my)| {
                let d = (i32::from(mx) - cx).abs() + 2 * (i32::from(my) - cy).abs();
                (d <= 4).then_some((d, node))
            })
            .min_by_key(|&(d, _)| d)
            .map(|(_, node)| node)
    }
}
