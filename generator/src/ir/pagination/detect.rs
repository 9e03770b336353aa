//! Detection: the rules that read pagination off an operation's parameters and success
//! body, in order of preference — the first that matches decides, and names itself in the
//! result (`--explain-pagination` prints it).

use super::Items;
use crate::ir::build::Builder;
use crate::ir::{
    CursorFrom, Field, FieldPath, Operation, PageCountFrom, PageKind, PageSource, Pagination,
    Param, ParamLocation, TypeRef,
};

/// What the rules look at, read once per operation.
struct Facts<'f> {
    fields: &'f [Field],
    items: &'f Items,
    page: Option<&'f Param>,
    cursor: Option<&'f Param>,
    offset: Option<&'f Param>,
    total_pages: Vec<PageCountFrom>,
    link_header: bool,
    next_url: Option<FieldPath>,
}

type Rule = fn(&Builder<'_>, &Facts<'_>) -> Option<PageKind>;

/// The rules, in order of preference.
const RULES: &[(&str, Rule)] = &[
    ("a `page` query parameter and a page count", |_, facts| {
        let page = facts.page?;
        (!facts.total_pages.is_empty()).then(|| PageKind::Number {
            page_param: page.name.clone(),
            total_pages: facts.total_pages.clone(),
        })
    }),
    ("a `Link` response header", |_, facts| {
        facts.link_header.then_some(PageKind::Link)
    }),
    ("a next-page URL in the body", |_, facts| {
        facts.next_url.clone().map(PageKind::NextUrl)
    }),
    (
        "a `page` query parameter (until an empty page)",
        |_, facts| {
            Some(PageKind::Number {
                page_param: facts.page?.name.clone(),
                total_pages: Vec::new(),
            })
        },
    ),
    (
        "a cursor query parameter, and a next cursor or items with an `id`",
        |builder, facts| builder.cursor(facts),
    ),
    ("an `offset` query parameter", |builder, facts| {
        Some(PageKind::Offset {
            offset_param: facts.offset?.name.clone(),
            total: builder.field_path(facts.fields, TOTAL_FIELDS, |ty| builder.is_count(ty)),
        })
    }),
];

impl Builder<'_> {
    /// Pagination, when the success body is a list of items (or an object with one) and a
    /// rule matches.
    pub(super) fn detected_pagination(&self, op: &Operation) -> Option<Pagination> {
        let items = self.items(op)?;
        let fields = self.body_fields(op);
        let query = |names: &[&str], ty: TypeRef| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && self.is(&p.ty, &ty)
                    && names.contains(&p.wire_name.as_str())
            })
        };
        let cursor = query(CURSOR_PARAMS, TypeRef::String);
        let facts = Facts {
            fields,
            items: &items,
            page: query(&["page"], TypeRef::I64),
            cursor,
            offset: query(&["offset"], TypeRef::I64),
            total_pages: self.total_pages(op, fields),
            link_header: op
                .success
                .headers
                .iter()
                .any(|h| h.wire_name.eq_ignore_ascii_case("link")),
            next_url: self.next_url(fields, cursor.is_some()),
        };
        let (rule, kind) = RULES
            .iter()
            .find_map(|(rule, matches)| Some((*rule, matches(self, &facts)?)))?;
        Some(Pagination {
            items_field: items.field,
            item_ty: items.item,
            kind,
            source: PageSource::Detected(rule),
        })
    }

    /// Cursor pagination: a cursor parameter, and where the next cursor comes from.
    fn cursor(&self, facts: &Facts<'_>) -> Option<PageKind> {
        let param = facts.cursor?;
        let fields = facts.fields;
        let has_more = self.field_path(fields, HAS_MORE_FIELDS, |ty| self.is(ty, &TypeRef::Bool));
        let cursor =
            match self.field_path(fields, CURSOR_FIELDS, |ty| self.is(ty, &TypeRef::String)) {
                Some(path) => CursorFrom::Field(path),
                // Stripe: `starting_after` the last item's `id`, while `has_more`.
                // Discord: `after` the last item's `id` of a plain list, until one is empty.
                None if has_more.is_some() || facts.items.field.is_none() => {
                    CursorFrom::LastItem(self.item_id(&facts.items.item)?)
                }
                None => return None,
            };
        Some(PageKind::Cursor {
            param: param.name.clone(),
            cursor,
            has_more,
        })
    }

    /// Where the number of pages is said: an `X-Total-Pages` header, and `total_pages` in the
    /// body or an object of it (`meta.total_pages`); the header first.
    fn total_pages(&self, op: &Operation, fields: &[Field]) -> Vec<PageCountFrom> {
        let count = |ty: &TypeRef| self.is_count(ty);
        let from_header = op
            .success
            .headers
            .iter()
            .find(|h| h.wire_name.eq_ignore_ascii_case("x-total-pages") && count(&h.ty))
            .map(|h| PageCountFrom::Header(h.name.clone()));
        let from_body = self
            .field_path(fields, &["total_pages", "totalPages"], count)
            .map(PageCountFrom::Body);
        from_header.into_iter().chain(from_body).collect()
    }

    /// A next-page URL in the body: a field named like one, or `links.next`,
    /// `_links.next.href`; a bare `next` only where no cursor parameter could take it.
    fn next_url(&self, fields: &[Field], has_cursor_param: bool) -> Option<FieldPath> {
        let is_url = |ty: &TypeRef| self.is(ty, &TypeRef::String);
        self.field_path(fields, NEXT_URL_FIELDS, is_url)
            .or_else(|| {
                NEXT_URL_PATHS
                    .iter()
                    .find_map(|path| self.exact_path(fields, path, is_url))
            })
            .or_else(|| {
                (!has_cursor_param)
                    .then(|| self.exact_path(fields, &["next"], is_url))
                    .flatten()
            })
    }
}

/// Paths of body fields that give the URL of the next page (HAL's `_links.next.href`).
const NEXT_URL_PATHS: &[&[&str]] = &[
    &["links", "next"],
    &["_links", "next", "href"],
    &["links", "next", "href"],
];

/// Body fields that give the URL of the next page (absolute, or relative to the API).
const NEXT_URL_FIELDS: &[&str] = &[
    "next_page_uri",
    "next_page_url",
    "next_url",
    "nextPageUrl",
    "nextLink",
    "next_link",
];

/// Query parameters that take the cursor of the next page.
const CURSOR_PARAMS: &[&str] = &[
    "after",
    "cursor",
    "starting_after",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "marker",
];

/// Body fields that give the cursor of the next page.
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "end_cursor",
    "endCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_marker",
    "next_page",
];

/// Body fields that give the number of items over all pages.
const TOTAL_FIELDS: &[&str] = &["total_count", "totalCount", "total", "total_results"];

/// Body fields that say whether there is a next page.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next_page", "hasNextPage"];
