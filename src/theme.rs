//! Every style in one place. Selection and focus are shown with reverse/bold
//! as well as colour, so the UI reads the same under NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under NO_COLOR: every colour is dropped, modifiers stay.
    pub color: bool,
}

impl Theme {
    pub const fn new(color: bool) -> Theme {
        Theme { color }
    }

    /// Colour unless NO_COLOR is set to a non-empty value (no-color.org).
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn focused_border(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected row: reversed, so it shows without colour.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The selected row of a pane that does not have focus.
    pub fn selected_unfocused(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn heading(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn regional(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::ITALIC)
    }

    pub fn quote(&self) -> Style {
        Style::new()
    }

    pub fn citation(&self) -> Style {
        self.fg(Color::Gray).add_modifier(Modifier::ITALIC)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// A source's url: underlined like a link.
    pub fn link(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
    }

    /// The reader's selection: a blue ground; reversed without colour.
    pub fn selection(&self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(24)).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A search word where it matched: underlined so it shows without colour.
    pub fn hit(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A kind in its dataset colour; bold so it stands out without colour too.
    pub fn kind(&self, color: Color) -> Style {
        self.fg(color).add_modifier(Modifier::BOLD)
    }

    /// A kind that the filter hides.
    pub fn kind_off(&self) -> Style {
        self.dim().add_modifier(Modifier::CROSSED_OUT)
    }

    /// A figure's size, 0 (smallest quarter) to 3 (largest): a brighter
    /// green for larger. Without colour the cell's `░▒▓█` says the same.
    pub fn shade(&self, level: usize) -> Style {
        const GREENS: [u8; 4] = [22, 28, 34, 46];
        self.fg(Color::Indexed(GREENS[level.min(3)]))
    }
}
