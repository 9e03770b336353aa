//! `stream()`: every item of every page, for operations paged by number, cursor, offset, a
//! next-page URL in the body or the `Link` header: one function per way of paging.

use super::{error_type, field_value};
use crate::emit::docs::own_doc_attrs;
use crate::emit::type_ref::{Paths, ident, type_tokens};
use crate::ir::{
    Api, CursorFrom, FieldPath, FieldStep, Operation, PageCountFrom, PageKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// `stream()`: every item of every page, for paginated operations.
pub(super) fn stream_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let item = type_tokens(api, &pagination.item_ty, &Paths::in_operations());
    let error_type = error_type(op);
    let items = items_expression(pagination.items_field.as_ref());
    let PageWalk {
        first,
        send,
        split,
        how,
    } = match &pagination.kind {
        PageKind::Number {
            page_param,
            total_pages,
        } => by_number(page_param, total_pages, &items),
        PageKind::Cursor {
            param,
            cursor,
            has_more,
        } => by_cursor(param, cursor, has_more.as_ref(), &items),
        PageKind::NextUrl(path) => by_next_url(path, &items),
        PageKind::Offset {
            offset_param,
            total,
        } => by_offset(offset_param, total.as_ref(), &items),
        PageKind::Link => by_link(&items),
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
        pub fn stream(self) -> runtime::ItemStream<#item, #error_type> {
            let first = #first;
            runtime::paginate(self, first, #send, #split)
        }
    })
}

/// The pieces of `stream()` for one way of paging: the first page's state, how to send a
/// page, how to split a response into items and the next state, and how it ends (for the
/// doc).
struct PageWalk {
    first: TokenStream,
    send: TokenStream,
    split: TokenStream,
    how: String,
}

