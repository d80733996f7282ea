//! Function names as pprof shows them: pprof demangles every function
//! whose name is missing or equal to its system name (Go 1.19's
//! `symbolizer.Demangle`, default mode: no parameters, no template
//! arguments), so a Rust or C++ profile whose producer wrote one name in
//! both fields prints `Tally::add_all`, not `rustcpu::Tally<K>::add_all`.

use super::Profile;

/// Rewrites the names of `profile`'s functions as pprof's default
/// demangling does. Functions whose producer gave a name different from the
/// system name keep it: pprof treats them as already demangled.
pub fn demangle_as_pprof(profile: &mut Profile) {
    for i in 0..profile.functions.len() {
        let f = &profile.functions[i];
        if !profile.str(f.name).is_empty() && f.system_name != f.name {
            continue;
        }
        let name = pprof_name(profile.str(f.system_name));
        let id = profile.strings.intern(&name);
        profile.functions[i].name = id;
    }
}

/// The name pprof gives a function known only by its system name.
pub fn pprof_name(system: &str) -> String {
    match demangle_rust(system) {
        Some(d) => d,
        None if looks_like_demangled_cpp(system) => {
            remove_matching(&remove_matching(system, b'(', b')'), b'<', b'>')
        }
        None => system.to_string(),
    }
}

/// A Rust symbol demangled as Go's demangler does it: v0 (`_R…`) by
/// `rustc-demangle` (the same text), legacy (`_ZN…17h<hash>E`) by
/// [`legacy_rust`]. Mangled C++ names are left as they are.
fn demangle_rust(system: &str) -> Option<String> {
    if system.starts_with("_R") {
        let d = rustc_demangle::try_demangle(system).ok()?;
        return Some(format!("{d:#}"));
    }
    legacy_rust(system)
}

/// Go's `oldRustToString`, quirks included (an underscore after a length is
/// taken for a separator, so `__rust_begin_short_backtrace` loses one).
fn legacy_rust(system: &str) -> Option<String> {
    let body = match system.rfind("E.") {
        Some(pos) if pos > 0 => &system[..=pos],
        _ => system,
    };
    let b = body.as_bytes();
    if !body.starts_with("_ZN") || !body.ends_with('E') || b.len() <= 23 {
        return None;
    }
    if &b[b.len() - 20..b.len() - 17] != b"17h" {
        return None;
    }
    let mut seen = 0u16;
    for &c in &b[b.len() - 17..b.len() - 1] {
        seen |= 1 << lower_hex(c)?;
    }
    if seen.count_ones() < 5 {
        return None;
    }
    let mut name = &b[3..b.len() - 20];
    let mut out: Vec<u8> = Vec::with_capacity(name.len());
    while !name.is_empty() {
        if !name[0].is_ascii_digit() {
            return None;
        }
        let mut len = 0usize;
        while let Some(&d) = name.first().filter(|d| d.is_ascii_digit()) {
            len = len.checked_mul(10)?.checked_add((d - b'0') as usize)?;
            if len >= i32::MAX as usize / 10 {
                return None;
            }
            name = &name[1..];
        }
        if name.first() == Some(&b'_') {
            name = &name[1..];
            len = len.checked_sub(1)?;
        }
        if name.len() < len {
            return None;
        }
        let mut id = &name[..len];
        name = &name[len..];
        if !out.is_empty() {
            out.extend_from_slice(b"::");
        }
        if id.starts_with(b"_$") {
            id = &id[1..];
        }
        unescape_legacy(id, &mut out);
    }
    String::from_utf8(out).ok()
}

