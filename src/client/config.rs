//! Client settings, validated once at construction: the API key (kept in a
//! newtype that never prints), the account, the base URL (`https://` only,
//! except `http://` to loopback hosts), the per-attempt timeout and the retry
//! budget.

use super::error::ResellersError;
use super::limits::{MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use super::redact::MIN_API_KEY_CHARS;
use super::seen::SeenAccounts;
use crate::json_text::{decimal, into_text, quoted_excerpt as quoted, type_name, write_string};
use crate::model::Guid;
use serde_json::{Map, Value};
use std::fmt;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://www.wixapis.com";
/// Per-attempt timeout when none is given.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Retries after the first attempt when none is given.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Bound of a whole call (attempts, backoff and waits) when none is given.
pub const DEFAULT_DEADLINE_MS: u64 = 60_000;
/// What every request's `User-Agent` starts with.
pub const USER_AGENT: &str = concat!("wix-resellers/", env!("CARGO_PKG_VERSION"));
/// Longest `appInfo.name` or `appInfo.version`.
const MAX_APP_INFO_CHARS: usize = 64;

/// An account-level Wix API key. Its `Debug` and `Display` print
/// `[redacted]`; only [`ApiKey::expose`] gives the text, for the
/// `Authorization` header.
///
/// ```
/// use wix_resellers::client::ApiKey;
/// let key = ApiKey::new("IST.eyJ-an-account-level-key").expect("valid");
/// assert_eq!(format!("{key} {key:?}"), "[redacted] [redacted]");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Accepts a key of at least [`MIN_API_KEY_CHARS`] characters, each of
    /// them visible ASCII or an inner space, with no whitespace at either
    /// end. Refused keys are never echoed. Why each rule:
    /// - control characters (CR/LF) would split the header;
    /// - `fetch` trims outer whitespace, so the key sent (and echoed back)
    ///   would not be the key redacted;
    /// - a character outside ASCII cannot travel in a header as typed
    ///   (`fetch` refuses it, or sends Latin-1 that comes back as something
    ///   else), and every call would fail as a network error;
    /// - a shorter key would make redaction rewrite ordinary words in
    ///   messages (key `a` turns `createPackageV2` into `cre[redacted]teP…`),
    ///   telling the key to whoever reads them.
    pub fn new(key: &str) -> Result<ApiKey, ResellersError> {
        if key.trim().is_empty() {
            return Err(ResellersError::config("apiKey must be a non-empty string"));
        }
        if key.chars().any(char::is_control) {
            return Err(ResellersError::config(
                "apiKey contains a control character (CR, LF, ...); copy the key again \
                 from the API Keys Manager",
            ));
        }
        if key.trim() != key {
            return Err(ResellersError::config(
                "apiKey starts or ends with whitespace, which fetch would strip; copy the \
                 key again from the API Keys Manager, without it",
            ));
        }
        if !key.chars().all(|c| (' '..='~').contains(&c)) {
            return Err(ResellersError::config(
                "apiKey contains a character an HTTP header cannot carry as typed (only \
                 visible ASCII is allowed, as in every Wix key); copy the key again from \
                 the API Keys Manager",
            ));
        }
        let length = key.len();
        if length < MIN_API_KEY_CHARS {
            return Err(ResellersError::config(format!(
                "apiKey is too short ({length} characters, at least {MIN_API_KEY_CHARS} \
                 are required; Wix keys are much longer): use an account-level API key \
                 from the API Keys Manager"
            )));
        }
        Ok(ApiKey(key.to_owned()))
    }

    /// The key itself, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[redacted]")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[redacted]")
    }
}

