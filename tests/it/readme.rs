//! README's key table is the explorer's keymap: generated from the same
//! help lines the `?` overlay shows, so it cannot drift (it once said `r`
//! reverses the sort; `r` reloads). `PERFTUI_BLESS_README=1 cargo test
//! readme` rewrites it after a keymap change.

use std::path::Path;

const BEGIN: &str =
    "<!-- keys: generated from src/explorer/keymap.rs, checked by tests/it/readme.rs -->\n";
const END: &str = "<!-- /keys -->";

fn generated() -> String {
    let mut out = String::from("| key | does |\n|---|---|\n");
    for line in perftui::explorer::keymap::help_lines() {
        let text = line.text.replace('|', "\\|");
        if line.keys.is_empty() {
            out.push_str(&format!("| **{text}** | |\n"));
        } else {
            let keys: Vec<String> = line
                .keys
                .split(' ')
                .map(|k| format!("`{}`", k.replace('|', "\\|").replace('`', "")))
                .collect();
            out.push_str(&format!("| {} | {text} |\n", keys.join(" ")));
        }
    }
    out
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("README.md: {e}"));
    let start = readme
        .find(BEGIN)
        .expect("README.md has no generated key table marker")
        + BEGIN.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("README.md: the key table has no end marker");
    let want = generated();
    if readme[start..end] != want {
        if std::env::var_os("PERFTUI_BLESS_README").is_some() {
            let new = format!("{}{want}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, new).unwrap_or_else(|e| panic!("README.md: {e}"));
        } else {
            panic!(
                "README.md's key table differs from the keymap; run with PERFTUI_BLESS_README=1 \
                 to rewrite it. Expected:\n{want}"
            );
        }
    }
}

#[test]
fn the_table_names_what_the_keys_do() {
    let t = generated();
    assert!(t.contains("| `O` | top: reverse the order |"), "{t}");
    assert!(t.contains("| `r` | --watch: reload now |"), "{t}");
}
