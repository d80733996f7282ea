//! The one theme of every screen: the palette that tells better from worse
//! (red/green-blue, or colour-blind safe), and drawing without colour
//! (`NO_COLOR`).

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// How changes are coloured, in every view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// Red for more cost (worse), blue or green for less (better).
    #[default]
    RedBlue,
    /// Orange for more, blue for less, told apart with any colour vision
    /// (the Okabe–Ito colours).
    ColorBlind,
}

impl Palette {
    /// The other palette (`p`).
    pub fn toggled(self) -> Self {
        match self {
            Palette::RedBlue => Palette::ColorBlind,
            Palette::ColorBlind => Palette::RedBlue,
        }
    }

    /// What the status bar says when it is switched to.
    pub fn describe(self) -> &'static str {
        match self {
            Palette::RedBlue => "palette: red more, blue less",
            Palette::ColorBlind => "palette: orange more, blue less (colour-blind safe)",
        }
    }

    /// Text of a significant regression (more cost, a slower benchmark).
    pub fn worse(self) -> Color {
        match self {
            Palette::RedBlue => super::colors::ERROR,
            Palette::ColorBlind => Color::Rgb(230, 159, 0),
        }
    }

    /// Text of a significant improvement.
    pub fn better(self) -> Color {
        match self {
            Palette::RedBlue => Color::Rgb(95, 215, 135),
            Palette::ColorBlind => Color::Rgb(86, 180, 233),
        }
    }
}

/// Text of a change that is not significant.
pub const SAME: Color = Color::Rgb(140, 140, 140);

/// Takes every colour out of a drawn frame (`NO_COLOR`), keeping bold,
/// underline and the like. What colour alone marked is kept as reverse
/// video: the selection's background, the flame graph's frames.
pub fn strip_colors(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            if cell.bg == super::colors::SELECTED {
                cell.modifier.insert(Modifier::REVERSED);
            }
            cell.fg = Color::Reset;
            cell.bg = Color::Reset;
        }
    }
}
