//! A request being built by generated code: query, header and cookie parameters, a body.
//! Values go in as `Display` (or `Serialize` for bodies and structured query values).

use crate::auth::Pending;
use crate::error::Error;
use crate::home::Home;
use crate::response::Received;
use crate::transport::Transport;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION,
};
use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A sending's future, before an operation's error type is known.
type BoxedFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error<Infallible>>> + Send>>;

/// One request of an operation, sent with [`Request::send`].
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    transport: Transport,
    operation: &'static str,
    builder: reqwest::RequestBuilder,
    query: Vec<(Cow<'static, str>, String)>,
    /// Why the request is refused (a path parameter that would name another resource, a
    /// body that cannot be encoded), reported by `send`.
    refused: Option<String>,
    /// A next-page URL (a `Link` header's, or one from the body), replacing the path and
    /// query; followed only within the API's origin (see [`Home::next_page`]).
    page_url: Option<String>,
    /// Where the client sends requests, for next-page links.
    home: Arc<Home>,
    /// Credentials to fetch from their providers when the request is sent.
    pending: Vec<Pending>,
    /// Cookie parameters (`name=value`), sent in one `Cookie` header with any API-key cookie.
    cookies: Vec<String>,
    /// The `Accept` header: the media types the operation reads.
    accept: Option<&'static str>,
    /// Headers the caller set on this one request, sent last (they replace others).
    extra_headers: Vec<(String, String)>,
}

impl Request {
    /// A request of `operation` that `builder` has begun (URL, default headers,
    /// credentials), sent through `transport`, with the caller's `extra_headers`.
    pub(crate) fn new(
        transport: Transport,
        operation: &'static str,
        builder: reqwest::RequestBuilder,
        extra_headers: Vec<(String, String)>,
        home: Arc<Home>,
    ) -> Self {
        Request {
            transport,
            operation,
            builder,
            query: Vec::new(),
            refused: None,
            page_url: None,
            home,
            pending: Vec::new(),
            cookies: Vec::new(),
            accept: None,
            extra_headers,
        }
    }

    /// A query parameter.
    pub fn query(mut self, name: &'static str, value: &impl Display) -> Self {
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self
    }

