//! The format-neutral profile model and the analyses on it.
//!
//! Every reader in [`crate::formats`] produces a [`Profile`]; every view and
//! report reads one. Ids are dense `u32` indexes into the profile's vectors and
//! strings are interned, so the model of a 1M-sample profile stays compact.

pub mod aggregate;
mod builder;
pub mod diff;
pub mod filter;
pub mod frames;
pub mod graph;
pub mod groups;
pub mod label_frames;
pub mod merge;
mod model;
pub mod sandwich;
pub mod select;
mod strings;
pub mod symbols;
pub mod tags;
pub mod trie;
pub mod visible_trie;

pub use builder::ProfileBuilder;
pub use model::{
    Function, Label, LabelValue, Line, Location, Mapping, Profile, Samples, ValueType,
};
pub use strings::{StrId, Strings};