/// A validated base URL: `scheme://host[:port][/path]`, no trailing slash,
/// no credentials, query or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Parses `text`. `https://` is required except for `http://` to a
    /// loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), where a local
    /// sandbox listens.
    pub fn parse(text: &str) -> Result<BaseUrl, ResellersError> {
        let invalid =
            |why: &str| ResellersError::config(format!("baseUrl {}: {why}", quoted(text)));
        let lower = text.to_ascii_lowercase();
        let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = lower.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(invalid(
                "must start with https:// (or http:// for a loopback host such as 127.0.0.1)",
            ));
        };
        if rest.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(invalid("must not contain spaces or control characters"));
        }
        // Bytes, not `str` patterns, here and below: the ASCII delimiters
        // are found alike, and the pattern searchers (char, char sets,
        // `split`, `trim_end_matches`) weighed ~1.5 KiB gzipped in the
        // lean .wasm, used nowhere else.
        if rest.bytes().any(|b| b == b'?' || b == b'#') {
            return Err(invalid("must not have a query string or a fragment"));
        }
        let (authority, path) = match rest.bytes().position(|b| b == b'/') {
            // Not `split_at`: its panic path (slice_error_fail, char Debug
            // formatting) weighed ~3.7 KiB gzipped in the lean .wasm.
            Some(index) => rest.split_at_checked(index).unwrap_or((rest, "")),
            None => (rest, ""),
        };
        if authority.bytes().any(|b| b == b'@') {
            return Err(invalid("must not contain credentials (user@host)"));
        }
        let (host, port) = split_host_port(authority).ok_or_else(|| {
            invalid("has no valid host[:port] (use a host name, an IPv4 address or [IPv6])")
        })?;
        if let Some(port) = port {
            if !port.bytes().all(|b| b.is_ascii_digit())
                || !matches!(decimal(port.as_bytes()), Some(1..=65_535))
            {
                return Err(invalid("has an invalid port"));
            }
        }
        if !secure && !is_loopback(host) {
            return Err(invalid(
                "uses http://, which would send the API key in clear text; http:// is \
                 allowed only for loopback hosts (localhost, 127.0.0.0/8, [::1])",
            ));
        }
        // Scheme and host are case-insensitive; the path keeps the caller's
        // case. ASCII lowercasing keeps byte offsets, so `text` can be sliced.
        let scheme_len = lower.len() - rest.len();
        let path = text.get(scheme_len + authority.len()..).unwrap_or(path);
        // Without its trailing slashes.
        let kept = path
            .bytes()
            .rposition(|b| b != b'/')
            .map_or(0, |last| last + 1);
        let path = path.get(..kept).unwrap_or_default();
        if path
            .as_bytes()
            .split(|&b| b == b'/')
            .any(|segment| segment == b"." || segment == b"..")
        {
            return Err(invalid("must not contain . or .. path segments"));
        }
        Ok(BaseUrl(format!(
            "{}{authority}{path}",
            lower.get(..scheme_len).unwrap_or_default()
        )))
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(bracketed) = authority.strip_prefix("[") {
        let close = bracketed.bytes().position(|b| b == b']')?;
        let (inside, after) = (bracketed.get(..close)?, bracketed.get(close + 1..)?);
        let host = authority.get(..inside.len() + 2)?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        return match after {
            "" => Some((host, None)),
            rest => Some((host, Some(rest.strip_prefix(":")?))),
        };
    }
    let (host, port) = match authority.bytes().rposition(|b| b == b':') {
        Some(colon) => (authority.get(..colon)?, Some(authority.get(colon + 1..)?)),
        None => (authority, None),
    };
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !matches!(host.as_bytes().first(), Some(b'.' | b'-'));
    valid.then_some((host, port))
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets = || host.as_bytes().split(|&b| b == b'.');
    octets().count() == 4
        && octets().next() == Some(b"127")
        && octets().all(|octet| {
            !octet.is_empty() && octet.len() <= 3 && matches!(decimal(octet), Some(0..=255))
        })
}

/// Everything a client needs; immutable once built (but for what its calls
/// learn of other accounts' packages, kept for a hint: `SeenAccounts`).
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Sent raw in `Authorization`.
    pub api_key: ApiKey,
    /// Sent as `wix-account-id`.
    pub account_id: Guid,
    /// Where requests go.
    pub base_url: BaseUrl,
    /// Bound of one attempt, including reading the body.
    pub timeout_ms: u64,
    /// Retries after the first attempt of a call.
    pub max_retries: u32,
    /// Bound of a whole call: its attempts, backoff and waits.
    pub deadline_ms: u64,
    /// Sent as `User-Agent`: [`USER_AGENT`], then `(name/version)` of the
    /// `appInfo` option.
    pub user_agent: String,
    /// What this client's queries listed of other accounts' packages (for
    /// a hint); [`Self::with_account`] starts a new one.
    pub(crate) seen: SeenAccounts,
}

