//! pprof's `-noinlines`: every location keeps only its outermost line, so
//! the time of an inlined call counts as its caller's, at the call's line.

use super::Profile;

/// A copy of `profile` whose locations hold their outermost line only.
pub fn without_inlines(profile: &Profile) -> Profile {
    let mut out = profile.clone();
    let mut lines = Vec::with_capacity(profile.locations.len());
    for (li, loc) in out.locations.iter_mut().enumerate() {
        let own = profile.location_lines(li as u32);
        let start = lines.len() as u32;
        if let Some(&outermost) = own.last() {
            lines.push(outermost);
        }
        loc.lines_start = start;
        loc.lines_end = lines.len() as u32;
    }
    out.lines = lines;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::frames::{FrameTable, Granularity};
    use crate::profile::ProfileBuilder;

    #[test]
    fn inlined_frames_fold_into_their_caller() {
        let mut b = ProfileBuilder::new(&[("cpu", "nanoseconds")]);
        let inner = b.function("main.inner", "main.go");
        let outer = b.function("main.outer", "main.go");
        let loc = b.address_location(
            0x1000,
            &[
                crate::profile::Line {
                    function: inner,
                    line: 3,
                },
                crate::profile::Line {
                    function: outer,
                    line: 10,
                },
            ],
        );
        b.sample(&[loc], &[5], &[]);
        let p = without_inlines(&b.finish());
        let frames = FrameTable::new(&p, Granularity::Lines);
        let names: Vec<&str> = frames
            .location_frames(0)
            .iter()
            .map(|&f| frames.name(f))
            .collect();
        assert_eq!(names, ["main.outer main.go:10"]);
    }
}
