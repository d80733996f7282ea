//! The one input loader: turns the arguments of a command (files, URLs,
//! `-` for standard input, run directories) into profiles or benchmark
//! tables, every failure one [`InputError`] that names the input. The size
//! cap (`--max-size`) is a field of the [`Loader`], passed down to every
//! read, not a global.

use std::path::{Path, PathBuf};

use crate::bench::formats::Loaded;
use crate::bench::table::{Options, Tables};
use crate::error::{FileError, LoadError};
use crate::profile::{merge, Profile};

/// The default size cap: far above any real profile, small enough that a
/// gzip bomb cannot take the machine's memory.
pub const DEFAULT_MAX_SIZE: u64 = crate::formats::gzip::MAX_INFLATED;

/// Why an input could not be loaded. Each is one line naming the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// A file could not be read as a profile.
    #[error("{0}")]
    File(#[from] FileError),
    /// A URL could not be fetched, or did not hold a profile.
    #[error("{0}")]
    Url(String),
    /// Profiles that cannot be merged or compared.
    #[error("{inputs}: {message}")]
    Incompatible {
        /// The inputs, as given.
        inputs: String,
        /// Why.
        message: String,
    },
    /// Benchmark files that could not be read.
    #[error("{0}")]
    Benchmarks(String),
    /// Anything else, already worded for the user.
    #[error("{0}")]
    Message(String),
}

/// Where a profile comes from, to read it again (`--watch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Files or URLs, merged.
    Inputs(Vec<String>),
    /// AFTER against BEFORE (pprof `-diff_base`).
    Diff {
        /// BEFORE.
        before: String,
        /// AFTER.
        after: String,
        /// Scale AFTER to BEFORE's total first.
        normalize: bool,
    },
}

impl Source {
    /// The files to watch (URLs are fetched again on a timer instead).
    pub fn files(&self) -> Vec<PathBuf> {
        self.inputs()
            .into_iter()
            .filter(|s| !is_url(s) && *s != "-")
            .map(PathBuf::from)
            .collect()
    }

    /// Whether any input is a URL.
    pub fn has_urls(&self) -> bool {
        self.inputs().into_iter().any(is_url)
    }

    fn inputs(&self) -> Vec<&str> {
        match self {
            Source::Inputs(v) => v.iter().map(String::as_str).collect(),
            Source::Diff { before, after, .. } => vec![before, after],
        }
    }
}

/// Whether an input names a URL rather than a file.
pub fn is_url(s: &str) -> bool {
    crate::live::is_url(s) || crate::fleet::is_fleet(s)
}

/// Which base `--diff-base` or `--base` subtracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseKind {
    /// pprof `-diff_base`: percentages are relative to the base.
    DiffBase,
    /// pprof `-base`: subtracted, not the reference.
    Base,
}

/// Loads inputs with a size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loader {
    /// Refuse inputs larger than this (bytes, decompressed).
    pub max_size: u64,
    /// Read every profile with this reader (`--input-format`) instead of
    /// detecting the format.
    pub format: Option<crate::formats::Kind>,
    /// Print the readers' warnings on standard error as profiles load
    /// (off under a full-screen view, which shows them itself).
    pub print_warnings: bool,
    /// The tenant and token for `parca://` and `pyroscope://` sources.
    pub fleet: crate::fleet::Credentials,
}

impl Default for Loader {
    fn default() -> Self {
        Loader {
            max_size: DEFAULT_MAX_SIZE,
            format: None,
            print_warnings: false,
            fleet: crate::fleet::Credentials::default(),
        }
    }
}

impl Loader {
    /// Reads one profile: a file, a URL, or `-` (standard input).
    pub fn profile(&self, input: &str) -> Result<Profile, InputError> {
        let profile = self.read(input)?;
        if self.print_warnings {
            for w in &profile.warnings {
                eprintln!("perftui: warning: {w}");
            }
        }
        Ok(profile)
    }

    fn read(&self, input: &str) -> Result<Profile, InputError> {
        if crate::fleet::is_fleet(input) {
            return crate::fleet::fetch(input, self.max_size, self.fleet).map_err(InputError::Url);
        }
        if is_url(input) {
            return crate::live::fetch(input, self.max_size, self.format).map_err(InputError::Url);
        }
        if input == "-" {
            let name = "standard input";
            let data = self.stdin().map_err(|error| FileError {
                file: name.to_string(),
                error,
            })?;
            return Ok(crate::formats::load_bytes(
                name,
                &data,
                self.max_size,
                self.format,
            )?);
        }
        Ok(crate::formats::load_file_as(
            Path::new(input),
            self.max_size,
            self.format,
        )?)
    }

