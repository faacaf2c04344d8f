//! How much and when: the time filter (`t`, `<`, `>`) and the matrix's
//! figures mode (`f`, `m`).
//!
//! The filter hides relations whose period does not overlap its years (a
//! relation without a period always shows) and picks, per measure, the
//! latest whole-year figure at or before its last year. Quotes are never
//! hidden by their source's date: a 2025 article describes older ties.

use std::sync::Arc;

use super::{App, Overlay};
use crate::data::figures::{self, Years};
use crate::graph::InfluenceGraph;

/// The line `t` opens: "as of YEAR" or a range, empty for no filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearsPrompt {
    pub text: String,
    /// Why the last Enter was refused; what was typed is kept.
    pub error: Option<String>,
}

impl App {
    /// Shows what the filter `years` lets through (`None`: everything),
    /// keeping the selection on its records by id.
    pub fn set_years(&mut self, years: Option<Years>) {
        if self.years == years {
            return;
        }
        self.years = years;
        // Only relations with a period can be hidden: without any, the
        // graph stays as it is and only the figures shown change.
        if self.graph.has_periods {
            let selection = self.selection();
            let data = Arc::clone(&self.graph.data);
            self.graph = match years {
                Some(y) => InfluenceGraph::showing(data, |r| y.shows(r)),
                None => InfluenceGraph::showing(data, |_| true),
            };
            self.revision += 1;
            self.derive_from_graph();
            self.restore(&selection);
        }
    }

    /// `<` / `>`: the filter's years a year earlier or later. With no filter
    /// yet, `<` goes to the year before the latest the data has a figure
    /// (or a relation period) for, and `>` to that latest year.
    pub(super) fn step_years(&mut self, by: i32) {
        let latest = latest_year(&self.graph.data);
        let years = match self.years {
            // Past the latest year with figures nothing changes any more.
            Some(y) if by > 0 && latest.is_some_and(|l| y.last >= l) => {
                self.status = Some(format!("{} is the latest year the data has figures for", y.last));
                return;
            }
            Some(y) => y.step(by),
            // `<` goes back from the latest year, `>` starts at it.
            None => match latest {
                Some(year) => Years::as_of(year).step(by.min(0)),
                None => {
                    self.status = Some("Nothing in this dataset has a year: no figure and no relation period".into());
                    return;
                }
            },
        };
        self.set_years(Some(years));
    }

    /// `t`: asks for the years.
    pub(super) fn open_years_prompt(&mut self) {
        let text =
            self.years.map(|y| if y.first == y.last { y.first.to_string() } else { format!("{}-{}", y.first, y.last) });
        self.overlays.push(Overlay::Years(YearsPrompt { text: text.unwrap_or_default(), error: None }));
    }

    /// `f` in the matrix: cells show figures instead of kind letters.
    pub(super) fn toggle_figures(&mut self) {
        if self.measures.is_empty() {
            self.status = Some("This dataset has no figures: the cells keep their kind letters".into());
            return;
        }
        self.figures_mode = !self.figures_mode;
    }

    /// `m`: the next measure the figures mode shows.
    pub(super) fn cycle_measure(&mut self) {
        if self.measures.is_empty() {
            self.status = Some("This dataset has no figures, so no measures".into());
            return;
        }
        self.measure = (self.measure + 1) % self.measures.len();
        self.figures_mode = true;
    }

    /// The measure the matrix's figures mode shows.
    pub fn current_measure(&self) -> Option<&str> {
        self.measures.get(self.measure).map(String::as_str)
    }

    /// The last year whose figures count under the filter (`None`: all).
    pub fn until_year(&self) -> Option<u16> {
        self.years.map(|y| y.last)
    }
}

/// The latest year a whole-year figure covers, or a relation's period names.
fn latest_year(data: &crate::data::Dataset) -> Option<u16> {
    let figures = data.relations.iter().flat_map(|r| &r.figures).filter_map(|f| f.whole_year());
    let periods =
        data.relations.iter().filter_map(|r| r.period()).filter_map(|p| p.end().or(p.start())).map(|d| d.year());
    figures.chain(periods).max()
}

impl YearsPrompt {
    /// Enter: the years typed, none when empty, or why not.
    pub fn parse(&self) -> Result<Option<Years>, String> {
        let text = self.text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<Years>().map(Some)
    }
}

/// The measures of a dataset, as the figures mode cycles them.
pub(super) fn measures(data: &crate::data::Dataset) -> Vec<String> {
    figures::measures(data)
}

/// One matrix cell in figures mode: the latest whole-year figures of the
/// measure between the pair, as (relation, figure) positions. Several when
/// reporters differ; all are shown, none is picked.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCell {
    pub year: u16,
    pub figures: Vec<(usize, usize)>,
}

/// The figures mode's cells, and per column the row of the largest value,
/// or why no value is marked largest.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureGrid {
    /// Row-major, `cols` wide.
    pub cells: Vec<Option<FigureCell>>,
    pub cols: usize,
    pub largest: Vec<Largest>,
}

