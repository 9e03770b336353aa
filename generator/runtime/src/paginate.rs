//! Walking pages as one stream of items — by page number, by cursor, by offset, by a next-page
//! URL in the body or the `Link` header — stopping at the last page, on a cursor that does not
//! move, or with an error on a page served twice.

use crate::error::Error;
use crate::nullable::Nullable;
use futures::StreamExt;
use futures::stream::{self, BoxStream};
use reqwest::header::HeaderMap;
use std::future::Future;

/// Takes a response apart into its items and the next page's state (`None`: the end), given
/// the state it was sent with.
pub type Split<R, S, T> = fn(R, &S) -> (Vec<T>, Option<S>);

/// Every item of every page of an operation (`stream()`), as they arrive: a boxed stream,
/// so it can be spawned, stored, returned and read with `next()` / `try_next()` as it is.
pub type ItemStream<T, E> = BoxStream<'static, Result<T, Error<E>>>;

/// Every item of every page. `send` sends `builder` for a page (`first`, then each state
/// `split` gives), `split` takes a response apart into its items and the next page's state,
/// `None` at the end. An error is yielded and ends the stream; so does a page that repeats
/// the one before it (a server that ignores the page parameter, as mock servers do, would
/// otherwise be asked for pages forever).
pub fn paginate<B, R, T, E, S, SendPage, Fut>(
    builder: B,
    first: S,
    send: SendPage,
    split: Split<R, S, T>,
) -> ItemStream<T, E>
where
    B: Clone + Send + 'static,
    SendPage: Fn(B, S) -> Fut + Send + 'static,
    Fut: Future<Output = Result<R, Error<E>>> + Send + 'static,
    R: 'static,
    S: Clone + Send + 'static,
    T: Clone + PartialEq + Send + 'static,
    E: Send + 'static,
{
    let start = Walk {
        state: Some(first),
        page: 1,
        previous: None,
    };
    stream::unfold(start, move |walk| {
        let request = walk
            .state
            .clone()
            .map(|state| (send(builder.clone(), state.clone()), state));
        async move {
            let (request, state) = request?;
            let response = match request.await {
                Ok(response) => response,
                Err(error) => return Some((Err(error), walk.done())),
            };
            let (items, next) = split(response, &state);
            let seen = PageSeen::of(&items);
            if seen.is_some() && seen == walk.previous {
                let error = Error::NotSent(format!(
                    "no page after page {}: the server answered page {} with the same items \
                     as page {} (it seems to ignore the page parameter), so the stream stops \
                     rather than loop",
                    walk.page - 1,
                    walk.page,
                    walk.page - 1
                ));
                return Some((Err(error), walk.done()));
            }
            let walk = Walk {
                state: next,
                page: walk.page + 1,
                previous: seen,
            };
            Some((Ok(items), walk))
        }
    })
    .flat_map(|page| match page {
        Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
        Err(error) => stream::once(async { Err(error) }).right_stream(),
    })
    .boxed()
}

/// Where a page walk is: the next page's state (`None`: the end), its number (1-based), and
/// what the page before it held.
struct Walk<S, T> {
    state: Option<S>,
    page: u64,
    previous: Option<PageSeen<T>>,
}

impl<S, T> Walk<S, T> {
    fn done(self) -> Self {
        Walk {
            state: None,
            ..self
        }
    }
}

/// What tells a page from the next: its length and its first and last items (pages of
/// different items differ there; a page served twice does not).
#[derive(PartialEq)]
struct PageSeen<T> {
    len: usize,
    first: T,
    last: T,
}

impl<T: Clone> PageSeen<T> {
    fn of(items: &[T]) -> Option<Self> {
        Some(PageSeen {
            len: items.len(),
            first: items.first()?.clone(),
            last: items.last()?.clone(),
        })
    }
}

/// The page after `page`, unless this one was empty or the last of `pages`.
pub fn next_page(page: i64, items: usize, pages: Option<i64>) -> Option<i64> {
    let last = items == 0 || pages.is_some_and(|pages| page >= pages);
    (!last).then_some(page + 1)
}

/// The offset of the next page: past this page's items, unless it was empty or the `total`
/// is reached.
pub fn next_offset(offset: i64, items: usize, total: Option<i64>) -> Option<i64> {
    let next = offset.saturating_add(i64::try_from(items).unwrap_or(i64::MAX));
    let last = items == 0 || total.is_some_and(|total| next >= total);
    (!last).then_some(next)
}

/// The cursor of the next page: none after an empty page, when the response says there is
/// no more, when it gives no cursor, or when the cursor does not move (a server bug that would
/// otherwise loop forever).
pub fn next_cursor(
    current: &Option<String>,
    items: usize,
    has_more: Option<bool>,
    cursor: Option<String>,
) -> Option<Option<String>> {
    if items == 0 || has_more == Some(false) {
        return None;
    }
    let cursor = cursor.filter(|cursor| !cursor.is_empty())?;
    (current.as_ref() != Some(&cursor)).then_some(Some(cursor))
}

/// The `rel="next"` target of a `Link` header (RFC 8288), as an absolute URL.
pub fn next_link(headers: &HeaderMap) -> Option<Option<String>> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            let is_next = params.split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            is_next.then(|| Some(target.to_owned()))
        })
}

