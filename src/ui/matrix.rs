//! The matrix view: who has which lever on whom. One row per outside power,
//! one column per member of a group (`C` picks the group, or every actor on
//! both axes); each cell shows a letter per kind of tie, `·` where the
//! sources are silent, and legend lines say how to read it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::fit;
use super::layout::{MatrixGrid, TOTALS_LABEL, fit_totals};
use crate::app::App;
use crate::app::Grid;
use crate::graph::{PairKinds, Scope};
use crate::text;

impl App {
    pub(super) fn render_matrix(&self, area: Rect, buf: &mut Buffer) {
        let m = &self.matrix_view;
        let square = m.rows == m.cols;
        let group = m.columns.as_deref().and_then(|id| self.graph.data.group(id));
        let title = match group {
            Some(g) if !square => format!(" Matrix · rows: others · columns: {} ", g.name),
            _ => " Matrix · every actor against every actor ".to_string(),
        };
        // Which rows and columns show, when not all do (as the lists say).
        let grid = MatrixGrid::new(self, area);
        let (n_rows, n_cols) = (m.rows.len(), m.cols.len());
        let mut title = title;
        if grid.visible_rows < n_rows || grid.visible_cols < n_cols {
            let range = |first: usize, shown: usize, of: usize| format!("{}-{} of {of}", first + 1, first + shown);
            title = format!(
                "{title}· rows {} · columns {} ",
                range(grid.first_row, grid.visible_rows, n_rows),
                range(grid.first_col, grid.visible_cols, n_cols)
            );
        }
        let block = Block::bordered()
            .border_style(self.theme.focused_border())
            .title(Span::styled(title, self.theme.title()))
            .title_bottom(Line::styled(" ⏎ evidence · C other columns ", self.theme.dim()));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.matrix_view.rows.is_empty() || self.matrix_view.cols.is_empty() || inner.height < 3 {
            Paragraph::new(Line::styled("No actors to compare.", self.theme.dim())).render(inner, buf);
            return;
        }

        let matrix = self.matrix();
        let figures = self.figures_mode.then(|| self.figure_grid());
        let (row_totals, col_totals) = (&matrix.row_totals, &matrix.col_totals);

        let MatrixGrid {
            header_w, col_w, total_w, first_col, visible_cols, first_row, visible_rows, id_legend, ..
        } = grid;
        // Where clicks find the cells.
        self.last_frame.borrow_mut().grid =
            Grid { inner, header_w, col_w, first_col, visible_cols, first_row, visible_rows };
        let (x0, mut y) = (inner.x, inner.y);
        let right = inner.x + inner.width;
        let put = |buf: &mut Buffer, x: usize, y: u16, s: &str, width: usize, style: Style| {
            let x = x0 + x as u16;
            if x < right {
                buf.set_stringn(x, y, s, width.min(usize::from(right - x)), style);
            }
        };

        // Column headers: the name if it fits, else the id (named below).
        for (i, &c) in self.matrix_view.cols.iter().enumerate().skip(first_col).take(visible_cols) {
            let a = self.graph.actor(c);
            let label = if a.name.width() < col_w { &a.name } else { &a.id };
            let style = if i == self.matrix_view.cell.1 {
                self.theme.heading().patch(self.theme.selected())
            } else {
                self.theme.heading()
            };
            put(buf, header_w + (i - first_col) * col_w, y, &fit(label, col_w - 1), col_w, style);
        }
        if total_w > 0 {
            put(buf, header_w + visible_cols * col_w, y, TOTALS_LABEL, total_w, self.theme.heading());
        }
        y += 1;

        for (i, &r) in self.matrix_view.rows.iter().enumerate().skip(first_row).take(visible_rows) {
            let style = if i == self.matrix_view.cell.0 {
                self.theme.title().patch(self.theme.selected())
            } else {
                self.theme.title()
            };
            put(buf, 0, y, &fit(&self.graph.actor(r).name, header_w - 1), header_w, style);
            for (j, &c) in self.matrix_view.cols.iter().enumerate().skip(first_col).take(visible_cols) {
                let x = header_w + (j - first_col) * col_w;
                let selected = (i, j) == self.matrix_view.cell;
                let spans = match &figures {
                    Some(grid) => self.figure_spans(grid, i, j, r == c, col_w - 1),
                    None => self.cell_spans(if r == c { None } else { matrix.cell(i, j) }, r == c),
                };
                if selected {
                    buf.set_style(
                        Rect::new(x0 + x as u16, y, (col_w - 1) as u16, 1).intersection(inner),
                        self.theme.selected(),
                    );
                }
                let mut x = x;
                for span in spans {
                    let style = if selected { span.style.patch(self.theme.selected()) } else { span.style };
                    put(buf, x, y, &span.content, col_w, style);
                    x += span.content.width();
                }
            }
            if total_w > 0 {
                let totals = fit_totals(&row_totals[i], &self.kind_letters, total_w - 1);
                put(buf, header_w + visible_cols * col_w, y, &totals, total_w, Style::new());
            }
            y += 1;
        }

        y += 1;
        if y < inner.y + inner.height && total_w > 0 {
            put(buf, 0, y, TOTALS_LABEL, header_w, self.theme.heading());
            for (j, totals) in col_totals.iter().enumerate().skip(first_col).take(visible_cols) {
                let totals = fit_totals(totals, &self.kind_letters, col_w - 1);
                put(buf, header_w + (j - first_col) * col_w, y, &totals, col_w - 1, Style::new());
            }
        }
        // How to read it, then the ids the headers use, as room allows.
        let direction = if square {
            "A directed tie sits at row = from, column = to (whatever d says)."
        } else {
            "Underlined: the tie runs column → row (incoming); else row → column."
        };
        let figures_legend;
        // In figures mode, why the selected column has no largest marked.
        let mut why = String::new();
        let legend = match (&figures, self.current_measure()) {
            (Some(_), Some(measure)) => {
                let year = self.until_year().map_or(String::new(), |y| format!(" at or before {y}"));
                let col = self.matrix_view.cell.1;
                why = match (figures.as_ref().and_then(|g| g.largest.get(col)), self.matrix_view.cols.get(col)) {
                    (Some(crate::app::Largest::Not(why)), Some(&node)) => {
                        format!("{}: no largest marked, {why}.", self.graph.actor(node).name)
                    }
                    _ => String::new(),
                };
                figures_legend = [
                    format!(
                        "Figures: {measure}, the latest whole year{year}, as stated (≈ about) · ░▒▓█ size within a unit · ’19: older than the column's newest year · ▲ largest in its column · ≠ sources disagree · ·: no whole-year figure"
                    ),
                    "Country figures only: a figure for a whole group is in the evidence (⏎), not in its members' cells.".to_string(),
                ];
                [figures_legend[0].as_str(), figures_legend[1].as_str()]
            }
            _ => ["UPPER: a claim names the country · lower: regional only · ·: the sources are silent", direction],
        };
        let warning = (!why.is_empty())
            .then(|| text::wrap(&why, usize::from(inner.width)))
            .into_iter()
            .flatten()
            .map(|l| Line::styled(l, self.theme.warning()));
        let lines: Vec<Line> = warning
            .chain(
                legend
                    .iter()
                    .flat_map(|l| text::wrap(l, usize::from(inner.width)))
                    .chain(id_legend)
                    .map(|l| Line::styled(l, self.theme.dim())),
            )
            .collect();
        let top = y + 2;
        if top < inner.bottom() {
            Paragraph::new(lines).render(Rect::new(inner.x, top, inner.width, inner.bottom() - top), buf);
        }
    }