impl ClientConfig {
    /// A configuration with the defaults for everything but the key and account.
    pub fn new(api_key: &str, account_id: &str) -> Result<ClientConfig, ResellersError> {
        Ok(ClientConfig {
            api_key: ApiKey::new(api_key)?,
            seen: SeenAccounts::new(account_id),
            account_id: parse_account(account_id)?,
            base_url: BaseUrl(DEFAULT_BASE_URL.to_owned()),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            deadline_ms: DEFAULT_DEADLINE_MS,
            user_agent: USER_AGENT.to_owned(),
        })
    }

    /// What the client is, for people and logs: `{ accountId, baseUrl,
    /// timeoutMs, maxRetries }` as JSON text (the option names, so it reads
    /// as the options less the key). Nothing of the key.
    pub fn to_json_text(&self) -> String {
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(b"{\"accountId\":");
        write_string(&mut out, self.account_id.as_str());
        out.extend_from_slice(b",\"baseUrl\":");
        write_string(&mut out, self.base_url.as_str());
        out.extend_from_slice(b",\"timeoutMs\":");
        // As a u32 (it is at most MAX_TIMEOUT_MS): one integer formatter in the `.wasm`.
        let timeout = u32::try_from(self.timeout_ms).unwrap_or(u32::MAX);
        out.extend_from_slice(timeout.to_string().as_bytes());
        out.extend_from_slice(b",\"maxRetries\":");
        out.extend_from_slice(self.max_retries.to_string().as_bytes());
        out.extend_from_slice(b",\"deadlineMs\":");
        let deadline = u32::try_from(self.deadline_ms).unwrap_or(u32::MAX);
        out.extend_from_slice(deadline.to_string().as_bytes());
        out.push(b'}');
        into_text(out)
    }

    /// Builds a configuration from the JS options object
    /// `{ apiKey, accountId, baseUrl?, timeoutMs?, maxRetries?, deadlineMs?,
    /// appInfo? }` (`fetch`, `onRequest` and `onResponse` are ignored here:
    /// the JS layer takes them). An error
    /// never holds a piece of the `apiKey` given, wherever else it landed
    /// (a swapped `baseUrl`, say).
    pub fn from_json(options: &Value) -> Result<ClientConfig, ResellersError> {
        ClientConfig::read_json(options).map_err(|error| {
            match options.get("apiKey").and_then(Value::as_str) {
                // A shorter key is refused without being echoed; redacting
                // it would only mangle the message.
                Some(key) if key.len() >= MIN_API_KEY_CHARS => error.redact(key),
                _ => error,
            }
        })
    }

