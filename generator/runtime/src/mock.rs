//! Typed mocks' engine (the `mock` feature): a local HTTP server that answers as an API, with
//! the responses a test gives per operation. Generated `mock` modules wrap it with one typed
//! `…When` (what a request must be) and `…Then` (how to answer) per operation; the runtime
//! does the matching and the answering, written once.
//!
//! The server is [`wiremock`]'s (re-exported): async on tokio like the client, one server per
//! test (tests run in parallel without sharing state), expectations checked when the server
//! is dropped, and maintained. A parameter matcher is built by the same request code the
//! client sends with, so a mock expects exactly what the client sends.

use crate::client::{Client, ClientBuilder};
use crate::path::path_segment;
use crate::request::Request;
use reqwest::header::{COOKIE, HeaderMap};
use std::fmt::{self, Display};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub use wiremock;

/// A check a test adds to a request matcher: given the request as received, whether it
/// matches.
type Check = Arc<dyn Fn(&wiremock::Request) -> bool + Send + Sync>;

/// A mock server: a local HTTP server on a free port. Cheap to clone (clones share the
/// server); it stops, and checks every `expect`, when the last clone is dropped.
#[derive(Clone)]
pub struct MockServer {
    server: Arc<wiremock::MockServer>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl MockServer {
    /// Starts a server on a free local port.
    pub async fn start() -> Self {
        Self {
            server: Arc::new(wiremock::MockServer::start().await),
        }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`), for a client's base URL.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The `wiremock` server underneath, for what typed mocks do not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The requests the server has received, oldest first.
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Starts the matcher of a request of `operation`: `method` and the path `template`
    /// (`/things/{thing_id}`), whose parameters match any value until set.
    pub fn when(
        &self,
        operation: &'static str,
        method: &'static str,
        template: &'static str,
    ) -> When {
        When {
            server: self.clone(),
            operation,
            method,
            template,
            path_values: Vec::new(),
            params: Vec::new(),
            checks: Vec::new(),
        }
    }
}

/// The client that renders expected parameters (the same request code as every client, to
/// a URL nothing is sent to), with the headers every request of it carries.
fn renderer() -> Option<&'static (Client, HeaderMap)> {
    static RENDERER: OnceLock<Option<(Client, HeaderMap)>> = OnceLock::new();
    RENDERER
        .get_or_init(|| {
            let client = ClientBuilder::<Client>::new("http://mock.invalid")
                .build()
                .ok()?;
            let baseline = client
                .request("", reqwest::Method::GET, "/", &[])
                .render()
                .map(|request| request.headers().clone())
                .unwrap_or_default();
            Some((client, baseline))
        })
        .as_ref()
}

/// What a request of one operation must be: its method and path, and what the test adds
/// (parameters, headers, body, checks of its own). Generated `…When` types wrap it.
#[must_use = "a matcher does nothing until its answer is mounted"]
pub struct When {
    server: MockServer,
    operation: &'static str,
    method: &'static str,
    template: &'static str,
    /// Path parameters set: name and encoded value.
    path_values: Vec<(&'static str, String)>,
    /// Query, header, cookie and body parameters, as request steps replayed when mounted.
    params: Vec<Box<dyn FnOnce(Request) -> Request + Send>>,
    checks: Vec<Check>,
}

impl fmt::Debug for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("When")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.template)
            .field("path_values", &self.path_values)
            .finish_non_exhaustive()
    }
}

impl When {
    /// The path parameter `name` must be `value` (encoded as the client encodes it).
    pub fn path_param(mut self, name: &'static str, value: &impl Display) -> Self {
        self.path_values.retain(|(set, _)| *set != name);
        self.path_values.push((name, path_segment(value)));
        self
    }

    /// Adds what a request must carry, as the client's request steps put it
    /// (`|request| request.query("page", &2)`): each query pair, header, cookie and the body
    /// the steps give must be in the request (others may be too).
    pub fn params(mut self, steps: impl FnOnce(Request) -> Request + Send + 'static) -> Self {
        self.params.push(Box::new(steps));
        self
    }

    /// The request must carry the header `name` with `value`.
    pub fn header(self, name: &str, value: &str) -> Self {
        let name = name.to_ascii_lowercase();
        let value = value.to_owned();
        self.matching(move |request| {
            request
                .headers
                .get_all(name.as_str())
                .iter()
                .any(|found| found.as_bytes() == value.as_bytes())
        })
    }

    /// The request's JSON body must decode as `T` and satisfy `check`.
    pub fn body_matching<T: serde::de::DeserializeOwned>(
        self,
        check: impl Fn(&T) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.matching(move |request| {
            serde_json::from_slice::<T>(&request.body).is_ok_and(|body| check(&body))
        })
    }

    /// The request must satisfy `check` (any test of the request as received).
    pub fn matching(
        mut self,
        check: impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.checks.push(Arc::new(check));
        self
    }

    /// How to answer requests that match: `200` with no body until told otherwise.
    pub fn then(self) -> Then {
        Then {
            when: self,
            status: 200,
            body: None,
            headers: Vec::new(),
            delay: None,
            expect: None,
            times: None,
        }
    }

    /// The URL of a request that matches, on this server: the path with the parameters set
    /// (an unset one stays `{name}`) and the query the parameters give — for the next-page
    /// links of mocked responses.
    pub fn url(mut self) -> String {
        let mut path = String::new();
        for piece in pattern(self.template, &self.path_values) {
            match piece {
                Piece::Text(text) => path.push_str(&text),
                Piece::Any(name) => {
                    path.push('{');
                    path.push_str(&name);
                    path.push('}');
                }
            }
        }
        let mut url = format!("{}{path}", self.server.uri());
        let rendered = self.render_params().and_then(Result::ok);
        if let Some(query) = rendered.as_ref().and_then(|r| r.url().query()) {
            url.push('?');
            url.push_str(query);
        }
        url
    }

    /// The matcher of all that was set.
    fn matcher(mut self) -> Matcher {
        let expected = self.expected();
        Matcher {
            method: self.method,
            path: pattern(self.template, &self.path_values),
            expected,
            checks: self.checks,
        }
    }

    /// The parameter steps replayed into a request of the rendering client, rendered (`Err`:
    /// the client refuses those values); `None` without a rendering client.
    fn render_params(&mut self) -> Option<Result<reqwest::Request, String>> {
        let (client, _) = renderer()?;
        let mut request = client.request(self.operation, reqwest::Method::GET, "/", &[]);
        for step in self.params.drain(..) {
            request = step(request);
        }
        Some(request.render())
    }

    /// What the parameter steps put in a request: query pairs, headers, cookies, body.
    fn expected(&mut self) -> Expected {
        let Some(rendered) = self.render_params() else {
            return Expected::default();
        };
        let Ok(rendered) = rendered else {
            // A value the client refuses to send: no request can match it.
            return Expected {
                impossible: true,
                ..Expected::default()
            };
        };
        let none = HeaderMap::new();
        let baseline = renderer().map_or(&none, |(_, baseline)| baseline);
        Expected::of(&rendered, baseline)
    }
}

/// How to answer one operation's matching requests: status, body, headers, delay, and how
/// often. Generated `…Then` types wrap it.
#[must_use = "an answer does nothing until it is mounted"]
#[derive(Debug)]
pub struct Then {
    when: When,
    status: u16,
    body: Option<(String, Vec<u8>)>,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    expect: Option<u64>,
    times: Option<u64>,
}

impl Then {
    /// Answers with `status` and `body` as JSON.
    pub fn json(self, status: u16, body: &(impl serde::Serialize + ?Sized)) -> Self {
        self.json_as(status, "application/json", body)
    }

    /// Answers with `status` and `body` as JSON of another media type
    /// (`application/problem+json`…).
    pub fn json_as(
        self,
        status: u16,
        content_type: &str,
        body: &(impl serde::Serialize + ?Sized),
    ) -> Self {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.status(status).body(content_type, bytes)
    }

    /// Answers with `status` (the body and headers set stay).
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Answers with `body` as it is, with its media type (malformed JSON, an HTML error
    /// page…).
    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some((content_type.to_owned(), body.into()));
        self
    }

    /// Answers with no body.
    pub fn empty(mut self, status: u16) -> Self {
        self.body = None;
        self.status(status)
    }

    /// Adds the response header `name: value`.
    pub fn header(mut self, name: &str, value: &impl Display) -> Self {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Answers after `delay` (for timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Expects exactly `count` matching requests, checked when the server is dropped (a
    /// failing test names the operation).
    pub fn expect(mut self, count: u64) -> Self {
        self.expect = Some(count);
        self
    }

    /// Answers this way `count` times only; later requests go to answers mounted after this
    /// one (a `503` first, then a `200`: a retry test).
    pub fn times(mut self, count: u64) -> Self {
        self.times = Some(count);
        self
    }

    /// Puts the answer on the server. Answers mounted earlier are tried first.
    pub async fn mount(self) {
        let server = self.when.server.clone();
        let operation = self.when.operation;
        let mut template = wiremock::ResponseTemplate::new(self.status);
        for (name, value) in &self.headers {
            template = template.append_header(name.as_str(), value.as_str());
        }
        if let Some((content_type, body)) = self.body {
            template = template.set_body_raw(body, &content_type);
        }
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        let mut mock = wiremock::Mock::given(self.when.matcher())
            .respond_with(template)
            .named(operation);
        if let Some(count) = self.expect {
            mock = mock.expect(count);
        }
        if let Some(count) = self.times {
            mock = mock.up_to_n_times(count);
        }
        mock.mount(&server.server).await;
    }
}

/// A piece of a path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// An unset path parameter (its name): one or more characters other than `/`.
    Any(String),
}

/// The pattern of `template` with the parameters in `values` filled in.
fn pattern(template: &str, values: &[(&'static str, String)]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        text.push_str(&rest[..start]);
        let name = &rest[start + 1..start + length];
        match values.iter().find(|(set, _)| *set == name) {
            Some((_, value)) => text.push_str(value),
            None => {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Any(name.to_owned()));
            }
        }
        rest = &rest[start + length + 1..];
    }
    text.push_str(rest);
    pieces.push(Piece::Text(text));
    pieces
}

/// Whether `path` (as received, percent-encoded) fits `pieces`.
fn fits(pieces: &[Piece], path: &str) -> bool {
    match pieces.split_first() {
        None => path.is_empty(),
        Some((Piece::Text(text), rest)) => path
            .strip_prefix(text.as_str())
            .is_some_and(|path| fits(rest, path)),
        Some((Piece::Any(_), rest)) => {
            let segment = path.find('/').unwrap_or(path.len());
            path.char_indices()
                .map(|(index, c)| index + c.len_utf8())
                .take_while(|end| *end <= segment)
                .any(|end| fits(rest, &path[end..]))
        }
    }
}

/// What the test's parameters put in the request.
#[derive(Debug, Default)]
struct Expected {
    query: Vec<(String, String)>,
    headers: Vec<(String, Vec<u8>)>,
    cookies: Vec<String>,
    body: Option<ExpectedBody>,
    /// The parameters are ones the client refuses to send.
    impossible: bool,
}

#[derive(Debug)]
enum ExpectedBody {
    Json(serde_json::Value),
    Bytes(Vec<u8>),
}

impl Expected {
    /// What `rendered` carries beyond what every request of the client carries (`baseline`).
    fn of(rendered: &reqwest::Request, baseline: &HeaderMap) -> Self {
        let query = rendered
            .url()
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        for (name, value) in rendered.headers() {
            if name == COOKIE {
                let text = value.to_str().unwrap_or_default();
                cookies.extend(text.split("; ").map(str::to_owned));
            } else if baseline.get(name) != Some(value) {
                headers.push((name.as_str().to_owned(), value.as_bytes().to_vec()));
            }
        }
        let bytes = rendered.body().and_then(reqwest::Body::as_bytes);
        let json = rendered
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|media| {
                let essence = media.split(';').next().unwrap_or("").trim();
                essence == "application/json" || essence.ends_with("+json")
            });
        let body = bytes.map(|bytes| match serde_json::from_slice(bytes) {
            Ok(value) if json => ExpectedBody::Json(value),
            _ => ExpectedBody::Bytes(bytes.to_vec()),
        });
        Expected {
            query,
            headers,
            cookies,
            body,
            impossible: false,
        }
    }

    fn matches(&self, request: &wiremock::Request) -> bool {
        if self.impossible {
            return false;
        }
        let received: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        // Each expected name's pairs, in order, are the request's pairs of that name.
        let query = self.query.iter().all(|(name, _)| {
            let want = self.query.iter().filter(|(n, _)| n == name);
            let got = received.iter().filter(|(n, _)| n == name);
            want.eq(got)
        });
        let headers = self.headers.iter().all(|(name, value)| {
            request
                .headers
                .get_all(name.as_str())
                .iter()
                .any(|found| found.as_bytes() == value.as_slice())
        });
        let sent_cookies: Vec<&str> = request
            .headers
            .get_all("cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|text| text.split(';').map(str::trim))
            .collect();
        let cookies = self
            .cookies
            .iter()
            .all(|cookie| sent_cookies.contains(&cookie.as_str()));
        let body = match &self.body {
            None => true,
            Some(ExpectedBody::Json(value)) => {
                serde_json::from_slice::<serde_json::Value>(&request.body)
                    .is_ok_and(|got| got == *value)
            }
            Some(ExpectedBody::Bytes(bytes)) => request.body == *bytes,
        };
        query && headers && cookies && body
    }
}

/// The `wiremock` matcher of a [`When`].
struct Matcher {
    method: &'static str,
    path: Vec<Piece>,
    expected: Expected,
    checks: Vec<Check>,
}

impl wiremock::Match for Matcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.method.as_str() == self.method
            && fits(&self.path, request.url.path())
            && self.expected.matches(request)
            && self.checks.iter().all(|check| check(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_parameters_match_one_segment_and_set_ones_their_encoded_value() {
        let any = pattern("/projects/{project}/things/{thing_id}.json", &[]);
        assert!(fits(&any, "/projects/p/things/t.json"));
        assert!(fits(&any, "/projects/p/things/a.b.json"));
        assert!(
            !fits(&any, "/projects/p/q/things/t.json"),
            "a parameter is one segment"
        );
        assert!(!fits(&any, "/projects//things/t.json"), "and not empty");
        assert!(!fits(&any, "/projects/p/things/t.json/x"));
        let set = pattern(
            "/projects/{project}/things/{thing_id}",
            &[("project", path_segment(&"a b"))],
        );
        assert!(fits(&set, "/projects/a%20b/things/t"));
        assert!(!fits(&set, "/projects/other/things/t"));
    }
}