    /// A query parameter, when it has a value.
    pub fn optional_query(self, name: &'static str, value: Option<&impl Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// An array query parameter in the default `form` style with `explode: true`:
    /// `name=a&name=b`.
    pub fn query_each<'v, T: Display + 'v>(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = &'v T>,
    ) -> Self {
        for value in values {
            self.query.push((Cow::Borrowed(name), value.to_string()));
        }
        self
    }

    /// An array query parameter with `explode: false`: one pair, the values joined by
    /// `separator` (`,` for `form`, space or `|` for the delimited styles); nothing when empty.
    pub fn query_joined<'v, T: Display + 'v>(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = &'v T>,
        separator: &str,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(ToString::to_string).collect();
        if !values.is_empty() {
            self.query
                .push((Cow::Borrowed(name), values.join(separator)));
        }
        self
    }

    /// An object query parameter in the `deepObject` style: `name[property]=value`.
    pub fn query_deep(self, name: &'static str, value: Option<&impl serde::Serialize>) -> Self {
        self.query_form_pairs(name.to_string(), value)
    }

    /// An object query parameter in the default `form` style with `explode: true`: each
    /// property is a parameter of its own.
    pub fn query_exploded(self, value: Option<&impl serde::Serialize>) -> Self {
        self.query_form_pairs(String::new(), value)
    }

    /// The value's form pairs (see [`form_pairs`]) under `prefix`, as query parameters.
    fn query_form_pairs(mut self, prefix: String, value: Option<&impl serde::Serialize>) -> Self {
        if let Some(value) = value.and_then(|value| serde_json::to_value(value).ok()) {
            let mut pairs = Vec::new();
            form_pairs(&value, prefix, &mut pairs);
            self.query.extend(
                pairs
                    .into_iter()
                    .map(|(key, value)| (Cow::Owned(key), value)),
            );
        }
        self
    }

    /// A structured query parameter, sent as its JSON text.
    pub fn query_json(mut self, name: &'static str, value: Option<&impl serde::Serialize>) -> Self {
        if let Some(text) = value.and_then(|value| serde_json::to_string(value).ok()) {
            self.query.push((Cow::Borrowed(name), text));
        }
        self
    }

    /// A header parameter.
    pub fn header(mut self, name: &'static str, value: &impl Display) -> Self {
        self.builder = self.builder.header(name, value.to_string());
        self
    }

    /// A header parameter, when it has a value.
    pub fn optional_header(self, name: &'static str, value: Option<&impl Display>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// An array header parameter in the `simple` style: `a,b,c`; nothing when empty.
    pub fn header_list<'v, T: Display + 'v>(
        self,
        name: &'static str,
        values: impl IntoIterator<Item = &'v T>,
    ) -> Self {
        match comma_joined(values) {
            Some(joined) => self.header(name, &joined),
            None => self,
        }
    }

    /// A structured header parameter, sent as its JSON text.
    pub fn header_json(self, name: &'static str, value: Option<&impl serde::Serialize>) -> Self {
        match value.and_then(|value| serde_json::to_string(value).ok()) {
            Some(text) => self.header(name, &text),
            None => self,
        }
    }

    /// A cookie parameter.
    pub fn cookie(mut self, name: &'static str, value: &impl Display) -> Self {
        self.cookies.push(format!("{name}={value}"));
        self
    }

    /// An array cookie parameter, comma-separated (`style: form`, not exploded).
    pub fn cookie_list<'v, T: Display + 'v>(
        self,
        name: &'static str,
        values: impl IntoIterator<Item = &'v T>,
    ) -> Self {
        match comma_joined(values) {
            Some(joined) => self.cookie(name, &joined),
            None => self,
        }
    }

    /// A structured cookie parameter, as JSON text.
    pub fn cookie_json(self, name: &'static str, value: Option<&impl serde::Serialize>) -> Self {
        match value.and_then(|value| serde_json::to_string(value).ok()) {
            Some(text) => self.cookie(name, &text),
            None => self,
        }
    }

    /// A cookie parameter, when it has a value.
    pub fn optional_cookie(self, name: &'static str, value: Option<&impl Display>) -> Self {
        match value {
            Some(value) => self.cookie(name, value),
            None => self,
        }
    }

    /// A JSON body.
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        self.builder = self.builder.json(body);
        self
    }

    /// A JSON body sent as another JSON media type (`application/merge-patch+json`,
    /// `application/vnd.api+json`…).
    pub fn json_as(mut self, media_type: &'static str, body: &impl serde::Serialize) -> Self {
        self.builder = self
            .builder
            .header(reqwest::header::CONTENT_TYPE, media_type);
        self.json(body)
    }

    /// A JSON body of another JSON media type, when there is one.
    pub fn optional_json_as(
        self,
        media_type: &'static str,
        body: Option<&impl serde::Serialize>,
    ) -> Self {
        match body {
            Some(body) => self.json_as(media_type, body),
            None => self,
        }
    }

    /// A JSON body, when there is one.
    pub fn optional_json(self, body: Option<&impl serde::Serialize>) -> Self {
        match body {
            Some(body) => self.json(body),
            None => self,
        }
    }

    /// A form body (`application/x-www-form-urlencoded`). A top-level array of plain values
    /// is sent as the spec's `encoding` says: repeated keys (`tags=a&tags=b`, OpenAPI's
    /// default) unless `arrays` names another [`FormArray`] style for it. Nested objects and
    /// arrays of objects use the bracket style (`card[number]=…`, `items[0][price]=…`) that
    /// form APIs such as Stripe read.
    pub fn form(mut self, body: &impl serde::Serialize, arrays: &[(&str, FormArray)]) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => {
                let pairs = form_body(&value, arrays);
                self.builder = self.builder.form(&pairs);
            }
            // Let reqwest report the same serialization error when the request is built.
            Err(_) => self.builder = self.builder.form(body),
        }
        self
    }

    /// A form body, when there is one.
    pub fn optional_form(
        self,
        body: Option<&impl serde::Serialize>,
        arrays: &[(&str, FormArray)],
    ) -> Self {
        match body {
            Some(body) => self.form(body, arrays),
            None => self,
        }
    }

    /// A text or binary body sent as it is, with its media type.
    pub fn raw(mut self, content_type: &'static str, body: impl Into<reqwest::Body>) -> Self {
        self.builder = self
            .builder
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        self
    }

    /// A body of JSON values sent as the caller's stream yields them, framed as `content_type`
    /// says (JSON Lines, NDJSON, JSON Text Sequences). A stream is sent once: a second request
    /// with the same one (a clone of the builder) fails before it is sent.
    pub fn body_stream(mut self, content_type: &'static str, body: &crate::BodyStream) -> Self {
        match body.take() {
            Some(items) => {
                self.builder = self
                    .builder
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(crate::body_stream::framed(content_type, items));
            }
            None => {
                self.refused = Some(
                    "its streamed body was sent already: a request with a stream is sent once"
                        .to_string(),
                );
            }
        }
        self
    }

    /// A streamed body, when there is one.
    pub fn optional_body_stream(
        self,
        content_type: &'static str,
        body: Option<&crate::BodyStream>,
    ) -> Self {
        match body {
            Some(body) => self.body_stream(content_type, body),
            None => self,
        }
    }

    /// A `multipart/form-data` body: a part per top-level property; [`File`](crate::File)
    /// properties are file parts, objects JSON parts, arrays repeated parts. `content_types`
    /// holds the spec's `encoding` media types of some properties, by name: text parts are
    /// sent with it, and files that do not set their own.
    pub fn multipart(
        mut self,
        body: &impl serde::Serialize,
        content_types: &[(&str, &str)],
    ) -> Self {
        match crate::multipart::form(body, content_types) {
            Ok(form) => self.builder = self.builder.multipart(form),
            Err(error) => self.refused = Some(format!("cannot encode the body: {error}")),
        }
        self
    }

    /// A `multipart/form-data` body, when there is one.
    pub fn optional_multipart(
        self,
        body: Option<&impl serde::Serialize>,
        content_types: &[(&str, &str)],
    ) -> Self {
        match body {
            Some(body) => self.multipart(body, content_types),
            None => self,
        }
    }

    /// Credentials whose secrets providers give when the request is sent.
    pub(crate) fn credentials_from(mut self, pending: Vec<Pending>) -> Self {
        self.pending = pending;
        self
    }

    /// Refuses the request (`send` returns `Error::NotSent` with `reason`) unless an
    /// earlier refusal holds.
    pub(crate) fn refuse(mut self, reason: Option<String>) -> Self {
        if self.refused.is_none() {
            self.refused = reason;
        }
        self
    }

    /// Sends to `url`, a next-page link from a previous response, instead of the operation's
    /// path and query (where it is `Some`).
    pub fn page_url(mut self, url: Option<&str>) -> Self {
        self.page_url = url.map(str::to_owned);
        self
    }

    /// A text or binary body, when there is one.
    pub fn optional_raw(
        self,
        content_type: &'static str,
        body: Option<impl Into<reqwest::Body>>,
    ) -> Self {
        match body {
            Some(body) => self.raw(content_type, body),
            None => self,
        }
    }

    /// The media types the operation can read, for the `Accept` header (one header; a later
    /// call replaces an earlier one).
    pub fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = Some(media_types);
        self
    }

    /// The request as it would go out, without provider credentials or a next-page URL:
    /// typed mocks render the parameters a request must carry with it.
    #[cfg(feature = "mock")]
    pub(crate) fn render(self) -> Result<reqwest::Request, String> {
        if let Some(reason) = self.refused {
            return Err(reason);
        }
        let builder = if self.query.is_empty() {
            self.builder
        } else {
            self.builder.query(&self.query)
        };
        let mut request = builder.build().map_err(|error| error.to_string())?;
        if !self.cookies.is_empty() {
            with_cookies::<std::convert::Infallible>(&mut request, self.cookies)
                .map_err(|error| error.to_string())?;
        }
        Ok(request)
    }

    /// Sends the request and reads the whole response, for generated `send()` to decode by
    /// status.
    pub async fn receive<E>(self) -> Result<Received, Error<E>> {
        self.receive_boxed().await.map_err(Error::widen)
    }

    /// Sends the request inside a `tracing` span named after the operation.
    pub async fn send<E>(self) -> Result<reqwest::Response, Error<E>> {
        self.send_boxed().await.map_err(Error::widen)
    }

    /// [`Request::receive`]'s work, which no error of an operation's own can come from:
    /// compiled once, not once per operation's error type `E`, and boxed, so that the future
    /// a generated `send()` awaits is one small type for rustc to check (it looks through
    /// an `async fn`'s future at every one that future awaits).
    fn receive_boxed(self) -> BoxedFuture<Received> {
        Box::pin(async move { Received::read(self.send_unboxed().await?).await })
    }

    /// [`Request::send`]'s work, as [`Request::receive_boxed`] is `receive`'s.
    fn send_boxed(self) -> BoxedFuture<reqwest::Response> {
        Box::pin(self.send_unboxed())
    }

    async fn send_unboxed(self) -> Result<reqwest::Response, Error<Infallible>> {
        if let Some(reason) = self.refused {
            return Err(Error::NotSent(reason));
        }
        let operation = self.operation;
        let invalid = |source| Error::InvalidRequest { operation, source };
        let builder = if self.query.is_empty() || self.page_url.is_some() {
            self.builder
        } else {
            self.builder.query(&self.query)
        };
        let (http, request) = builder.build_split();
        let mut request = request.map_err(invalid)?;
        if let Some(url) = self.page_url {
            *request.url_mut() = self
                .home
                .next_page(request.url(), &url)
                .map_err(Error::NotSent)?;
        }
        for credential in &self.pending {
            let secret = credential.provider.0.secret().await.map_err(|error| {
                Error::NotSent(format!(
                    "the credential provider of security scheme `{}` failed: {error}",
                    credential.key
                ))
            })?;
            credential.apply(&mut request, &secret);
        }
        if !self.cookies.is_empty() {
            with_cookies(&mut request, self.cookies)?;
        }
        let headers = request.headers_mut();
        if let Some(accept) = self.accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        // The caller's own headers for this request replace the client's and the operation's.
        set_headers(headers, self.extra_headers).map_err(Error::NotSent)?;
        let builder = reqwest::RequestBuilder::from_parts(http, request);
        self.transport.execute(operation, builder).await
    }
}

