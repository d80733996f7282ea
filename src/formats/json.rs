//! The JSON formats' common first step: UTF-8 (a byte-order mark
//! allowed), then serde, with errors that name the line and column.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::LoadError;

/// Decodes a whole JSON document into `T`.
pub fn decode<T: DeserializeOwned>(data: &[u8]) -> Result<T, LoadError> {
    decode_str(text(data)?)
}

/// The document as text: UTF-8, a byte-order mark dropped.
pub fn text(data: &[u8]) -> Result<&str, LoadError> {
    let text = std::str::from_utf8(data)
        .map_err(|e| LoadError::Profile(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    Ok(text.trim_start_matches('\u{feff}'))
}

/// Decodes a JSON document into `T`, which may borrow from it.
pub fn decode_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::Text {
        line: e.line(),
        msg: format!("column {}: {e}", e.column()),
    })
}