/// A column's largest value, as far as one can be named without converting
/// or choosing between sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Largest {
    /// The row whose value is largest, all values sharing unit and year.
    Row(usize),
    /// Fewer than two values: nothing to compare.
    Nothing,
    /// Why no value is marked.
    Not(String),
}

impl FigureGrid {
    pub fn cell(&self, row: usize, col: usize) -> Option<&FigureCell> {
        self.cells.get(row * self.cols + col)?.as_ref()
    }
}

impl App {
    /// The figures mode's grid for the current axes, filters, measure and
    /// time filter. Claims about a group as a whole are left out: a figure
    /// for the region is not a figure for any one member.
    pub fn figure_grid(&self) -> std::rc::Rc<FigureGrid> {
        let m = &self.matrix_view;
        let key =
            (self.revision, m.columns.clone(), self.kinds.clone(), self.direction, self.measure, self.until_year());
        self.figure_memo.get(key, || std::rc::Rc::new(self.compute_figure_grid()))
    }

    fn compute_figure_grid(&self) -> FigureGrid {
        let m = &self.matrix_view;
        let data = &self.graph.data;
        let (rows, cols) = (&m.rows, &m.cols);
        let mut cells: Vec<Option<FigureCell>> = vec![None; rows.len() * cols.len()];
        let Some(measure) = self.current_measure() else {
            return FigureGrid { cells, cols: cols.len(), largest: vec![Largest::Nothing; cols.len()] };
        };
        let until = self.until_year();
        let square = rows == cols;
        // The whole matrix reads row = from in the every-actor matrix.
        let direction = if square { crate::graph::Direction::Outgoing } else { self.direction };
        let mut col_of = vec![None; self.graph.actor_count()];
        for (c, node) in cols.iter().enumerate() {
            col_of[node.index()] = Some(c);
        }
        for (r, &row) in rows.iter().enumerate() {
            // Candidates per column: (year, relation, figure).
            let mut found: Vec<(usize, u16, usize, usize)> = Vec::new();
            for link in self.graph.links(row, &self.kinds, direction) {
                let Some(c) = col_of[link.counterpart.index()] else { continue };
                let edge = self.graph.edge(link.edge);
                if edge.regional.is_some() {
                    continue;
                }
                let relation = &data.relations[edge.relation];
                for (k, f) in relation.figures.iter().enumerate() {
                    let Some(year) = f.whole_year().filter(|y| f.measure == measure && until.is_none_or(|u| *y <= u))
                    else {
                        continue;
                    };
                    found.push((c, year, edge.relation, k));
                }
            }
            for (c, year, relation, k) in found {
                let cell = &mut cells[r * cols.len() + c];
                match cell {
                    Some(cell) if cell.year == year => {
                        if !cell.figures.contains(&(relation, k)) {
                            cell.figures.push((relation, k));
                        }
                    }
                    Some(cell) if cell.year > year => {}
                    _ => *cell = Some(FigureCell { year, figures: vec![(relation, k)] }),
                }
            }
        }
        let figure = |(r, k): (usize, usize)| &data.relations[r].figures[k];
        let largest = (0..cols.len())
            .map(|c| {
                let column: Vec<(usize, &FigureCell)> =
                    (0..rows.len()).filter_map(|r| Some((r, cells[r * cols.len() + c].as_ref()?))).collect();
                if column.len() < 2 {
                    return Largest::Nothing;
                }
                let mut units: Vec<&str> =
                    column.iter().flat_map(|(_, cell)| cell.figures.iter().map(|&f| figure(f).unit.as_str())).collect();
                units.sort_unstable();
                units.dedup();
                if units.len() > 1 {
                    return Largest::Not(format!("units differ ({}): no conversion", units.join(", ")));
                }
                if column.iter().any(|(_, cell)| cell_disputed(cell, &figure)) {
                    return Largest::Not("sources disagree on a value: none is picked".into());
                }
                let mut years: Vec<u16> = column.iter().map(|(_, cell)| cell.year).collect();
                years.sort_unstable();
                years.dedup();
                if years.len() > 1 {
                    let years: Vec<String> = years.iter().map(u16::to_string).collect();
                    return Largest::Not(format!("years differ ({}): not compared", years.join(", ")));
                }
                let value = |cell: &FigureCell| figure(cell.figures[0]).value;
                let best = column.iter().max_by(|a, b| value(a.1).total_cmp(&value(b.1))).map(|(r, _)| *r);
                best.map_or(Largest::Nothing, Largest::Row)
            })
            .collect();
        FigureGrid { cells, cols: cols.len(), largest }
    }
}

/// Whether a cell's figures differ in value or unit.
pub fn cell_disputed<'a>(cell: &FigureCell, figure: &impl Fn((usize, usize)) -> &'a crate::data::Figure) -> bool {
    cell.figures.windows(2).any(|w| {
        let (a, b) = (figure(w[0]), figure(w[1]));
        a.value != b.value || a.unit != b.unit
    })
}
