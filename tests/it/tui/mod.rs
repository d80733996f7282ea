//! Helpers for the explorer's tests: open a corpus file, press keys through
//! the real keymap, render to text.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use perftui::explorer::keymap::key_to_msg;
use perftui::explorer::{run_sync, update_sync, App, Msg};
use perftui::profile::trie::ROOT;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use super::common::data_dir;

/// The explorer on `tests/data/<file>`, background work done, at a size.
pub fn open(file: &str, width: u16, height: u16) -> App {
    let p = perftui::formats::load_file(&data_dir().join(file)).unwrap();
    let title = file.rsplit('/').next().unwrap().to_string();
    let (mut app, job) = App::new(p, title, None, Default::default()).unwrap();
    run_sync(&mut app, vec![job]);
    update_sync(&mut app, Msg::Resize { width, height });
    app
}

/// Presses a key, as the terminal would deliver it.
pub fn press(app: &mut App, code: KeyCode) -> Vec<perftui::tui::Effect> {
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    match key_to_msg(&app.mode, app.view, KeyEvent::new(code, mods)) {
        Some(msg) => update_sync(app, msg),
        None => Vec::new(),
    }
}

/// Presses Ctrl and a letter.
pub fn press_ctrl(app: &mut App, c: char) -> Vec<perftui::tui::Effect> {
    match key_to_msg(
        &app.mode,
        app.view,
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
    ) {
        Some(msg) => update_sync(app, msg),
        None => Vec::new(),
    }
}

/// Types text, letter by letter.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The name of the selected flame graph frame.
pub fn selected_name(app: &App) -> String {
    let a = app.analysis.as_ref().unwrap();
    if app.flame.selected == ROOT {
        return "root".to_string();
    }
    a.frames
        .name(a.trie.node(app.flame.selected).frame)
        .to_string()
}

/// Draws the app with a `TestBackend` and returns the terminal.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| perftui::ui::draw(f, app)).unwrap();
    t
}

/// The app's screen as text.
pub fn screen_text(app: &App) -> String {
    perftui::tui::runtime::buffer_text(draw(app).backend().buffer())
}

/// Selects the top table's row of function `name` (in the top view).
pub fn select_in_top(app: &mut App, name: &str) {
    press(app, KeyCode::Char('2'));
    press(app, KeyCode::Home);
    let a = app.analysis.clone().unwrap();
    for _ in 0..a.top.rows.len() {
        if app.top_row().is_some_and(|r| a.top.rows[r].name == name) {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("{name} is not in the top table");
}