/// A page count as a response declares it: required or optional, `i32` or `i64`.
pub trait PageCount {
    fn page_count(&self) -> Option<i64>;
}

impl PageCount for i64 {
    fn page_count(&self) -> Option<i64> {
        Some(*self)
    }
}

impl PageCount for i32 {
    fn page_count(&self) -> Option<i64> {
        Some(i64::from(*self))
    }
}

impl<T: PageCount> PageCount for Option<T> {
    fn page_count(&self) -> Option<i64> {
        self.as_ref().and_then(PageCount::page_count)
    }
}

impl<T: PageCount + ?Sized> PageCount for &T {
    fn page_count(&self) -> Option<i64> {
        (**self).page_count()
    }
}

impl<T: PageCount + ?Sized> PageCount for Box<T> {
    fn page_count(&self) -> Option<i64> {
        (**self).page_count()
    }
}

impl<T: PageCount> PageCount for Nullable<T> {
    fn page_count(&self) -> Option<i64> {
        self.as_option().and_then(PageCount::page_count)
    }
}

/// A "more pages" flag of a response, required or optional.
pub fn page_flag(field: &impl PageField<bool>) -> Option<bool> {
    field.page_field()
}

/// A next-page cursor of a response, required or optional.
pub fn page_cursor(field: &impl PageField<String>) -> Option<String> {
    field.page_field()
}

/// A cursor or a "more pages" flag as a response declares it: required or optional.
pub trait PageField<T> {
    fn page_field(&self) -> Option<T>;
}

impl PageField<String> for String {
    fn page_field(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl PageField<bool> for bool {
    fn page_field(&self) -> Option<bool> {
        Some(*self)
    }
}

impl<T, F: PageField<T>> PageField<T> for Option<F> {
    fn page_field(&self) -> Option<T> {
        self.as_ref().and_then(PageField::page_field)
    }
}

impl<T, F: PageField<T> + ?Sized> PageField<T> for &F {
    fn page_field(&self) -> Option<T> {
        (**self).page_field()
    }
}

impl<T, F: PageField<T> + ?Sized> PageField<T> for Box<F> {
    fn page_field(&self) -> Option<T> {
        (**self).page_field()
    }
}

impl<T, F: PageField<T>> PageField<T> for Nullable<F> {
    fn page_field(&self) -> Option<T> {
        self.as_option().and_then(PageField::page_field)
    }
}

/// The items of a page, however the response types the list: required, optional, nullable
/// or boxed (absent reads as no items).
pub trait PageItems<T> {
    fn into_items(self) -> Vec<T>;
}

impl<T> PageItems<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T, L: PageItems<T>> PageItems<T> for Option<L> {
    fn into_items(self) -> Vec<T> {
        self.map(PageItems::into_items).unwrap_or_default()
    }
}

impl<T, L: PageItems<T>> PageItems<T> for Box<L> {
    fn into_items(self) -> Vec<T> {
        (*self).into_items()
    }
}

impl<T, L: PageItems<T>> PageItems<T> for Nullable<L> {
    fn into_items(self) -> Vec<T> {
        self.into_option()
            .map(PageItems::into_items)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_next_link_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "link",
            HeaderValue::from_static(
                r#"<https://api.github.com/repositories/1/issues?page=1>; rel="prev", <https://api.github.com/repositories/1/issues?page=3>; rel="next", <https://api.github.com/repositories/1/issues?page=9>; rel="last""#,
            ),
        );
        assert_eq!(
            next_link(&headers),
            Some(Some(
                "https://api.github.com/repositories/1/issues?page=3".into()
            ))
        );
        headers.insert(
            "link",
            HeaderValue::from_static(r#"<https://x/?page=1>; rel="first""#),
        );
        assert_eq!(next_link(&headers), None);
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn cursors_stop_at_the_end_and_never_loop() {
        let start = None;
        assert_eq!(
            next_cursor(&start, 2, Some(true), Some("c1".into())),
            Some(Some("c1".into()))
        );
        assert_eq!(next_cursor(&start, 2, Some(false), Some("c1".into())), None);
        assert_eq!(next_cursor(&start, 0, Some(true), Some("c1".into())), None);
        assert_eq!(next_cursor(&start, 2, None, None), None);
        assert_eq!(next_cursor(&start, 2, None, Some(String::new())), None);
        assert_eq!(
            next_cursor(&Some("c1".into()), 2, Some(true), Some("c1".into())),
            None
        );
    }

    #[test]
    fn offsets_advance_by_the_items_up_to_the_total() {
        assert_eq!(next_offset(0, 2, Some(5)), Some(2));
        assert_eq!(next_offset(4, 1, Some(5)), None);
        assert_eq!(next_offset(4, 0, None), None);
        assert_eq!(next_offset(4, 3, None), Some(7));
    }

    #[test]
    fn page_numbers_stop_at_the_last_or_an_empty_page() {
        assert_eq!(next_page(1, 20, Some(3)), Some(2));
        assert_eq!(next_page(3, 20, Some(3)), None);
        assert_eq!(next_page(4, 0, None), None);
        assert_eq!(next_page(4, 1, None), Some(5));
    }
}
