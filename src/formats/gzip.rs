//! Gzip detection and inflation with a size cap.

use std::io::Read;

use crate::error::LoadError;

/// Largest decompressed size accepted by default: far above any real
/// profile (the 1M-sample synthetic one is 45 MB), small enough that a gzip
/// bomb cannot take a 24 GiB machine's memory.
pub const MAX_INFLATED: u64 = 4 << 30;

/// Whether `data` starts with the gzip magic bytes.
pub fn is_gzip(data: &[u8]) -> bool {
    data.len() >= 2 && data[0] == 0x1f && data[1] == 0x8b
}

/// Inflates a (possibly multi-member) gzip stream, up to the default cap.
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, LoadError> {
    inflate_capped(data, MAX_INFLATED)
}

/// Inflates with an explicit cap on the output size.
pub fn inflate_capped(data: &[u8], cap: u64) -> Result<Vec<u8>, LoadError> {
    // The trailer's ISIZE (size mod 2^32) is only a hint: it comes from the
    // file, so it is capped before it sizes an allocation.
    let hint = data
        .len()
        .checked_sub(4)
        .and_then(|i| data.get(i..))
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .unwrap_or(0)
        .min(data.len().saturating_mul(16))
        .min(1 << 30);
    let mut out = Vec::with_capacity(hint);
    let decoder = flate2::read::MultiGzDecoder::new(data);
    let mut limited = decoder.take(cap.saturating_add(1));
    match limited.read_to_end(&mut out) {
        Ok(_) => {}
        Err(e) => return Err(gzip_error(e)),
    }
    if out.len() as u64 > cap {
        return Err(LoadError::TooLarge(cap));
    }
    Ok(out)
}

fn gzip_error(e: std::io::Error) -> LoadError {
    let msg = e.to_string();
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        LoadError::TruncatedGzip
    } else if msg.contains("checksum") {
        LoadError::GzipChecksum
    } else {
        LoadError::Gzip(msg)
    }
}
