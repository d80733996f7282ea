//! Titles that name files, shortened to fit: directories go first, as long
//! as the files stay told apart, then the file names from their end.

/// `title` with each path reduced to its last `keep` components.
fn path_tails(title: &str, keep: usize) -> String {
    title
        .split(' ')
        .map(|w| {
            let parts: Vec<&str> = w.split('/').filter(|p| !p.is_empty()).collect();
            if parts.len() <= keep {
                w.to_string()
            } else {
                parts[parts.len() - keep..].join("/")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `title`, then shorter forms of it (paths cut to their last two
/// components, then to their last), longest first, leaving out any that
/// would make two paths read the same (`before/cpu.pb.gz → after/cpu.pb.gz`
/// stays).
pub fn shorter_forms(title: &str) -> Vec<String> {
    let distinct = |t: &String| {
        let paths: Vec<&str> = t
            .split(' ')
            .filter(|w| w.contains('.') || w.contains('/'))
            .collect();
        paths
            .iter()
            .enumerate()
            .all(|(i, p)| !paths[..i].contains(p))
    };
    let mut out: Vec<String> = Vec::new();
    for t in [
        title.to_string(),
        path_tails(title, 2),
        path_tails(title, 1),
    ] {
        if distinct(&t) && !out.contains(&t) {
            out.push(t);
        }
    }
    if out.is_empty() {
        out.push(title.to_string());
    }
    out
}

/// The longest form of `title` that fits `room` columns, else its
/// shortest form cut at the end.
pub fn fit(title: &str, room: usize) -> String {
    let forms = shorter_forms(title);
    if let Some(f) = forms.iter().find(|f| f.chars().count() <= room) {
        return f.clone();
    }
    super::ellipsize(forms.last().map_or(title, String::as_str), room)
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn directories_go_first_but_never_the_difference() {
        let t = "runs  sample-profiles/runs/before → sample-profiles/runs/after";
        assert_eq!(fit(t, 80), t);
        assert_eq!(fit(t, 40), "runs  runs/before → runs/after");
        assert_eq!(fit(t, 25), "runs  before → after");
        assert_eq!(fit(t, 10), "runs  bef…");
        let same = "a/cpu.pb.gz → b/cpu.pb.gz";
        assert_eq!(fit(same, 15), "a/cpu.pb.gz → …");
    }
}
