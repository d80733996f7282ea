//! One HTTP POST to a fleet server, and how transport failures read: the
//! part gRPC-Web (Parca) and Connect (Pyroscope) calls share.

use std::time::Duration;

/// A fleet server and how to call it: what Parca's and Pyroscope's
/// clients share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// `http://host:port`.
    pub base: String,
    /// Sent with every call (an authorization, `X-Scope-OrgID`).
    pub headers: Vec<(String, String)>,
    /// The largest response accepted.
    pub cap: u64,
    /// How long a call may take.
    pub timeout: Duration,
}

/// What the server answered, whatever its status.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The headers asked for by name (lower case), in that order; `None`
    /// where absent.
    pub headers: Vec<Option<String>>,
    /// The body, at most the cap.
    pub body: Vec<u8>,
}

/// POSTs `body` to `url` with `content_type` and `headers`, keeping the
/// response headers named in `keep`. Statuses other than 200 are a
/// [`Reply`] too, for the protocol to read its error from.
pub fn post(
    url: &str,
    content_type: &str,
    headers: &[(String, String)],
    keep: &[&str],
    body: &[u8],
    cap: u64,
    timeout: Duration,
) -> Result<Reply, String> {
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots()?).build())
        .build();
    let agent: ureq::Agent = config.into();
    let mut request = agent.post(url).header("content-type", content_type);
    for (k, v) in headers {
        request = request.header(k.as_str(), v.as_str());
    }
    let tls = url.starts_with("https://");
    let mut response = request.send(body).map_err(|e| match e {
        ureq::Error::Io(io) if tls && io.kind() == std::io::ErrorKind::InvalidData => {
            tls_error(&io.to_string())
        }
        ureq::Error::Rustls(e) => tls_error(&e.to_string()),
        ureq::Error::Tls(e) => tls_error(e),
        e => transport_error(e),
    })?;
    let status = response.status().as_u16();
    let headers = keep
        .iter()
        .map(|name| {
            response
                .headers()
                .get(*name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(cap)
        .read_to_vec()
        .map_err(|e| format!("reading the response: {e}"))?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// The certificates an `https://` server must chain to: those of the PEM
/// file `SSL_CERT_FILE` names, as OpenSSL and curl take it (a company's
/// own CA, the system's bundle), else Mozilla's (webpki-roots).
fn roots() -> Result<ureq::tls::RootCerts, String> {
    static ROOTS: std::sync::OnceLock<Result<ureq::tls::RootCerts, String>> =
        std::sync::OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let Some(path) = std::env::var_os("SSL_CERT_FILE").filter(|p| !p.is_empty()) else {
                return Ok(ureq::tls::RootCerts::WebPki);
            };
            let shown = crate::error::escape_controls(&path.to_string_lossy());
            let pem = std::fs::read(&path).map_err(|e| format!("SSL_CERT_FILE {shown}: {e}"))?;
            let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(format!("SSL_CERT_FILE {shown}: no PEM certificates in it"));
            }
            Ok(ureq::tls::RootCerts::new_with_certs(&certs))
        })
        .clone()
}

/// A TLS failure, with what to do about an unknown certificate.
fn tls_error(what: &str) -> String {
    let hint = if what.contains("certificate") {
        " (SSL_CERT_FILE names a PEM file of the CAs to trust)"
    } else if what.contains("corrupt message") {
        " (is the server speaking TLS? parca:// and pyroscope:// are plain HTTP)"
    } else {
        ""
    };
    format!("TLS: {what}{hint}")
}

/// A failure to reach the server or to hear back, as a user reads it.
pub fn transport_error(e: ureq::Error) -> String {
    match e {
        ureq::Error::StatusCode(code) => format!("HTTP status {code}"),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused (is the server running?)".to_string()
        }
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        other => other.to_string(),
    }
}

/// An HTTP status other than 200 that the protocol did not explain.
pub fn status_error(status: u16) -> String {
    match status {
        401 | 403 => format!("HTTP status {status}: not allowed (check the credentials)"),
        404 => format!("HTTP status {status}: no such API here (is this the right server?)"),
        _ => format!("HTTP status {status}"),
    }
}