/// The `$…$` escapes and `..` separators of a legacy Rust identifier; an
/// escape Go does not know ends the decoding, the rest kept as written.
fn unescape_legacy(mut id: &[u8], out: &mut Vec<u8>) {
    while let Some(&c) = id.first() {
        match c {
            b'$' => {
                let decoded = if id.len() > 2 && id[1] == b'C' && id[2] == b'$' {
                    Some((b',', 3))
                } else if id.len() > 4 && id[1] == b'u' && id[4] == b'$' {
                    match (lower_hex(id[2]), lower_hex(id[3])) {
                        (Some(hi), Some(lo)) if hi <= 7 && (hi << 4 | lo) >= b' ' => {
                            Some((hi << 4 | lo, 5))
                        }
                        _ => None,
                    }
                } else if id.len() > 3 && id[3] == b'$' {
                    let code = match &id[1..3] {
                        b"SP" => Some(b'@'),
                        b"BP" => Some(b'*'),
                        b"RF" => Some(b'&'),
                        b"LT" => Some(b'<'),
                        b"GT" => Some(b'>'),
                        b"LP" => Some(b'('),
                        b"RP" => Some(b')'),
                        _ => None,
                    };
                    code.map(|c| (c, 4))
                } else {
                    None
                };
                match decoded {
                    Some((byte, used)) => {
                        out.push(byte);
                        id = &id[used..];
                    }
                    None => {
                        out.extend_from_slice(id);
                        return;
                    }
                }
            }
            b'.' if id.starts_with(b"..") => {
                out.extend_from_slice(b"::");
                id = &id[2..];
            }
            _ => {
                out.push(c);
                id = &id[1..];
            }
        }
    }
}

fn lower_hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// pprof's `looksLikeDemangledCPlusPlus`: `::` or brackets, but not Java
/// (`Class.<init>`) or Go generics (`pkg.(*T[...]).Method`).
fn looks_like_demangled_cpp(name: &str) -> bool {
    if name.contains(".<") || name.contains("]).") {
        return false;
    }
    name.contains(['<', '>', '[', ']']) || name.contains("::")
}

/// pprof's `removeMatching`: cuts every outermost `start … end` group,
/// left to right; at a stray `end` it stops, keeping what is left as it is.
fn remove_matching(name: &str, start: u8, end: u8) -> String {
    let mut name = name.as_bytes().to_vec();
    let (mut nesting, mut first, mut current) = (0usize, 0usize, 0usize);
    while let Some(index) = name[current..].iter().position(|&c| c == start || c == end) {
        current += index;
        if name[current] == start {
            nesting += 1;
            if nesting == 1 {
                first = current;
            }
        } else {
            if nesting == 0 {
                break;
            }
            nesting -= 1;
            if nesting == 0 {
                name.drain(first..=current);
                current = first;
                continue;
            }
        }
        current += 1;
    }
    // Only ASCII brackets were cut, so the bytes are still UTF-8.
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_cut_as_pprof_cuts_them() {
        assert_eq!(
            remove_matching("<rustcpu::Circle as rustcpu::Shape>::area", b'<', b'>'),
            "::area"
        );
        assert_eq!(
            remove_matching("a::f(int, std::pair<int,int>)", b'(', b')'),
            "a::f"
        );
        // A stray closer stops the cutting.
        assert_eq!(remove_matching("a>b<c>", b'<', b'>'), "a>b<c>");
        assert_eq!(remove_matching("a<b>c>d<e>", b'<', b'>'), "ac>d<e>");
        // An unclosed group after a closed one: the closed one goes.
        assert_eq!(remove_matching("a<b>c<d", b'<', b'>'), "ac<d");
    }

    #[test]
    fn only_rust_symbols_are_demangled() {
        assert_eq!(
            demangle_rust("_ZN7rustcpu10sort_words17h3547ea369dd7d68fE").as_deref(),
            Some("rustcpu::sort_words")
        );
        assert_eq!(
            demangle_rust("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h473fe36e248c0ec8E.llvm.418021908778340409").as_deref(),
            Some("std::rt::lang_start::{{closure}}")
        );
        // Go's quirk, kept so names equal pprof's.
        assert_eq!(
            demangle_rust(
                "_ZN3std3sys9backtrace28__rust_begin_short_backtrace17he19506f1eaf297c4E"
            )
            .as_deref(),
            Some("std::sys::backtrace::_rust_begin_short_backtrace")
        );
        // Too few distinct digits for a hash: Go takes it for C++.
        assert_eq!(demangle_rust("_ZN3foo3bar17h0000000000000000E"), None);
        assert_eq!(demangle_rust("_ZN3foo3barEv"), None);
        assert_eq!(demangle_rust("main.main"), None);
    }

    #[test]
    fn go_java_and_plain_names_are_not_taken_for_cpp() {
        assert!(!looks_like_demangled_cpp(
            "sync/atomic.(*Pointer[...]).Load"
        ));
        assert!(!looks_like_demangled_cpp("java.lang.Object.<init>"));
        assert!(!looks_like_demangled_cpp("main.(*T).run"));
        assert!(looks_like_demangled_cpp("main.Sum[...]"));
    }
}