/// Sets `extra` headers on `headers`, each replacing any of its name. A value replacing a
/// sensitive one (a credential), or an `Authorization`, `Proxy-Authorization` or `Cookie`, is
/// sensitive too, so it stays out of logs and `Debug` output.
fn set_headers(headers: &mut HeaderMap, extra: Vec<(String, String)>) -> Result<(), String> {
    for (name, value) in extra {
        let name = HeaderName::from_bytes(name.as_bytes());
        let value = HeaderValue::from_str(&value);
        let (Ok(name), Ok(mut value)) = (name, value) else {
            return Err("a header set on the request is not a valid header name or value".into());
        };
        if headers.get(&name).is_some_and(HeaderValue::is_sensitive)
            || [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(&name)
        {
            value.set_sensitive(true);
        }
        headers.insert(name, value);
    }
    Ok(())
}

/// How a form body sends a top-level array of plain values, where the spec's `encoding` for
/// the property says other than OpenAPI's default (`style: form`, exploded: repeated keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormArray {
    /// `tags[0]=a&tags[1]=b`: `style: deepObject`, as Stripe reads it.
    Indexed,
    /// One value joined with the separator: `tags=a,b` (`style: form, explode: false`),
    /// `tags=a b` (`spaceDelimited`), `tags=a|b` (`pipeDelimited`).
    Joined(&'static str),
}

/// The name-value pairs of a form body.
fn form_body(value: &serde_json::Value, arrays: &[(&str, FormArray)]) -> Vec<(String, String)> {
    use serde_json::Value;
    let mut pairs = Vec::new();
    let Value::Object(members) = value else {
        form_pairs(value, String::new(), &mut pairs);
        return pairs;
    };
    for (name, member) in members {
        let style = arrays
            .iter()
            .find(|(array, _)| array == name)
            .map(|(_, style)| *style);
        let plain = |items: &[Value]| {
            items
                .iter()
                .all(|item| !item.is_object() && !item.is_array())
        };
        match (member, style) {
            (Value::Array(items), None) if plain(items) => {
                for item in items {
                    form_pairs(item, name.clone(), &mut pairs);
                }
            }
            (Value::Array(items), Some(FormArray::Joined(separator))) if plain(items) => {
                let values: Vec<String> = items
                    .iter()
                    .filter(|item| !item.is_null())
                    .map(form_text)
                    .collect();
                pairs.push((name.clone(), values.join(separator)));
            }
            _ => form_pairs(member, name.clone(), &mut pairs),
        }
    }
    pairs
}

/// A plain JSON value as form text: strings as they are, numbers and booleans as JSON.
fn form_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Flattens a value into form pairs: `{a: {b: 1}, c: [x, y]}` → `a[b]=1`, `c[0]=x`,
/// `c[1]=y`. Nulls are left out.
fn form_pairs(value: &serde_json::Value, key: String, pairs: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let nested = |inner: &str| {
        if key.is_empty() {
            inner.to_string()
        } else {
            format!("{key}[{inner}]")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (name, member) in members {
                form_pairs(member, nested(name), pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                form_pairs(item, nested(&index.to_string()), pairs);
            }
        }
        other => pairs.push((key, form_text(other))),
    }
}

/// `a,b,c`; `None` for no values.
fn comma_joined<'v, T: Display + 'v>(values: impl IntoIterator<Item = &'v T>) -> Option<String> {
    let joined = values
        .into_iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    (!joined.is_empty()).then_some(joined)
}

/// Adds `cookies` to the request's `Cookie` header (one header, as RFC 6265 asks), after any
/// the credentials put there; the header stays sensitive if theirs was.
fn with_cookies<E>(request: &mut reqwest::Request, cookies: Vec<String>) -> Result<(), Error<E>> {
    let existing = request.headers().get_all(COOKIE);
    let sensitive = existing.iter().any(|value| value.is_sensitive());
    let mut all: Vec<String> = existing
        .iter()
        .filter_map(|value| value.to_str().ok())
        .map(str::to_owned)
        .collect();
    all.extend(cookies);
    let mut value = reqwest::header::HeaderValue::from_str(&all.join("; "))
        .map_err(|_| Error::NotSent("a cookie value is not valid in a header".to_owned()))?;
    value.set_sensitive(sensitive);
    request.headers_mut().insert(COOKIE, value);
    Ok(())
}

/// A date-time as RFC 3339 text (`2026-08-01T09:30:00Z`), the form `format: date-time`
/// parameters take: of chrono's `DateTime<Utc>`, or jiff's `Timestamp` (feature `jiff`).
#[derive(Debug, Clone, Copy)]
pub struct Rfc3339<'a, T = chrono::DateTime<chrono::Utc>>(pub &'a T);

impl Display for Rfc3339<'_, chrono::DateTime<chrono::Utc>> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

#[cfg(feature = "time")]
impl Display for Rfc3339<'_, time::OffsetDateTime> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self
            .0
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|_| std::fmt::Error)?;
        f.write_str(&text)
    }
}