    /// Standard input, at most the cap.
    fn stdin(&self) -> Result<Vec<u8>, LoadError> {
        crate::formats::capped::read_stdin(self.max_size)
    }

    /// Reads and merges `inputs`; the built-in demo profile when there are
    /// none.
    pub fn merged(&self, inputs: &[String]) -> Result<Profile, InputError> {
        if inputs.is_empty() {
            return crate::formats::read_profile(crate::demo::DEMO_PROFILE).map_err(|error| {
                InputError::File(FileError {
                    file: crate::demo::DEMO_NAME.to_string(),
                    error,
                })
            });
        }
        let mut profiles = Vec::with_capacity(inputs.len());
        for i in inputs {
            profiles.push(self.profile(i)?);
        }
        merge::merge(profiles).map_err(|message| InputError::Incompatible {
            inputs: inputs.join(", "),
            message,
        })
    }

    /// Reads two profiles (in parallel) and makes AFTER's diff against
    /// BEFORE, as pprof `-diff_base BEFORE AFTER`.
    pub fn diff(&self, before: &str, after: &str, normalize: bool) -> Result<Profile, InputError> {
        let (b, a) = std::thread::scope(|s| {
            let b = s.spawn(|| self.profile(before));
            (b.join(), self.profile(after))
        });
        let b = b.map_err(|_| InputError::Message(format!("{before}: the reader failed")))??;
        merge::diff_base(a?, b, normalize).map_err(|message| InputError::Incompatible {
            inputs: format!("{before} and {after}"),
            message,
        })
    }

    /// Reads what a [`Source`] names.
    pub fn source(&self, source: &Source) -> Result<Profile, InputError> {
        match source {
            Source::Inputs(v) => self.merged(v),
            Source::Diff {
                before,
                after,
                normalize,
            } => self.diff(before, after, *normalize),
        }
    }

    /// Reads and merges `inputs`, then subtracts a base (`--diff-base` or
    /// `--base`), scaled first with `normalize`.
    pub fn with_base(
        &self,
        inputs: &[String],
        base: Option<(&str, BaseKind)>,
        normalize: bool,
    ) -> Result<Profile, InputError> {
        let Some((base_input, kind)) = base else {
            if normalize {
                // pprof's words: scaling needs a profile to scale to.
                return Err(InputError::Message(
                    "--normalize: must have base profile to normalize by (--diff-base or --base)"
                        .to_string(),
                ));
            }
            return self.merged(inputs);
        };
        let profile = self.merged(inputs)?;
        let base = self.profile(base_input)?;
        let wrap = |message: String| InputError::Incompatible {
            inputs: base_input.to_string(),
            message,
        };
        match kind {
            BaseKind::DiffBase => merge::diff_base(profile, base, normalize).map_err(wrap),
            BaseKind::Base => {
                let (mut p, mut base) = (profile, base);
                if normalize {
                    merge::normalize(&mut p, &base).map_err(wrap)?;
                }
                let n = base.sample_types.len();
                merge::scale(&mut base, &vec![-1.0; n]);
                // pprof merges the two, so a stack in both is one sample
                // (zero, and dropped, when it did not change).
                merge::merge(vec![p, base])
                    .map(|m| merge::compact(&m))
                    .map_err(wrap)
            }
        }
    }

    /// Reads benchmark files (each optionally `label=path`) and groups the
    /// results into benchstat's tables. `settled`: files may still be being
    /// written, so a half-written last line waits for the next read.
    pub fn benchmarks(
        &self,
        files: &[String],
        options: &Options,
        settled: bool,
    ) -> Result<(Tables, Loaded), InputError> {
        use crate::bench::{formats, table};
        let mut builder =
            table::Builder::new(options).map_err(|e| InputError::Message(e.to_string()))?;
        let inputs = formats::inputs(files);
        let loaded = if settled {
            formats::load_settled(&inputs, self.max_size)
        } else {
            formats::load(&inputs, self.max_size)
        }
        .map_err(|e| InputError::Benchmarks(e.to_string()))?;
        for r in &loaded.results {
            builder.add(r);
        }
        Ok((builder.finish(&loaded.units), loaded))
    }

    /// Pairs the files of two run directories by name.
    pub fn run_pairs(
        &self,
        before: &Path,
        after: &Path,
    ) -> Result<Vec<crate::run_dirs::RunPair>, InputError> {
        crate::run_dirs::pair(before, after, self.max_size).map_err(InputError::Message)
    }
}
