//! The profile data model (after pprof's `profile.proto`, with dense ids).

use super::strings::{StrId, Strings};

/// A sample type or period type: what is measured and in which unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ValueType {
    /// e.g. `cpu`, `alloc_space`, `goroutine`.
    pub ty: StrId,
    /// e.g. `nanoseconds`, `bytes`, `count`.
    pub unit: StrId,
}

/// A binary or shared library mapped into the profiled process.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// The id the file gave it.
    pub id: u64,
    /// Start address.
    pub memory_start: u64,
    /// End address.
    pub memory_limit: u64,
    /// Offset in the file.
    pub file_offset: u64,
    /// Path of the binary.
    pub file: StrId,
    /// Build id of the binary.
    pub build_id: StrId,
    /// Symbol information flags, as written.
    pub has_functions: bool,
    /// See `has_functions`.
    pub has_filenames: bool,
    /// See `has_functions`.
    pub has_line_numbers: bool,
    /// See `has_functions`.
    pub has_inline_frames: bool,
}

/// A function (one symbol).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Function {
    /// The id the file gave it (0 for formats without ids).
    pub id: u64,
    /// Human-readable name, e.g. `main.(*T).run`.
    pub name: StrId,
    /// Name as the binary knows it (mangled).
    pub system_name: StrId,
    /// Source file.
    pub filename: StrId,
    /// Line where the function starts.
    pub start_line: i64,
}

/// One source line of a location: a frame. Inlined calls give a location
/// several lines, innermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Line {
    /// Index into [`Profile::functions`].
    pub function: u32,
    /// Line number (0 when unknown).
    pub line: i64,
}

/// A program counter with its (possibly inlined) source lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The id the file gave it.
    pub id: u64,
    /// Index into [`Profile::mappings`], if mapped.
    pub mapping: Option<u32>,
    /// Instruction address.
    pub address: u64,
    /// Start of this location's lines in [`Profile::lines`].
    pub lines_start: u32,
    /// End (exclusive) of this location's lines in [`Profile::lines`].
    pub lines_end: u32,
    /// Whether the frames were folded by the writer.
    pub is_folded: bool,
}

/// The value of a sample label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelValue {
    /// A string label, e.g. `handler=/api`.
    Str(StrId),
    /// A numeric label, e.g. `bytes=4096`, with its unit if the file gave one.
    Num {
        /// The number.
        value: i64,
        /// Its unit, e.g. `bytes`.
        unit: Option<StrId>,
    },
}

/// A key/value label attached to a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label {
    /// The key.
    pub key: StrId,
    /// The value.
    pub value: LabelValue,
}

/// All samples, stored column-wise in flat vectors: the stacks of 1M samples
/// are one `Vec<u32>`, not a million small vectors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Samples {
    num_values: usize,
    locations: Vec<u32>,
    location_ends: Vec<u32>,
    values: Vec<i64>,
    labels: Vec<Label>,
    label_ends: Vec<u32>,
}

impl Samples {
    /// An empty sample list whose samples carry `num_values` values each.
    pub fn new(num_values: usize) -> Self {
        Samples {
            num_values,
            ..Default::default()
        }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.location_ends.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.location_ends.is_empty()
    }

    /// Values per sample (= number of sample types).
    pub fn num_values(&self) -> usize {
        self.num_values
    }

    /// The stack of sample `i`: indexes into [`Profile::locations`], leaf first.
    pub fn stack(&self, i: usize) -> &[u32] {
        let start = if i == 0 {
            0
        } else {
            self.location_ends[i - 1] as usize
        };
        &self.locations[start..self.location_ends[i] as usize]
    }

    /// Every sample's stack, one after another (sample `i`'s is
    /// [`Self::stack`]); for walks that keep their own positions.
    pub fn all_stacks(&self) -> &[u32] {
        &self.locations
    }

    /// The values of sample `i`, one per sample type.
    pub fn values(&self, i: usize) -> &[i64] {
        &self.values[i * self.num_values..(i + 1) * self.num_values]
    }

    /// Mutable values of sample `i`.
    pub fn values_mut(&mut self, i: usize) -> &mut [i64] {
        &mut self.values[i * self.num_values..(i + 1) * self.num_values]
    }

    /// Value `index` of sample `i`.
    pub fn value(&self, i: usize, index: usize) -> i64 {
        self.values[i * self.num_values + index]
    }

    /// The labels of sample `i`.
    pub fn labels(&self, i: usize) -> &[Label] {
        let start = if i == 0 {
            0
        } else {
            self.label_ends[i - 1] as usize
        };
        &self.labels[start..self.label_ends[i] as usize]
    }

    /// Appends a sample. `values` must have [`Samples::num_values`] entries;
    /// readers check this before calling.
    pub fn push(&mut self, stack: &[u32], values: &[i64], labels: &[Label]) {
        debug_assert_eq!(values.len(), self.num_values);
        self.locations.extend_from_slice(stack);
        self.location_ends.push(self.locations.len() as u32);
        self.values.extend_from_slice(values);
        self.labels.extend_from_slice(labels);
        self.label_ends.push(self.labels.len() as u32);
    }

    /// Appends a sample whose stack is pushed location by location, for
    /// readers that decode straight into the store (no temporary vector).
    pub fn push_location(&mut self, location: u32) {
        self.locations.push(location);
    }

