//! Choosing the sample type to show (pprof `-sample_index`).

use super::model::Profile;

/// The chosen sample type, and why when it is not the one asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleChoice {
    /// Index into [`Profile::sample_types`].
    pub index: usize,
    /// Set when perftui chose another type than pprof would have.
    pub note: Option<String>,
}

/// How to treat a default sample type that is zero everywhere (heap
/// profiles of finished jobs, golang/go#24443).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenEmpty {
    /// Show another, non-empty type (the TUI and pictures: an empty screen
    /// helps nobody); the note says which.
    ShowAnother,
    /// Keep pprof's choice, so reports print what `go tool pprof` prints;
    /// the note names the type `--sample-index` could pick instead.
    KeepPprofs,
}

/// Resolves `--sample-index`: a type name (`inuse_` may be left out, as in
/// pprof), or a number; `None` picks the default type, or the last type, as
/// pprof does — unless that type sums to zero everywhere, where `when_empty`
/// decides.
pub fn sample_index(
    profile: &Profile,
    spec: Option<&str>,
    when_empty: WhenEmpty,
) -> Result<SampleChoice, String> {
    let n = profile.sample_types.len();
    if n == 0 {
        return Err("the profile has no sample types".to_string());
    }
    let Some(spec) = spec.filter(|s| !s.is_empty()) else {
        let default = profile
            .default_sample_type
            .and_then(|d| profile.sample_types.iter().position(|t| t.ty == d))
            .unwrap_or(n - 1);
        let other = if profile.sum(default) == 0 && !profile.samples.is_empty() {
            non_empty_alternative(profile, default)
        } else {
            None
        };
        let empty = profile.sample_type_name(default);
        return Ok(match (other, when_empty) {
            (None, _) => SampleChoice {
                index: default,
                note: None,
            },
            (Some(other), WhenEmpty::ShowAnother) => SampleChoice {
                index: other,
                note: Some(format!(
                    "sample type {empty} is empty in this profile; showing {} instead",
                    profile.sample_type_name(other)
                )),
            },
            (Some(other), WhenEmpty::KeepPprofs) => SampleChoice {
                index: default,
                note: Some(format!(
                    "sample type {empty} is empty in this profile; --sample-index={} shows what it holds",
                    profile.sample_type_name(other)
                )),
            },
        });
    };
    if let Ok(i) = spec.parse::<i64>() {
        if i < 0 || i as usize >= n {
            return Err(format!(
                "sample index {spec} is outside the range [0..{}]",
                n - 1
            ));
        }
        return Ok(SampleChoice {
            index: i as usize,
            note: None,
        });
    }
    let no_inuse = spec.strip_prefix("inuse_").unwrap_or(spec);
    if let Some(i) = (0..n).find(|&i| {
        let t = profile.sample_type_name(i);
        t == spec || t == no_inuse
    }) {
        return Ok(SampleChoice {
            index: i,
            note: None,
        });
    }
    let names: Vec<&str> = (0..n).map(|i| profile.sample_type_name(i)).collect();
    Err(format!(
        "sample type {spec:?} not found; the profile has: {}",
        names.join(", ")
    ))
}

/// The non-empty type to show instead of `empty`: the first with the same
/// unit (inuse_space → alloc_space), else the first non-empty one.
fn non_empty_alternative(profile: &Profile, empty: usize) -> Option<usize> {
    let n = profile.sample_types.len();
    let unit = profile.sample_type_unit(empty);
    let non_empty = |i: &usize| profile.sum(*i) != 0;
    (0..n)
        .filter(non_empty)
        .find(|&i| profile.sample_type_unit(i) == unit)
        .or_else(|| (0..n).find(non_empty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileBuilder;

    /// A heap profile of a benchmark: allocations, nothing in use (golang/go#24443).
    fn empty_inuse() -> Profile {
        let mut b = ProfileBuilder::new(&[
            ("alloc_objects", "count"),
            ("alloc_space", "bytes"),
            ("inuse_objects", "count"),
            ("inuse_space", "bytes"),
        ]);
        let f = b.function("main.alloc", "main.go");
        let loc = b.frame(f, 3);
        b.sample(&[loc], &[2, 64, 0, 0], &[]);
        b.finish()
    }

    #[test]
    fn empty_default_type_is_kept_for_reports_and_replaced_for_viewing() {
        let p = empty_inuse();
        let c = sample_index(&p, None, WhenEmpty::ShowAnother).unwrap();
        assert_eq!(c.index, 1);
        assert_eq!(
            c.note.as_deref(),
            Some("sample type inuse_space is empty in this profile; showing alloc_space instead")
        );
        let c = sample_index(&p, None, WhenEmpty::KeepPprofs).unwrap();
        assert_eq!(c.index, 3);
        assert_eq!(
            c.note.as_deref(),
            Some("sample type inuse_space is empty in this profile; --sample-index=alloc_space shows what it holds")
        );
        // Asked for explicitly, the empty type is shown as asked.
        let c = sample_index(&p, Some("inuse_space"), WhenEmpty::ShowAnother).unwrap();
        assert_eq!((c.index, c.note), (3, None));
        // pprof's legacy names without `inuse_`, and indexes.
        assert_eq!(
            sample_index(&p, Some("2"), WhenEmpty::KeepPprofs)
                .unwrap()
                .index,
            2
        );
        assert!(sample_index(&p, Some("4"), WhenEmpty::KeepPprofs).is_err());
    }
}
