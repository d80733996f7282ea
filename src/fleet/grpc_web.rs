//! gRPC-Web over HTTP/1.1: how perftui calls Parca's API without an HTTP/2
//! stack. A call is one POST of a framed protobuf message; the answer is a
//! data frame and a trailer frame with the `grpc-status`.

use std::time::Duration;

/// A gRPC-Web call's failure, worded for the user (without the URL, which
/// the caller adds).
pub type CallError = String;

/// Calls `method` (`/package.Service/Method`) at `base` (`http://host:port`)
/// with the encoded request `body`; returns the encoded response, at most
/// `cap` bytes. `headers` are sent too (a tenant, an authorization).
pub fn call(
    base: &str,
    method: &str,
    body: &[u8],
    headers: &[(String, String)],
    cap: u64,
    timeout: Duration,
) -> Result<Vec<u8>, CallError> {
    let reply = super::http::post(
        &format!("{base}{method}"),
        "application/grpc-web+proto",
        &[headers, &[("x-grpc-web".to_string(), "1".to_string())]].concat(),
        // Servers that answer a gRPC error before the body put it in headers.
        &["grpc-status", "grpc-message"],
        &frame(body),
        cap,
        timeout,
    )?;
    if reply.status != 200 {
        return Err(super::http::status_error(reply.status));
    }
    if let [Some(code), message] = reply.headers.as_slice() {
        if code != "0" {
            return Err(grpc_error(code, message.as_deref().unwrap_or("")));
        }
    }
    unframe(&reply.body)
}

/// `message` with gRPC-Web's five-byte header: a flag byte (0: data) and
/// the length, big-endian.
fn frame(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 5);
    out.push(0);
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
    out
}

/// The data frames of a response joined, or the error its trailer names.
fn unframe(mut data: &[u8]) -> Result<Vec<u8>, CallError> {
    let mut message = Vec::new();
    let mut trailer_status: Option<(String, String)> = None;
    while !data.is_empty() {
        let Some((&flag, rest)) = data.split_first() else {
            break;
        };
        let (len, rest) = match rest.split_first_chunk::<4>() {
            Some((len, rest)) => (u32::from_be_bytes(*len) as usize, rest),
            None => return Err("a response frame cut short".to_string()),
        };
        let Some((payload, rest)) = rest.split_at_checked(len) else {
            return Err("a response frame cut short".to_string());
        };
        if flag & 0x80 != 0 {
            let text = String::from_utf8_lossy(payload);
            let mut status = String::new();
            let mut msg = String::new();
            for line in text.split("\r\n") {
                if let Some((k, v)) = line.split_once(':') {
                    match k.trim().to_ascii_lowercase().as_str() {
                        "grpc-status" => status = v.trim().to_string(),
                        "grpc-message" => msg = v.trim().to_string(),
                        _ => {}
                    }
                }
            }
            trailer_status = Some((status, msg));
        } else {
            message.extend_from_slice(payload);
        }
        data = rest;
    }
    match trailer_status {
        Some((code, msg)) if code != "0" && !code.is_empty() => Err(grpc_error(&code, &msg)),
        _ => Ok(message),
    }
}

/// A gRPC status as a user reads it.
fn grpc_error(code: &str, message: &str) -> CallError {
    let name = match code {
        "3" => "invalid argument",
        "5" => "not found",
        "7" => "permission denied",
        "12" => "not implemented by this server",
        "13" => "internal error",
        "14" => "unavailable",
        "16" => "unauthenticated",
        _ => "error",
    };
    let message = percent_decode(message);
    if message.is_empty() {
        format!("the server said: {name} (gRPC status {code})")
    } else {
        format!("the server said: {name}: {message}")
    }
}

/// `%XX` escapes decoded (gRPC messages and URL parameters use them).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(v as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn frames_round_trip_and_a_trailer_error_is_an_error() {
        let mut body = frame(b"hello");
        body.push(0x80);
        let trailer = b"grpc-status: 0\r\ngrpc-message: \r\n";
        body.extend_from_slice(&(trailer.len() as u32).to_be_bytes());
        body.extend_from_slice(trailer);
        assert_eq!(unframe(&body).unwrap(), b"hello");
        let mut bad = vec![0x80];
        let trailer = b"grpc-status: 3\r\ngrpc-message: bad%20query\r\n";
        bad.extend_from_slice(&(trailer.len() as u32).to_be_bytes());
        bad.extend_from_slice(trailer);
        assert_eq!(
            unframe(&bad).unwrap_err(),
            "the server said: invalid argument: bad query"
        );
        assert!(unframe(&[0, 0, 0, 0, 9, 1]).is_err());
    }
}
