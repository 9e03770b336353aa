//! `stream()`: every item of every page, for operations paged by number, cursor or `Link`
//! header.

use super::docs::own_doc_attrs;
use super::operations::{error_type, types_prefix};
use super::type_ref::{ident, type_tokens};
use crate::ir::{Api, CursorFrom, Operation, PageKind, Pagination, TotalPages};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the operation's pages are walked by URL (`Link` header or a body field): its
/// builder keeps the next page's URL.
pub(super) fn follows_links(op: &Operation) -> bool {
    matches!(
        op.pagination,
        Some(Pagination {
            kind: PageKind::Link | PageKind::NextUrl(_),
            ..
        })
    )
}

/// `stream()`: every item of every page, for paginated operations.
pub(super) fn stream_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let item = type_tokens(api, &pagination.item_ty, &types_prefix());
    let error_type = error_type(op);
    let items = match (&pagination.items_field, pagination.items_optional) {
        (Some(field), false) => {
            let field = ident(field);
            quote!(response.body.#field)
        }
        (Some(field), true) => {
            let field = ident(field);
            quote!(response.body.#field.unwrap_or_default())
        }
        (None, _) => quote!(response.body),
    };
    let body_path = |path: &[String]| {
        let path = path.iter().map(|name| ident(name));
        quote!(response.body #(.#path)*)
    };
    // A count of pages or items, however the response types it (optional, `i32`, `i64`).
    let count = |field: TokenStream| quote!(runtime::PageCount::page_count(&#field));
    // Pages walked by URL (`Link` header or a body field) start from the request as built.
    let send_to_url = quote!(|mut request: Self, url: Option<String>| {
        request.next_page_url = url;
        request.send()
    });
    let (first, send, split, how) = match &pagination.kind {
        PageKind::Number {
            page_param,
            total_pages,
        } => {
            let page = ident(page_param);
            let (pages, how) = match total_pages {
                Some(TotalPages::Header(field)) => {
                    let field = ident(field);
                    (
                        count(quote!(response.headers.#field)),
                        "the page count in the response headers tells",
                    )
                }
                Some(TotalPages::BodyField(outer, inner)) => (
                    count(body_path(&[outer.clone(), inner.clone()])),
                    "the page count in the response tells",
                ),
                None => (quote!(None), "an empty page tells"),
            };
            (
                quote!(self.#page.unwrap_or(1)),
                quote!(|request: Self, page| request.#page(page).send()),
                quote!(|response, page: &i64| {
                    let pages = #pages;
                    let items = #items;
                    let next = runtime::next_page(*page, items.len(), pages);
                    (items, next)
                }),
                format!(
                    "from the page set with [`{page_param}`](Self::{page_param}) (else 1) up to \
                     the last one, which {how}"
                ),
            )
        }
        PageKind::Cursor {
            param,
            cursor,
            has_more,
        } => {
            let setter = ident(param);
            let has_more = match has_more {
                Some(path) => {
                    let field = body_path(path);
                    quote!(runtime::page_flag(&#field))
                }
                None => quote!(None),
            };
            let (cursor_before, cursor_after, from) = match cursor {
                CursorFrom::Field(path) => {
                    let field = body_path(path);
                    (
                        quote!(let next = runtime::page_cursor(&#field);),
                        TokenStream::new(),
                        format!("`{}` of each response", path.join(".")),
                    )
                }
                CursorFrom::LastItem(id) => {
                    let id = ident(id);
                    (
                        TokenStream::new(),
                        quote!(let next = items.last().map(|item| item.#id.clone());),
                        format!("the `{id}` of each page's last item"),
                    )
                }
            };
            (
                quote!(self.#setter.clone()),
                quote!(|request: Self, cursor: Option<String>| match cursor {
                    Some(cursor) => request.#setter(cursor).send(),
                    None => request.send(),
                }),
                quote!(|response, cursor: &Option<String>| {
                    let has_more = #has_more;
                    #cursor_before
                    let items = #items;
                    #cursor_after
                    let next = runtime::next_cursor(cursor, items.len(), has_more, next);
                    (items, next)
                }),
                format!(
                    "passing {from} as [`{param}`](Self::{param}), until a response says there \
                     is no more"
                ),
            )
        }
        PageKind::NextUrl(path) => {
            let field = body_path(path);
            (
                quote!(None::<String>),
                send_to_url.clone(),
                quote!(|response, url: &Option<String>| {
                    let next = runtime::page_cursor(&#field);
                    let items = #items;
                    let next = runtime::next_cursor(url, items.len(), None, next);
                    (items, next)
                }),
                format!(
                    "following the `{}` URL of each response until there is none",
                    path.join(".")
                ),
            )
        }
        PageKind::Offset {
            offset_param,
            total,
        } => {
            let offset = ident(offset_param);
            let (total, until) = match total {
                Some(path) => (
                    count(body_path(path)),
                    format!("`{}` items have come", path.join(".")),
                ),
                None => (quote!(None), "a page is empty".to_string()),
            };
            (
                quote!(self.#offset.unwrap_or(0)),
                quote!(|request: Self, offset| request.#offset(offset).send()),
                quote!(|response, offset: &i64| {
                    let total = #total;
                    let items = #items;
                    let next = runtime::next_offset(*offset, items.len(), total);
                    (items, next)
                }),
                format!(
                    "advancing [`{offset_param}`](Self::{offset_param}) by each page's items until \
                     {until}"
                ),
            )
        }
        PageKind::Link => (
            quote!(None::<String>),
            send_to_url,
            quote!(|response, _: &Option<String>| {
                let next = runtime::next_link(&response.header_map);
                (#items, next)
            }),
            "following each response's `Link: rel=\"next\"` URL until there is none".to_string(),
        ),
    };
    let docs = own_doc_attrs(
        [],
        &format!(
            "Every item of every page, as a stream: pages are fetched one after another as the \
             stream is read, {how}. An error ends the stream after it is yielded."
        ),
    );
    Some(quote! {
        #docs
        pub fn stream(self) -> impl runtime::Stream<Item = Result<#item, runtime::Error<#error_type>>> + 'a {
            let first = #first;
            runtime::paginate(self, first, #send, #split)
        }
    })
}
