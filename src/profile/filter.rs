//! Focus, ignore, hide and show filters with pprof's semantics
//! (`Profile.FilterSamplesByName`).

use crate::goregex::GoRegex as Regex;

use super::model::{Label, Line, Location, Profile, Samples};
use super::tags::{num_label_units, KeyFilter, TagFilter};

/// Name filters; each regex is matched against function names, source file
/// names and binary names, as pprof does.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Keep only samples with a frame matching this.
    pub focus: Option<Regex>,
    /// Drop samples with a frame matching this.
    pub ignore: Option<Regex>,
    /// Remove matching frames from stacks.
    pub hide: Option<Regex>,
    /// Keep only matching frames in stacks.
    pub show: Option<Regex>,
    /// Drop the frames above the root-most matching one; samples without a
    /// match are dropped (pprof's `show_from`).
    pub show_from: Option<Regex>,
    /// Keep only samples whose labels match this (pprof's `tagfocus`).
    pub tagfocus: Option<TagFilter>,
    /// Drop samples whose labels match this (`tagignore`).
    pub tagignore: Option<TagFilter>,
    /// Which label keys samples keep (`tagshow`, `taghide`).
    pub tags: KeyFilter,
}

/// Which filters matched nothing, so the user can be told.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilterMatches {
    /// Focus matched some location.
    pub focus: bool,
    /// Ignore matched some location.
    pub ignore: bool,
    /// Hide matched some location.
    pub hide: bool,
    /// Show matched some location.
    pub show: bool,
    /// Show_from matched some location.
    pub show_from: bool,
    /// Tagfocus matched some sample.
    pub tagfocus: bool,
    /// Tagignore matched some sample.
    pub tagignore: bool,
    /// Tagshow matched some label key.
    pub tagshow: bool,
    /// Taghide matched some label key.
    pub taghide: bool,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.focus.is_none()
            && self.ignore.is_none()
            && self.hide.is_none()
            && self.show.is_none()
            && self.show_from.is_none()
            && self.tagfocus.is_none()
            && self.tagignore.is_none()
            && self.tags.is_empty()
    }

    /// pprof's "Active filters" entries, e.g. `focus=parse`.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, re) in [
            ("focus", &self.focus),
            ("ignore", &self.ignore),
            ("hide", &self.hide),
            ("show", &self.show),
            ("show_from", &self.show_from),
        ] {
            if let Some(re) = re {
                out.push(format!("{name}={}", re.as_str()));
            }
        }
        for (name, f) in [("tagfocus", &self.tagfocus), ("tagignore", &self.tagignore)] {
            if let Some(f) = f {
                out.push(format!("{name}={}", f.text));
            }
        }
        for (name, re) in [("tagshow", &self.tags.show), ("taghide", &self.tags.hide)] {
            if let Some(re) = re {
                out.push(format!("{name}={}", re.as_str()));
            }
        }
        out
    }

    /// The notes pprof prints for filters that matched nothing.
    pub fn unmatched(&self, m: &FilterMatches) -> Vec<String> {
        [
            (self.focus.is_some(), m.focus, "focus"),
            (self.ignore.is_some(), m.ignore, "ignore"),
            (self.hide.is_some(), m.hide, "hide"),
            (self.show.is_some(), m.show, "show"),
            (self.show_from.is_some(), m.show_from, "show_from"),
            (self.tagfocus.is_some(), m.tagfocus, "tagfocus"),
            (self.tagignore.is_some(), m.tagignore, "tagignore"),
            (self.tags.show.is_some(), m.tagshow, "tagshow"),
            (self.tags.hide.is_some(), m.taghide, "taghide"),
        ]
        .into_iter()
        .filter(|&(set, matched, _)| set && !matched)
        .map(|(_, _, what)| format!("{what} expression matched no samples"))
        .collect()
    }
}

fn line_matches(profile: &Profile, line: &Line, re: &Regex) -> bool {
    let f = &profile.functions[line.function as usize];
    re.is_match(profile.str(f.name)) || re.is_match(profile.str(f.filename))
}

fn mapping_matches(profile: &Profile, loc: &Location, re: &Regex) -> bool {
    loc.mapping
        .and_then(|m| profile.mappings.get(m as usize))
        .is_some_and(|m| re.is_match(profile.str(m.file)))
}