/// jiff's `Display` of a timestamp is RFC 3339 already (`2026-08-01T09:30:00Z`).
#[cfg(feature = "jiff")]
impl Display for Rfc3339<'_, jiff::Timestamp> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Display::fmt(self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Form pairs sorted: member order follows serde_json's map (sorted, or insertion order
    /// with `preserve_order`); servers do not care, so neither do these tests.
    fn sorted_form(
        body: &serde_json::Value,
        arrays: &[(&str, FormArray)],
    ) -> Vec<(String, String)> {
        let mut pairs = form_body(body, arrays);
        pairs.sort();
        pairs
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn forms_flatten_nested_values_in_bracket_style() {
        let body = serde_json::json!({
            "amount": 2000, "confirm": true, "note": null,
            "card": {"number": "4242", "exp": {"month": 12}},
            "items": [{"price": "p_1"}, {"price": "p_2"}],
            "expand": ["customer", "invoice"]
        });
        assert_eq!(
            sorted_form(&body, &[("expand", FormArray::Indexed)]),
            pairs(&[
                ("amount", "2000"),
                ("card[exp][month]", "12"),
                ("card[number]", "4242"),
                ("confirm", "true"),
                ("expand[0]", "customer"),
                ("expand[1]", "invoice"),
                ("items[0][price]", "p_1"),
                ("items[1][price]", "p_2"),
            ])
        );
    }

    #[test]
    fn form_arrays_repeat_their_key_unless_the_encoding_says_otherwise() {
        let body = serde_json::json!({
            "events": ["initiated", "ringing"], "ids": [1, 2], "tags": ["a", "b"], "empty": []
        });
        assert_eq!(
            sorted_form(
                &body,
                &[
                    ("ids", FormArray::Joined(",")),
                    ("tags", FormArray::Joined("|"))
                ]
            ),
            pairs(&[
                ("events", "initiated"),
                ("events", "ringing"),
                ("ids", "1,2"),
                ("tags", "a|b"),
            ])
        );
    }

    #[test]
    fn headers_set_on_a_request_replace_others_and_credentials_stay_sensitive() {
        let mut headers = HeaderMap::new();
        let mut key = HeaderValue::from_static("client-key");
        key.set_sensitive(true);
        headers.insert("x-api-key", key);
        headers.insert("x-trace", HeaderValue::from_static("client"));
        let extra = [
            ("X-API-Key", "request-key"),
            ("x-trace", "request"),
            ("Authorization", "Bearer t"),
            ("Prefer", "respond-async"),
        ];
        let extra = extra.map(|(n, v)| (n.to_string(), v.to_string()));
        super::set_headers(&mut headers, extra.to_vec()).unwrap();
        assert_eq!(headers.len(), 4);
        assert_eq!(headers["x-api-key"], "request-key");
        assert!(headers["x-api-key"].is_sensitive());
        assert!(headers["authorization"].is_sensitive());
        assert_eq!(headers["x-trace"], "request");
        assert!(!headers["prefer"].is_sensitive());
        let bad = vec![("bad name".to_string(), "v".to_string())];
        assert!(super::set_headers(&mut headers, bad).is_err());
    }
}
