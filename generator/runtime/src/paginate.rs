//! Walking numbered pages as one stream of items.

use crate::error::Error;
use futures::{Stream, StreamExt, stream};
use std::future::Future;

/// Every item of every page: sends `builder` for `first`, `first + 1`… (`send` sets the page
/// and sends), splits each response into its items and the number of pages (`split`), and
/// stops after the last page, at an empty page, or at the first error (which it yields).
pub fn paginate<B, R, T, E, Send, Fut>(
    builder: B,
    first: i64,
    send: Send,
    split: fn(R) -> (Vec<T>, Option<i64>),
) -> impl Stream<Item = Result<T, Error<E>>>
where
    B: Clone,
    Send: Fn(B, i64) -> Fut,
    Fut: Future<Output = Result<R, Error<E>>>,
{
    stream::unfold(Some(first), move |page| {
        let request = page.map(|page| (send(builder.clone(), page), page));
        async move {
            let (request, page) = request?;
            match request.await {
                Ok(response) => {
                    let (items, pages) = split(response);
                    let last = items.is_empty() || pages.is_some_and(|pages| page >= pages);
                    Some((Ok(items), (!last).then_some(page + 1)))
                }
                Err(error) => Some((Err(error), None)),
            }
        }
    })
    .flat_map(|page| match page {
        Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
        Err(error) => stream::once(async { Err(error) }).right_stream(),
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
