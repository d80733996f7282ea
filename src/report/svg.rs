//! SVG flame graphs (`perftui flamegraph`), drawn by inferno from folded
//! stacks: a profile's, or a differential one of BEFORE and AFTER.

use crate::profile::frames::Granularity;
use crate::profile::Profile;

use super::fold::folded_whole as folded;

/// What to draw.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    /// The title at the top of the image.
    pub title: String,
    /// The sample type, e.g. `cpu`, for the subtitle.
    pub sample_type: String,
    /// The unit of the values, e.g. `nanoseconds`, in the tooltips.
    pub unit: String,
    /// Frame granularity.
    pub granularity: Granularity,
}

fn inferno_options(
    profile: &Profile,
    index: usize,
    opts: &SvgOptions,
    subtitle: String,
) -> inferno::flamegraph::Options<'static> {
    let mut o = inferno::flamegraph::Options::default();
    o.title = opts.title.clone();
    o.subtitle = Some(subtitle);
    o.count_name = opts.unit.clone();
    // Fractional counts are folded as whole numbers of their fraction
    // (inferno's `factor` would round every frame to whole samples).
    if let Some(places) = super::units::fraction_places(profile.sample_type_unit(index)) {
        o.count_name = format!("{}×1e-{places}", profile.sample_type_name(index));
    }
    // The same input always gives the same file (no random colours), so
    // SVGs can be committed and compared.
    o.deterministic = true;
    o.hash = true;
    o
}

fn render(opts: &mut inferno::flamegraph::Options<'_>, lines: &str) -> Result<String, String> {
    let mut out = Vec::new();
    inferno::flamegraph::from_lines(opts, lines.lines(), &mut out)
        .map_err(|e| format!("drawing the flame graph: {e}"))?;
    String::from_utf8(out).map_err(|e| format!("drawing the flame graph: {e}"))
}

/// The flame graph of sample type `index` of `profile`.
pub fn flamegraph(profile: &Profile, index: usize, opts: &SvgOptions) -> Result<String, String> {
    let lines = folded(profile, index, opts.granularity);
    if lines.is_empty() {
        return Err(format!(
            "no samples with a non-zero {} value to draw",
            opts.sample_type
        ));
    }
    let mut o = inferno_options(profile, index, opts, opts.sample_type.clone());
    render(&mut o, &lines)
}

/// The differential flame graph of AFTER against BEFORE (inferno's
/// `difffolded` then `flamegraph`): frames as wide as in AFTER, red where
/// they grew, blue where they shrank. Folded stacks hold counts that are not
/// negative, so both profiles are folded as they are; normalise AFTER
/// first (as `perftui diff --normalize`) to compare shapes.
pub fn differential(
    before: &Profile,
    after: &Profile,
    index: usize,
    opts: &SvgOptions,
) -> Result<String, String> {
    let (b, a) = (
        folded(before, index, opts.granularity),
        folded(after, index, opts.granularity),
    );
    if b.is_empty() && a.is_empty() {
        return Err(format!(
            "no samples with a non-zero {} value to draw",
            opts.sample_type
        ));
    }
    let mut diff = Vec::new();
    inferno::differential::from_readers(
        inferno::differential::Options::default(),
        b.as_bytes(),
        a.as_bytes(),
        &mut diff,
    )
    .map_err(|e| format!("diffing the folded stacks: {e}"))?;
    let diff = String::from_utf8(diff).map_err(|e| format!("diffing the folded stacks: {e}"))?;
    let mut o = inferno_options(
        after,
        index,
        opts,
        format!(
            "{}: red grew, blue shrank; widths are AFTER's",
            opts.sample_type
        ),
    );
    render(&mut o, &diff)
}
