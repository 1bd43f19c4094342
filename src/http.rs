//! The plain HTTP exchange shared by the client's transports and the
//! sandbox's fronts: one request type in, one response type out.

/// The response header carrying Wix's request id (the sandbox sends one
/// too), which support needs to find a call.
pub const REQUEST_ID_HEADER: &str = "x-wix-request-id";

/// An HTTP request as the client sends it and the sandbox receives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PATCH`, `DELETE`, ... (any text: the sandbox must not trust it).
    pub method: String,
    /// Path plus optional query string, such as `/resellers/v1/packages/query`.
    pub path: String,
    /// Header names and values in the order given; names compare case-insensitively.
    pub headers: Vec<(String, String)>,
    /// The raw body; empty for none.
    pub body: Vec<u8>,
}

/// An HTTP response, plus what a front must do to emulate network faults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
    /// Wait this long before answering (fault injection).
    pub delay_ms: u64,
    /// Drop the connection instead of answering (fault injection).
    pub reset: bool,
}

impl HttpRequest {
    /// The first header called `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl HttpResponse {
    /// The first header called `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}
