//! Where a client's requests go — its base URL — and the servers the spec declares, which
//! decide what happens to a next-page link:
//!
//! - a link on the origin of the request it came from is **followed** as it is (relative
//!   links resolve against that request's URL);
//! - a link to one of the spec's declared servers (its URL as a prefix, server variables
//!   matching any text within a segment) is **rebased** onto the client's base URL: a client
//!   pointed at a mock, a proxy or a staging host keeps talking to it, as mock servers answer
//!   with the spec's example links;
//! - any other link is **refused** (`Error::NotSent`, naming it): credentials never go to an
//!   origin the client was not pointed at.

use reqwest::Url;

/// The client's base URL and the spec's servers (URL templates, `{variables}` in braces).
#[derive(Debug, Default)]
pub(crate) struct Home {
    pub(crate) base_url: String,
    pub(crate) servers: Vec<&'static str>,
}

impl Home {
    /// The URL to send a next-page request to, for `link` found in the response to `current`.
    pub(crate) fn next_page(&self, current: &Url, link: &str) -> Result<Url, String> {
        if let Ok(next) = current.join(link) {
            if next.origin() == current.origin() {
                return Ok(next);
            }
        }
        let rebased = self.servers.iter().find_map(|server| {
            let rest = &link[server_prefix(server.trim_end_matches('/'), link)?..];
            Url::parse(&format!("{}{rest}", self.base_url)).ok()
        });
        rebased.ok_or_else(|| {
            format!(
                "the next-page link {link} leads away from the client's origin and the API's \
                 declared servers: not followed, so that credentials stay with the API"
            )
        })
    }
}

/// The length of `link`'s prefix that the server URL `template` matches, where the rest
/// starts a new path segment, a query or a fragment (or is empty). A `{variable}` matches
/// one or more characters other than `/`, `?`, `#` and `.` — a host label or a path
/// segment. Literal text is matched ignoring ASCII case.
fn server_prefix(template: &str, link: &str) -> Option<usize> {
    if !template.contains("://") {
        return None; // a relative server URL names no origin
    }
    let end = match_template(template, link)?;
    link[end..]
        .chars()
        .next()
        .is_none_or(|next| matches!(next, '/' | '?' | '#'))
        .then_some(end)
}

fn match_template(template: &str, link: &str) -> Option<usize> {
    let Some(open) = template.find('{') else {
        let literal = link.get(..template.len())?;
        return literal
            .eq_ignore_ascii_case(template)
            .then_some(template.len());
    };
    let head = link.get(..open)?;
    if !head.eq_ignore_ascii_case(&template[..open]) {
        return None;
    }
    let close = open + template[open..].find('}')?;
    let rest = &template[close + 1..];
    let value_len = link[open..]
        .find(['/', '?', '#', '.'])
        .unwrap_or(link.len() - open);
    // The variable takes at least one character; try the longest first.
    (1..=value_len)
        .rev()
        .find_map(|len| match_template(rest, &link[open + len..]).map(|end| open + len + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(servers: &[&'static str]) -> Home {
        Home {
            base_url: "http://127.0.0.1:4010".into(),
            servers: servers.to_vec(),
        }
    }

    fn next(home: &Home, link: &str) -> Result<String, String> {
        let current = Url::parse("http://127.0.0.1:4010/things?page=1").unwrap();
        home.next_page(&current, link).map(String::from)
    }

    #[test]
    fn links_on_the_same_origin_are_followed() {
        let home = home(&[]);
        assert_eq!(
            next(&home, "/things?page=2").unwrap(),
            "http://127.0.0.1:4010/things?page=2"
        );
        assert_eq!(
            next(&home, "http://127.0.0.1:4010/x?page=2").unwrap(),
            "http://127.0.0.1:4010/x?page=2"
        );
    }

    #[test]
    fn links_to_a_declared_server_are_rebased_onto_the_client() {
        let home = home(&[
            "https://api.example.com/v1/",
            "https://{region}.example.io/api",
        ]);
        assert_eq!(
            next(&home, "https://api.example.com/v1/things?page=2").unwrap(),
            "http://127.0.0.1:4010/things?page=2"
        );
        assert_eq!(
            next(&home, "HTTPS://API.example.com/v1?page=2").unwrap(),
            "http://127.0.0.1:4010/?page=2"
        );
        assert_eq!(
            next(&home, "https://eu-west.example.io/api/things").unwrap(),
            "http://127.0.0.1:4010/things"
        );
    }

    #[test]
    fn other_links_are_refused() {
        let home = home(&["https://api.example.com/v1", "/relative"]);
        for link in [
            "https://evil.example.net/things",
            "https://api.example.com/v10/things",
            "https://api.example.com.evil.net/v1/things",
            "http://api.example.com/v1/things",
            "https://api.example.com:8443/v1/things",
            "//evil.example.net/relative",
        ] {
            let error = next(&home, link).unwrap_err();
            assert!(error.contains(link), "{error}");
        }
        // A variable stays within its host label.
        let home = self::home(&["https://{tenant}.example.io"]);
        assert!(next(&home, "https://evil.net/x.example.io/things").is_err());
        assert!(next(&home, "https://a.b.example.io/things").is_err());
    }
}
