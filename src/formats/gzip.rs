//! Gzip detection and inflation with a size cap.

use std::io::Read;

use crate::error::LoadError;

/// Largest decompressed size accepted by default: five times the 1M-sample
/// synthetic profile (45 MB), small enough that the worst input under it
/// (empty string-table entries decode to ~11 bytes of memory per byte:
/// 1.4 GB for 128 MiB) on both sides of a diff leaves a 24 GiB machine
/// standing, and that a bomb refused at the cap costs ~270 MB.
pub const MAX_INFLATED: u64 = 256 << 20;

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
    inflate_checked(data, cap, |_| Ok(()))
}

/// Bytes inflated between two looks at the output.
const CHUNK: u64 = 1 << 20;

/// Inflates with a cap, showing `check` the output so far after every
/// chunk: an error from it stops inflating, so a stream that is not what
/// the caller reads is refused in its first chunk, not at the cap.
pub fn inflate_checked(
    data: &[u8],
    cap: u64,
    mut check: impl FnMut(&[u8]) -> Result<(), LoadError>,
) -> Result<Vec<u8>, LoadError> {
    // The trailer's ISIZE (size mod 2^32) is only a hint: it comes from the
    // file, so it is capped before it sizes an allocation.
    let hint = data
        .len()
        .checked_sub(4)
        .and_then(|i| data.get(i..))
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .unwrap_or(0)
        .min(data.len().saturating_mul(16))
        .min(1 << 28);
    let mut out = Vec::with_capacity(hint);
    let big = data.len() as u64 > CHUNK;
    let _step = big.then(|| crate::progress::step("decompressing", data.len() as u64));
    let mut decoder = flate2::read::MultiGzDecoder::new(data);
    let limit = cap.saturating_add(1);
    loop {
        let want = CHUNK.min(limit - out.len() as u64);
        let got = (&mut decoder)
            .take(want)
            .read_to_end(&mut out)
            .map_err(gzip_error)?;
        if out.len() as u64 > cap {
            return Err(LoadError::TooLarge(cap));
        }
        if got == 0 {
            return Ok(out);
        }
        if big {
            // How much of the compressed input the decoder has taken.
            let left = decoder.get_ref().len() as u64;
            crate::progress::set(data.len() as u64 - left);
        }
        check(&out)?;
    }
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
