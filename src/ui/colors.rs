//! Deterministic colours: a function's colour depends only on its package
//! name, so the same code has the same colour in every run and every view.

use ratatui::style::Color;

use super::theme::Palette;
use crate::profile::diff::Change;

/// The package part of a function name: `main` for `main.parse`,
/// `encoding/json` for `encoding/json.(*decodeState).object`, `core` for
/// `core::ptr::drop_in_place`.
pub fn package_of(name: &str) -> &str {
    if let Some(i) = name.find("::") {
        return &name[..i];
    }
    let after_slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[after_slash..].find('.') {
        Some(dot) => &name[..after_slash + dot],
        None => name,
    }
}

/// FNV-1a: stable across runs and platforms, unlike std's hasher.
fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The warm flame-graph colour of a function, by its package.
pub fn frame_color(name: &str) -> Color {
    let h = fnv1a(package_of(name));
    let r = 205 + (h % 50) as u8;
    let g = 90 + ((h >> 8) % 130) as u8;
    let b = 40 + ((h >> 16) % 50) as u8;
    Color::Rgb(r, g, b)
}

/// The colour of a frame in a differential flame graph: a neutral grey
/// blended towards the palette's "more" or "less" colour by the change's
/// intensity; new and vanished frames get the full colour (and a marker in
/// their text, so that colour is never the only sign).
pub fn diff_color(change: Change, palette: Palette) -> Color {
    let (more, less) = match palette {
        Palette::RedBlue => ((215, 48, 39), (69, 117, 180)),
        // Okabe–Ito orange and blue.
        Palette::ColorBlind => ((230, 159, 0), (0, 114, 178)),
    };
    let blend = |to: (u8, u8, u8), t: f64| {
        let t = t.clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Color::Rgb(
            mix(DIFF_NEUTRAL.0, to.0),
            mix(DIFF_NEUTRAL.1, to.1),
            mix(DIFF_NEUTRAL.2, to.2),
        )
    };
    match change {
        Change::Neutral => blend(more, 0.0),
        // The weakest visible change still differs from neutral.
        Change::More(t) => blend(more, 0.15 + 0.85 * t),
        Change::Less(t) => blend(less, 0.15 + 0.85 * t),
        Change::New => blend(more, 1.0),
        Change::Gone => blend(less, 1.0),
    }
}

/// The grey of frames whose cost did not change.
const DIFF_NEUTRAL: (u8, u8, u8) = (205, 205, 200);

/// The colour of search matches (as flamegraph.pl, a purple that no
/// package colour has).
pub const MATCH: Color = Color::Rgb(200, 90, 230);

/// The instances of the highlighted function (`#`): a blue no package
/// colour (warm hues) and no diff colour at full strength is, underlined
/// too so that it shows without colour.
pub const MARK: Color = Color::Rgb(90, 200, 250);

/// The root bar.
pub const ROOT: Color = Color::Rgb(160, 160, 160);

/// Selection background.
pub const SELECTED: Color = Color::Rgb(255, 255, 255);

/// Error text.
pub const ERROR: Color = Color::Rgb(255, 95, 95);

/// Notes and filter stack.
pub const ACCENT: Color = Color::Rgb(255, 200, 80);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages() {
        assert_eq!(package_of("main.parse"), "main");
        assert_eq!(
            package_of("encoding/json.(*decodeState).object"),
            "encoding/json"
        );
        assert_eq!(package_of("core::ptr::drop_in_place"), "core");
        assert_eq!(package_of("runtime"), "runtime");
        assert_eq!(frame_color("main.a"), frame_color("main.b"));
        assert_ne!(frame_color("main.a"), frame_color("runtime.a"));
    }
}
