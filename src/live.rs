//! Profiles from URLs of running Go services (`net/http/pprof` endpoints),
//! as `go tool pprof` accepts them, fetched with timeouts and a size cap.

use std::time::Duration;

use crate::profile::Profile;

/// Whether an input names a URL rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// The longest `?seconds=` a URL may ask for: a day.
pub const MAX_SECONDS: u64 = 86_400;

/// How long a fetch may take: a CPU profile's `?seconds=N` plus a margin,
/// 30 s for the instant endpoints (heap, goroutine).
pub fn fetch_timeout(url: &str) -> Duration {
    Duration::from_secs(asked_seconds(url).unwrap_or(0).min(MAX_SECONDS) + 30)
}

/// The URL's `?seconds=N`, if it has one that is a number.
fn asked_seconds(url: &str) -> Option<u64> {
    url.split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("seconds="))
        .and_then(|v| {
            // All digits but past u64: as large as can be, not "none".
            let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
            v.parse::<u64>().ok().or(digits.then_some(u64::MAX))
        })
}

/// Fetches a profile over HTTP, with timeouts and errors that say what went
/// wrong: the connection, the HTTP status, or the body not being a profile.
pub fn fetch(url: &str, cap: u64, format: Option<crate::formats::Kind>) -> Result<Profile, String> {
    if url.starts_with("https://") {
        return Err(format!(
            "{url}: https is not supported; profile endpoints are plain http \
             (or save the profile with curl and open the file)"
        ));
    }
    if asked_seconds(url).is_some_and(|s| s > MAX_SECONDS) {
        return Err(format!(
            "{url}: ?seconds= asks for more than {MAX_SECONDS} (a day)"
        ));
    }
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(fetch_timeout(url)))
        .build();
    let agent: ureq::Agent = config.into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| format!("{url}: {}", crate::fleet::http::transport_error(e)))?;
    let body = response
        .body_mut()
        .with_config()
        .limit(cap)
        .read_to_vec()
        .map_err(|e| format!("{url}: reading the response: {e}"))?;
    let mut profile = crate::formats::read_profile_as(&body, cap, format)
        .map_err(|e| format!("{url}: not a profile: {e}"))?;
    for w in &mut profile.warnings {
        *w = format!("{}: {w}", crate::error::escape_controls(url));
    }
    Ok(profile)
}
