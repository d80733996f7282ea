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

/// Resolves `--sample-index`: a type name (`inuse_` may be left out, as in
/// pprof), or a number; `None` picks the default type, or the last type, as
/// pprof does — except that when that type sums to zero everywhere (heap
/// profiles of benchmarks, golang/go#24443) the first non-empty type is
/// taken, and the note says so.
pub fn sample_index(profile: &Profile, spec: Option<&str>) -> Result<SampleChoice, String> {
    let n = profile.sample_types.len();
    if n == 0 {
        return Err("the profile has no sample types".to_string());
    }
    let Some(spec) = spec.filter(|s| !s.is_empty()) else {
        let default = profile
            .default_sample_type
            .and_then(|d| profile.sample_types.iter().position(|t| t.ty == d))
            .unwrap_or(n - 1);
        if profile.sum(default) == 0 && !profile.samples.is_empty() {
            if let Some(other) = (0..n).find(|&i| profile.sum(i) != 0) {
                return Ok(SampleChoice {
                    index: other,
                    note: Some(format!(
                        "sample type {} is empty in this profile; showing {} instead",
                        profile.sample_type_name(default),
                        profile.sample_type_name(other)
                    )),
                });
            }
        }
        return Ok(SampleChoice {
            index: default,
            note: None,
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
    fn empty_default_type_falls_back_to_the_first_non_empty_one_and_says_so() {
        let p = empty_inuse();
        let c = sample_index(&p, None).unwrap();
        assert_eq!(c.index, 0);
        assert_eq!(
            c.note.as_deref(),
            Some("sample type inuse_space is empty in this profile; showing alloc_objects instead")
        );
        // Asked for explicitly, the empty type is shown as asked.
        let c = sample_index(&p, Some("inuse_space")).unwrap();
        assert_eq!((c.index, c.note), (3, None));
        // pprof's legacy names without `inuse_`, and indexes.
        assert_eq!(sample_index(&p, Some("2")).unwrap().index, 2);
        assert!(sample_index(&p, Some("4")).is_err());
    }
}