/// Applies `filters`, returning the filtered profile (a copy; the input is
/// kept for the unfiltered total and for popping filters later).
pub fn apply(profile: &Profile, filters: &Filters) -> (Profile, FilterMatches) {
    let mut matches = FilterMatches::default();
    if filters.is_empty() {
        return (profile.clone(), matches);
    }
    // Per location: Some(true) focused, Some(false) ignored, None neither.
    let mut focus_or_ignore: Vec<Option<bool>> = vec![None; profile.locations.len()];
    let mut hidden = vec![false; profile.locations.len()];
    let mut any_hidden = false;
    let mut shown_from = vec![false; profile.locations.len()];
    let mut lines: Vec<Line> = Vec::with_capacity(profile.lines.len());
    let mut locations = profile.locations.clone();
    for (li, loc) in profile.locations.iter().enumerate() {
        let own = profile.location_lines(li as u32);
        let matches_name = |re: &Regex| {
            own.iter().any(|l| line_matches(profile, l, re)) || mapping_matches(profile, loc, re)
        };
        if let Some(re) = &filters.ignore {
            if matches_name(re) {
                matches.ignore = true;
                focus_or_ignore[li] = Some(false);
            }
        }
        if focus_or_ignore[li].is_none() {
            match &filters.focus {
                None => focus_or_ignore[li] = Some(true),
                Some(re) if matches_name(re) => {
                    matches.focus = true;
                    focus_or_ignore[li] = Some(true);
                }
                _ => {}
            }
        }
        let mut kept: Vec<Line> = own.to_vec();
        if let Some(re) = &filters.hide {
            if matches_name(re) {
                matches.hide = true;
                kept = if mapping_matches(profile, loc, re) {
                    Vec::new()
                } else {
                    kept.into_iter()
                        .filter(|l| !line_matches(profile, l, re))
                        .collect()
                };
                if kept.is_empty() {
                    hidden[li] = true;
                }
            }
        }
        if let Some(re) = &filters.show {
            if !mapping_matches(profile, loc, re) {
                kept.retain(|l| line_matches(profile, l, re));
            }
            if kept.is_empty() {
                hidden[li] = true;
            } else {
                matches.show = true;
            }
        }
        if let Some(re) = &filters.show_from {
            // pprof cuts the lines above the outermost match (inlined
            // callers) for every sample, not only where it is the root.
            if mapping_matches(profile, loc, re) {
                shown_from[li] = true;
            } else if let Some(i) = kept.iter().rposition(|l| line_matches(profile, l, re)) {
                kept.truncate(i + 1);
                shown_from[li] = true;
            }
            matches.show_from |= shown_from[li];
        }
        any_hidden |= hidden[li];
        let start = lines.len() as u32;
        lines.extend_from_slice(&kept);
        locations[li].lines_start = start;
        locations[li].lines_end = lines.len() as u32;
    }
    let src = &profile.samples;
    let mut samples = Samples::new(src.num_values());
    let mut stack: Vec<u32> = Vec::new();
    let units = if filters.tagfocus.is_some() || filters.tagignore.is_some() {
        num_label_units(profile)
    } else {
        Default::default()
    };
    let mut labels: Vec<Label> = Vec::new();
    'samples: for i in 0..src.len() {
        let mut focused = false;
        for &loc in src.stack(i) {
            match focus_or_ignore[loc as usize] {
                Some(true) => focused = true,
                Some(false) => continue 'samples,
                None => {}
            }
        }
        if !focused {
            continue;
        }
        stack.clear();
        stack.extend(
            src.stack(i)
                .iter()
                .copied()
                .filter(|&l| !any_hidden || !hidden[l as usize]),
        );
        if any_hidden && stack.is_empty() {
            continue;
        }
        if filters.show_from.is_some() {
            match stack.iter().rposition(|&l| shown_from[l as usize]) {
                Some(root) => stack.truncate(root + 1),
                None => continue,
            }
        }
        // As pprof, the label filters see the samples the name filters kept.
        let focused = filters.tagfocus.as_ref().map_or(true, |f| {
            let m = f.matches(profile, src.labels(i), &units);
            matches.tagfocus |= m;
            m
        });
        let ignored = filters.tagignore.as_ref().is_some_and(|f| {
            let m = f.matches(profile, src.labels(i), &units);
            matches.tagignore |= m;
            m
        });
        if !focused || ignored {
            continue;
        }
        if filters.tags.is_empty() {
            samples.push(&stack, src.values(i), src.labels(i));
            continue;
        }
        labels.clear();
        for l in src.labels(i) {
            let (kept, shown, hidden) = filters.tags.keeps(profile.str(l.key));
            matches.tagshow |= shown;
            matches.taghide |= hidden;
            if kept {
                labels.push(*l);
            }
        }
        samples.push(&stack, src.values(i), &labels);
    }
    let out = Profile {
        lines,
        locations,
        samples,
        ..profile_header(profile)
    };
    (out, matches)
}

/// A copy of everything but locations, lines and samples.
fn profile_header(p: &Profile) -> Profile {
    Profile {
        strings: p.strings.clone(),
        sample_types: p.sample_types.clone(),
        default_sample_type: p.default_sample_type,
        period_type: p.period_type,
        period: p.period,
        time_nanos: p.time_nanos,
        duration_nanos: p.duration_nanos,
        comments: p.comments.clone(),
        drop_frames: p.drop_frames,
        keep_frames: p.keep_frames,
        mappings: p.mappings.clone(),
        functions: p.functions.clone(),
        locations: Vec::new(),
        lines: Vec::new(),
        samples: Samples::default(),
        warnings: p.warnings.clone(),
    }
}