    fn read_json(options: &Value) -> Result<ClientConfig, ResellersError> {
        let Value::Object(fields) = options else {
            return Err(ResellersError::config(format!(
                "options must be an object {{ apiKey, accountId, baseUrl?, timeoutMs?, \
                 maxRetries?, deadlineMs?, appInfo?, fetch?, onRequest?, onResponse? }}, got {}",
                type_name(options)
            )));
        };
        for key in fields.keys() {
            if !matches!(
                key.as_str(),
                "apiKey"
                    | "accountId"
                    | "baseUrl"
                    | "timeoutMs"
                    | "maxRetries"
                    | "deadlineMs"
                    | "appInfo"
                    | "fetch"
                    | "onRequest"
                    | "onResponse"
            ) {
                return Err(ResellersError::config(format!(
                    "unknown option {}; the options are apiKey, accountId, baseUrl, \
                     timeoutMs, maxRetries, deadlineMs, appInfo, fetch, onRequest and onResponse",
                    quoted(key)
                )));
            }
        }
        let api_key = match fields.get("apiKey") {
            Some(Value::String(key)) => key.as_str(),
            Some(Value::Null) | None => {
                return Err(ResellersError::config(
                    "apiKey is required (an account-level API key from the API Keys Manager)",
                ))
            }
            Some(other) => {
                return Err(ResellersError::config(format!(
                    "apiKey must be a string, got {}",
                    type_name(other)
                )))
            }
        };
        let account_id =
            match fields.get("accountId") {
                Some(Value::String(id)) => id.as_str(),
                Some(Value::Null) | None => return Err(ResellersError::config(
                    "accountId is required (the GUID of the Wix account, sent as wix-account-id)",
                )),
                Some(other) => {
                    return Err(ResellersError::config(format!(
                        "accountId must be a string, got {}",
                        type_name(other)
                    )))
                }
            };
        let mut config = ClientConfig::new(api_key, account_id)?;
        match fields.get("baseUrl") {
            None | Some(Value::Null) => {}
            Some(Value::String(url)) => config.base_url = BaseUrl::parse(url)?,
            Some(other) => {
                return Err(ResellersError::config(format!(
                    "baseUrl must be a string, got {}",
                    type_name(other)
                )))
            }
        }
        if let Some(timeout) = optional_integer(fields, "timeoutMs", 1, MAX_TIMEOUT_MS)? {
            config.timeout_ms = timeout;
        }
        if let Some(retries) =
            optional_integer(fields, "maxRetries", 0, u64::from(MAX_RETRIES_LIMIT))?
        {
            config.max_retries = u32::try_from(retries).unwrap_or(MAX_RETRIES_LIMIT);
        }
        if let Some(deadline) = optional_integer(fields, "deadlineMs", 1, MAX_TIMEOUT_MS)? {
            config.deadline_ms = deadline;
        }
        match fields.get("appInfo") {
            None | Some(Value::Null) => {}
            Some(info) => {
                let part = |name: &str| match info.get(name) {
                    Some(Value::String(text)) if is_product_token(text) => Ok(text.as_str()),
                    _ => Err(ResellersError::config(format!(
                        "appInfo.{name} must be a string of 1 to {MAX_APP_INFO_CHARS} letters, \
                         digits and . _ - + (appInfo is {{ name, version }}, sent in User-Agent)"
                    ))),
                };
                let (name, version) = (part("name")?, part("version")?);
                config.user_agent = format!("{USER_AGENT} ({name}/{version})");
            }
        }
        Ok(config)
    }

    /// The same settings for another account (DIY sub-accounts).
    pub fn with_account(&self, account_id: &str) -> Result<ClientConfig, ResellersError> {
        // Field by field, not `..self.clone()`: the account and memory
        // would be cloned only to be dropped.
        Ok(ClientConfig {
            account_id: parse_account(account_id)?,
            seen: SeenAccounts::new(account_id),
            api_key: self.api_key.clone(),
            base_url: self.base_url.clone(),
            timeout_ms: self.timeout_ms,
            max_retries: self.max_retries,
            deadline_ms: self.deadline_ms,
            user_agent: self.user_agent.clone(),
        })
    }
}

fn parse_account(account_id: &str) -> Result<Guid, ResellersError> {
    // The value is not echoed: options swapped by mistake would put the API
    // key here, and no message may ever carry the key.
    Guid::parse(account_id).ok_or_else(|| {
        ResellersError::config(format!(
            "accountId is not a GUID (got {} characters; expected 8-4-4-4-12 hex digits, \
             as shown in the account settings)",
            account_id.chars().count()
        ))
    })
}

/// Whether `text` fits a `User-Agent` product token as the client writes
/// it: no space, slash, parenthesis or control character can break the
/// header or forge another product.
fn is_product_token(text: &str) -> bool {
    (1..=MAX_APP_INFO_CHARS).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
}

/// An optional integer option within `min..=max`.
pub(crate) fn optional_integer(
    fields: &Map<String, Value>,
    name: &str,
    min: u64,
    max: u64,
) -> Result<Option<u64>, ResellersError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => match number.as_u64() {
            Some(value) if (min..=max).contains(&value) => Ok(Some(value)),
            _ => Err(ResellersError::config(format!(
                "{name} must be an integer from {min} to {max}, got {}",
                number.as_i64().map_or_else(
                    || "a fraction or a huge number".to_owned(),
                    |n| n.to_string()
                )
            ))),
        },
        Some(other) => Err(ResellersError::config(format!(
            "{name} must be an integer from {min} to {max}, got {}",
            type_name(other)
        ))),
    }
}