    /// Appends one label to the sample being built with
    /// [`Samples::push_location`].
    pub fn push_label(&mut self, label: Label) {
        self.labels.push(label);
    }

    /// Appends one value to the sample being built.
    pub fn push_value(&mut self, value: i64) {
        self.values.push(value);
    }

    /// Number of values pushed so far (to check a sample being built).
    pub fn pushed_values(&self) -> usize {
        self.values.len()
    }

    /// Closes the sample built with the `push_*` calls.
    pub fn finish_sample(&mut self) {
        self.location_ends.push(self.locations.len() as u32);
        self.label_ends.push(self.labels.len() as u32);
    }

    /// Total number of stack entries over all samples.
    pub fn total_stack_len(&self) -> usize {
        self.locations.len()
    }
}

/// A profile: what was measured, the symbols, and the samples.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// Interned strings of everything below.
    pub strings: Strings,
    /// The sample types; every sample has one value per type.
    pub sample_types: Vec<ValueType>,
    /// The type shown by default, if the file says.
    pub default_sample_type: Option<StrId>,
    /// What one sampling period measures.
    pub period_type: Option<ValueType>,
    /// The sampling period.
    pub period: i64,
    /// When the profile was taken (Unix nanoseconds; 0 if unknown).
    pub time_nanos: i64,
    /// How long it was taken over (0 if unknown).
    pub duration_nanos: i64,
    /// Free-form comments.
    pub comments: Vec<StrId>,
    /// Regex of frames to drop (pprof `drop_frames`).
    pub drop_frames: Option<StrId>,
    /// Regex of frames to keep (pprof `keep_frames`).
    pub keep_frames: Option<StrId>,
    /// Mapped binaries.
    pub mappings: Vec<Mapping>,
    /// Functions.
    pub functions: Vec<Function>,
    /// Locations; their lines are ranges of [`Profile::lines`].
    pub locations: Vec<Location>,
    /// The lines of all locations, innermost first within a location.
    pub lines: Vec<Line>,
    /// The samples.
    pub samples: Samples,
    /// What the reader skipped or could not be sure of, one line each
    /// (shown on standard error and in the status line, never fatal).
    pub warnings: Vec<String>,
}

impl Profile {
    /// The lines (frames) of location `loc`, innermost first.
    pub fn location_lines(&self, loc: u32) -> &[Line] {
        let l = &self.locations[loc as usize];
        &self.lines[l.lines_start as usize..l.lines_end as usize]
    }

    /// The string of an id.
    pub fn str(&self, id: StrId) -> &str {
        self.strings.get(id)
    }

    /// The name of a sample type, e.g. `cpu`.
    pub fn sample_type_name(&self, index: usize) -> &str {
        self.sample_types
            .get(index)
            .map(|t| self.str(t.ty))
            .unwrap_or("")
    }

    /// The unit of a sample type, e.g. `nanoseconds`.
    pub fn sample_type_unit(&self, index: usize) -> &str {
        self.sample_types
            .get(index)
            .map(|t| self.str(t.unit))
            .unwrap_or("")
    }

    /// The first sample type whose absolute values add up to more than
    /// `i64::MAX`, if any. Below that no sum of a subset of samples (a
    /// node's cum, a function's flat, a diff's total) can wrap.
    pub fn overflowing_type(&self) -> Option<usize> {
        (0..self.samples.num_values()).find(|&index| {
            (0..self.samples.len())
                .try_fold(0i64, |sum, i| {
                    sum.checked_add(self.samples.value(i, index).checked_abs()?)
                })
                .is_none()
        })
    }

    /// The error for [`Profile::overflowing_type`], in words.
    pub fn overflow_message(&self, index: usize) -> String {
        format!(
            "the {} values add up to more than {} (a sum would wrap)",
            self.sample_type_name(index),
            i64::MAX
        )
    }

    /// Sum of value `index` over all samples.
    pub fn sum(&self, index: usize) -> i64 {
        (0..self.samples.len())
            .map(|i| self.samples.value(i, index))
            .fold(0i64, i64::wrapping_add)
    }

    /// The pprof "total" of value `index`: the sum of absolute values, or,
    /// for a diff, of the base samples only (pprof `computeTotal`).
    pub fn total(&self, index: usize) -> i64 {
        self.total_with(index, None)
    }

    /// [`Profile::total`], divided by the same total of value `divisor`
    /// when given (pprof's `-mean`).
    pub fn total_with(&self, index: usize, divisor: Option<usize>) -> i64 {
        let base = self
            .strings
            .find("pprof::base")
            .zip(self.strings.find("true"));
        let (mut total, mut div) = (0i64, 0i64);
        let (mut diff_total, mut diff_div) = (0i64, 0i64);
        for i in 0..self.samples.len() {
            let v = self.samples.value(i, index).wrapping_abs();
            let d = divisor.map_or(0, |d| self.samples.value(i, d).wrapping_abs());
            total = total.wrapping_add(v);
            div = div.wrapping_add(d);
            if let Some((key, t)) = base {
                if self
                    .samples
                    .labels(i)
                    .iter()
                    .any(|l| l.key == key && l.value == LabelValue::Str(t))
                {
                    diff_total = diff_total.wrapping_add(v);
                    diff_div = diff_div.wrapping_add(d);
                }
            }
        }
        if diff_total > 0 {
            (total, div) = (diff_total, diff_div);
        }
        if div != 0 {
            total.wrapping_div(div)
        } else {
            total
        }
    }
}