    /// A cell: one letter per kind present, upper case where a claim names
    /// the country, lower case (italic) where the claim is only regional.
    fn cell_spans(&self, cell: Option<&PairKinds>, same_actor: bool) -> Vec<Span<'static>> {
        if same_actor {
            return vec![Span::styled("—", self.theme.dim())];
        }
        let spans: Vec<Span<'static>> = cell
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(k, tie)| {
                let tie = tie.as_ref()?;
                let kind = &self.graph.data.kinds[k];
                let letter = self.kind_letters[k];
                let mut style = self.theme.kind(kind.color());
                if tie.incoming {
                    style = style.add_modifier(Modifier::UNDERLINED);
                }
                Some(match tie.scope {
                    Scope::Country => Span::styled(letter.to_string(), style),
                    Scope::Regional => {
                        Span::styled(letter.to_lowercase().to_string(), style.add_modifier(Modifier::ITALIC))
                    }
                })
            })
            .collect();
        if spans.is_empty() { vec![Span::styled("·", self.theme.dim())] } else { spans }
    }

    /// A cell in figures mode: the latest whole-year value as stated, with
    /// its unit, and its year when older than the grid's newest; its size
    /// as `░▒▓█` (and colour) among values of its unit, `▲` on its column's
    /// largest; where sources disagree, every value with `≠`; `·` where
    /// there is none. Columns are made wide enough for this (see
    /// `figure_width`); on a narrow terminal they scroll, and only where a
    /// cell still does not fit are units left to the evidence.
    fn figure_spans(
        &self,
        grid: &crate::app::FigureGrid,
        row: usize,
        col: usize,
        same_actor: bool,
        width: usize,
    ) -> Vec<Span<'static>> {
        if same_actor {
            return vec![Span::styled("—", self.theme.dim())];
        }
        let Some(cell) = self.figure_text(grid, row, col) else { return vec![Span::styled("·", self.theme.dim())] };
        match cell {
            FigureText::Disputed { forms, count } => {
                let text = forms.into_iter().find(|t| t.width() <= width);
                let text = text.unwrap_or_else(|| format!("≠{count} figures"));
                vec![Span::styled(text, self.theme.warning())]
            }
            FigureText::Value { level, forms, largest } => {
                // The shade and the mark take a cell each.
                let room = width.saturating_sub(1 + usize::from(largest));
                let last = forms.last().cloned().unwrap_or_default();
                let value = forms.into_iter().find(|t| t.width() <= room).unwrap_or(last);
                let mut spans = vec![
                    Span::styled(["░", "▒", "▓", "█"][level], self.theme.shade(level)),
                    Span::styled(value, self.theme.shade(level).add_modifier(Modifier::BOLD)),
                ];
                if largest {
                    spans.push(Span::styled("▲", self.theme.title()));
                }
                spans
            }
        }
    }

    /// The widest cell of the figures grid in its fullest form (units and
    /// years), shade and mark included.
    pub(super) fn figure_width(&self) -> usize {
        let grid = self.figure_grid();
        let (rows, cols) = (self.matrix_view.rows.len(), self.matrix_view.cols.len());
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .filter_map(|(r, c)| match self.figure_text(&grid, r, c)? {
                FigureText::Disputed { forms, .. } => forms.first().map(|t| t.width()),
                FigureText::Value { forms, largest, .. } => forms.first().map(|t| t.width() + 1 + usize::from(largest)),
            })
            .max()
            .unwrap_or(1)
    }

    /// What a figures cell says, in its forms from fullest to shortest.
    fn figure_text(&self, grid: &crate::app::FigureGrid, row: usize, col: usize) -> Option<FigureText> {
        let cell = grid.cell(row, col)?;
        let data = &self.graph.data;
        let figure = |(r, k): (usize, usize)| &data.relations[r].figures[k];
        let (stated, with_unit) = (text::stated, text::figure_value);
        // A figure older than its column's newest says its year: it is not
        // of the same time as the rest of the column.
        let newest = (0..grid.cells.len() / grid.cols.max(1))
            .filter_map(|r| grid.cell(r, col))
            .map(|c| c.year)
            .max()
            .unwrap_or(cell.year);
        let year = if cell.year < newest { format!(" ’{:02}", cell.year % 100) } else { String::new() };
        if crate::app::cell_disputed(cell, &figure) {
            let figures: Vec<&crate::data::Figure> = cell.figures.iter().map(|&f| figure(f)).collect();
            let long = figures.iter().map(|f| with_unit(f)).collect::<Vec<_>>().join("≠");
            let short = figures.iter().map(|f| stated(f)).collect::<Vec<_>>().join("≠");
            // One unit for all: said once; mixed units are never shown bare.
            let one_unit = figures.windows(2).all(|w| w[0].unit == w[1].unit);
            let mut forms = vec![format!("{long}{year}")];
            if one_unit {
                forms.push(format!("{short} {}{year}", figures[0].unit));
                forms.push(short);
            }
            return Some(FigureText::Disputed { forms, count: figures.len() });
        }
        let f = figure(cell.figures[0]);
        // Size among every value of this unit in the grid.
        let max = grid
            .cells
            .iter()
            .flatten()
            .flat_map(|c| c.figures.iter().map(|&x| figure(x)))
            .filter(|x| x.unit == f.unit)
            .map(|x| x.value)
            .fold(0.0_f64, f64::max);
        let level = if max > 0.0 { ((f.value / max) * 4.0).ceil().clamp(1.0, 4.0) as usize - 1 } else { 0 };
        let largest = grid.largest.get(col) == Some(&crate::app::Largest::Row(row));
        let forms = vec![format!("{}{year}", with_unit(f)), with_unit(f), stated(f)];
        Some(FigureText::Value { level, forms, largest })
    }
}

/// A figures cell's text, before it is fitted to its column.
enum FigureText {
    Value { level: usize, forms: Vec<String>, largest: bool },
    Disputed { forms: Vec<String>, count: usize },
}