fn by_number(page_param: &str, total_pages: &[PageCountFrom], items: &TokenStream) -> PageWalk {
    let page = ident(page_param);
    let counts = total_pages.iter().map(|from| match from {
        PageCountFrom::Header(field) => {
            let field = ident(field);
            count(quote!(response.headers.#field))
        }
        PageCountFrom::Body(path) => count(field_value(&quote!(response.body), path)),
    });
    let pages = counts
        .reduce(|first, then| quote!(#first.or_else(|| #then)))
        .unwrap_or_else(|| quote!(None));
    let how = match total_pages {
        [] => "an empty page tells".to_string(),
        [PageCountFrom::Header(_)] => "the page count in the response headers tells".to_string(),
        [PageCountFrom::Body(_)] => "the page count in the response tells".to_string(),
        _ => "the page count in the response headers (else in its body) tells".to_string(),
    };
    PageWalk {
        how: format!(
            "from the page set with [`{page_param}`](Self::{page_param}) (else 1) up to the last \
             one, which {how}"
        ),
        ..numbered(
            &page,
            quote!(1),
            (pages, quote!(runtime::next_page)),
            ["page", "pages"],
            items,
        )
    }
}

/// Pages chosen by a number parameter (a page number, an offset) that starts at `start` and
/// moves by what `next` makes of it, the page's item count and the `limit` the response gives
/// (of pages, of items). `names` are the locals' names: the number's and the limit's.
fn numbered(
    param: &syn::Ident,
    start: TokenStream,
    (limit, next): (TokenStream, TokenStream),
    names: [&str; 2],
    items: &TokenStream,
) -> PageWalk {
    let [number, total] = names.map(ident);
    PageWalk {
        first: quote!(self.#param.unwrap_or(#start)),
        send: quote!(|request: Self, #number| request.#param(#number).send()),
        split: quote!(|response, #number: &i64| {
            let #total = #limit;
            let items = #items;
            let next = #next(*#number, items.len(), #total);
            (items, next)
        }),
        how: String::new(),
    }
}

fn by_cursor(
    param: &str,
    cursor: &CursorFrom,
    has_more: Option<&FieldPath>,
    items: &TokenStream,
) -> PageWalk {
    let setter = ident(param);
    let has_more = match has_more {
        Some(path) => {
            let field = field_value(&quote!(response.body), path);
            quote!(runtime::page_flag(&#field))
        }
        None => quote!(None),
    };
    let (cursor_before, cursor_after, from) = match cursor {
        CursorFrom::Field(path) => {
            let field = field_value(&quote!(response.body), path);
            (
                quote!(let next = runtime::page_cursor(&#field);),
                TokenStream::new(),
                format!("`{}` of each response", path.dotted()),
            )
        }
        CursorFrom::LastItem(id) => {
            let id_ident = ident(id);
            (
                TokenStream::new(),
                quote!(let next = items.last().and_then(|item| runtime::page_cursor(&item.#id_ident));),
                format!("the `{id}` of each page's last item"),
            )
        }
    };
    PageWalk {
        first: quote!(self.#setter.clone()),
        send: quote!(|request: Self, cursor: Option<String>| match cursor {
            Some(cursor) => request.#setter(cursor).send(),
            None => request.send(),
        }),
        split: quote!(|response, cursor: &Option<String>| {
            let has_more = #has_more;
            #cursor_before
            let items = #items;
            #cursor_after
            let next = runtime::next_cursor(cursor, items.len(), has_more, next);
            (items, next)
        }),
        how: format!(
            "passing {from} as [`{param}`](Self::{param}), until a response says there is no \
             more"
        ),
    }
}

fn by_next_url(path: &FieldPath, items: &TokenStream) -> PageWalk {
    let field = field_value(&quote!(response.body), path);
    PageWalk {
        first: quote!(None::<String>),
        send: send_to_url(),
        split: quote!(|response, url: &Option<String>| {
            let next = runtime::page_cursor(&#field);
            let items = #items;
            let next = runtime::next_cursor(url, items.len(), None, next);
            (items, next)
        }),
        how: format!(
            "following the `{}` URL of each response until there is none",
            path.dotted()
        ),
    }
}

fn by_offset(offset_param: &str, total: Option<&FieldPath>, items: &TokenStream) -> PageWalk {
    let offset = ident(offset_param);
    let (total, until) = match total {
        Some(path) => (
            count(field_value(&quote!(response.body), path)),
            format!("`{}` items have come", path.dotted()),
        ),
        None => (quote!(None), "a page is empty".to_string()),
    };
    PageWalk {
        how: format!(
            "advancing [`{offset_param}`](Self::{offset_param}) by each page's items until {until}"
        ),
        ..numbered(
            &offset,
            quote!(0),
            (total, quote!(runtime::next_offset)),
            ["offset", "total"],
            items,
        )
    }
}

fn by_link(items: &TokenStream) -> PageWalk {
    PageWalk {
        first: quote!(None::<String>),
        send: send_to_url(),
        split: quote!(|response, _: &Option<String>| {
            let next = runtime::next_link(&response.header_map);
            (#items, next)
        }),
        how: "following each response's `Link: rel=\"next\"` URL until there is none".to_string(),
    }
}

/// Pages walked by URL (`Link` header or a body field) start from the request as built.
fn send_to_url() -> TokenStream {
    quote!(|mut request: Self, url: Option<String>| {
        request.next_page_url = url;
        request.send()
    })
}

/// A count of pages or items, however the response types it (optional, boxed, `i32`, `i64`).
fn count(field: TokenStream) -> TokenStream {
    quote!(runtime::PageCount::page_count(&#field))
}

/// The page's items, taken out of the response: the body itself, or its list field however
/// it is typed.
fn items_expression(field: Option<&FieldStep>) -> TokenStream {
    let Some(field) = field else {
        return quote!(response.body);
    };
    let name = ident(&field.name);
    match &field.ty {
        TypeRef::Vec(_) => quote!(response.body.#name),
        TypeRef::Option(inner) if matches!(**inner, TypeRef::Vec(_)) => {
            quote!(response.body.#name.unwrap_or_default())
        }
        _ => quote!(runtime::PageItems::into_items(response.body.#name)),
    }
}
