//! UTF-16 text (as Windows tools and PowerShell's `>` write it), told by
//! its byte-order mark and turned into UTF-8 before detection.

/// Whether `data` starts with a UTF-16 byte-order mark.
pub fn has_bom(data: &[u8]) -> bool {
    data.starts_with(&[0xff, 0xfe]) || data.starts_with(&[0xfe, 0xff])
}

/// `data` as UTF-8 if it is UTF-16 with a byte-order mark; unpaired
/// surrogates become U+FFFD and an odd last byte is dropped.
pub fn to_utf8(data: &[u8]) -> Option<String> {
    let little = data.starts_with(&[0xff, 0xfe]);
    if !little && !data.starts_with(&[0xfe, 0xff]) {
        return None;
    }
    let units = data[2..].chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_byte_orders_become_utf8() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("a;b 1\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("a;b 1\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(super::to_utf8(&le).as_deref(), Some("a;b 1\n"));
        assert_eq!(super::to_utf8(&be).as_deref(), Some("a;b 1\n"));
        assert_eq!(super::to_utf8(b"a;b 1\n"), None);
    }
}
