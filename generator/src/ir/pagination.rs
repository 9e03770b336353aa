//! Pagination: how an operation's pages are walked, read off its parameters and its success
//! body — by page number, by `Link` header, by a next-page URL in the body, by cursor, or by
//! offset.

use super::build::Builder;
use super::{
    CursorFrom, Field, Operation, PageKind, Pagination, ParamLocation, ResponseBody, TotalPages,
    TypeKind, TypeRef,
};

impl Builder<'_> {
    /// Pagination, when the success body is a list of items (or an object with one) and the
    /// operation pages by number with a page count, by `Link` header, by a next-page URL in the
    /// body, by number alone, by cursor, or by offset — in that order of preference.
    pub(super) fn pagination(&self, op: &Operation) -> Option<Pagination> {
        let ResponseBody::Json(body) = &op.success.body else {
            return None;
        };
        let fields: &[Field] = match body {
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(fields) => fields,
                _ => &[],
            },
            _ => &[],
        };
        let items = match body {
            TypeRef::Vec(item) => Items {
                field: None,
                optional: false,
                item: (**item).clone(),
            },
            _ => list_field(fields)?,
        };
        let query = |names: &[&str], ty: TypeRef| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && self.is(&p.ty, &ty)
                    && names.contains(&p.wire_name.as_str())
            })
        };
        let page = query(&["page"], TypeRef::I64);
        let total_pages = self.total_pages(op, fields);
        let link = op
            .success
            .headers
            .iter()
            .any(|h| h.wire_name.eq_ignore_ascii_case("link"));
        let next_url = self.field_path(fields, NEXT_URL_FIELDS, |ty| self.is(ty, &TypeRef::String));
        let kind = match (page, total_pages, link, next_url) {
            (Some(page), Some(total_pages), _, _) => PageKind::Number {
                page_param: page.name.clone(),
                total_pages: Some(total_pages),
            },
            (_, _, true, _) => PageKind::Link,
            (_, _, false, Some(path)) => PageKind::NextUrl(path),
            (Some(page), None, false, None) => PageKind::Number {
                page_param: page.name.clone(),
                total_pages: None,
            },
            (None, _, false, None) => match self.cursor(&query, fields, &items) {
                Some(cursor) => cursor,
                // Box: `offset` and `limit`, until `total_count` items (or an empty page).
                None => PageKind::Offset {
                    offset_param: query(&["offset"], TypeRef::I64)?.name.clone(),
                    total: self.field_path(fields, TOTAL_FIELDS, |ty| self.is_count(ty)),
                },
            },
        };
        Some(Pagination {
            items_field: items.field,
            items_optional: items.optional,
            item_ty: items.item,
            kind,
        })
    }

    /// Cursor pagination: a cursor parameter, and where the next cursor comes from.
    fn cursor<'p>(
        &self,
        query: &impl Fn(&[&str], TypeRef) -> Option<&'p super::Param>,
        fields: &[Field],
        items: &Items,
    ) -> Option<PageKind> {
        let param = query(CURSOR_PARAMS, TypeRef::String)?;
        let has_more = self.field_path(fields, HAS_MORE_FIELDS, |ty| self.is(ty, &TypeRef::Bool));
        let cursor =
            match self.field_path(fields, CURSOR_FIELDS, |ty| self.is(ty, &TypeRef::String)) {
                Some(path) => CursorFrom::Field(path),
                // Stripe: `starting_after` the last item's `id`, while `has_more`.
                // Discord: `after` the last item's `id` of a plain list, until one is empty.
                None if has_more.is_some() || items.field.is_none() => {
                    CursorFrom::LastItem(self.item_id(&items.item)?)
                }
                None => return None,
            };
        Some(PageKind::Cursor {
            param: param.name.clone(),
            cursor,
            has_more,
        })
    }

    /// Where the number of pages is said: an `X-Total-Pages` header, or `total_pages` in an
    /// object of the body (`meta.total_pages`).
    fn total_pages(&self, op: &Operation, fields: &[Field]) -> Option<TotalPages> {
        let count = |ty: &TypeRef| self.is_count(ty);
        let from_header = op
            .success
            .headers
            .iter()
            .find(|h| h.wire_name.eq_ignore_ascii_case("x-total-pages") && count(&h.ty))
            .map(|h| TotalPages::Header(h.name.clone()));
        from_header.or_else(|| {
            let path = self.field_path(fields, &["total_pages", "totalPages"], count)?;
            match <[String; 2]>::try_from(path) {
                Ok([outer, inner]) => Some(TotalPages::BodyField(outer, inner)),
                Err(_) => None,
            }
        })
    }

    /// The path (Rust field names) to a field named one of `names` with a type `ty_ok`
    /// accepts: in the body, or in an object the body holds (`page`, `meta`…).
    fn field_path(
        &self,
        fields: &[Field],
        names: &[&str],
        ty_ok: impl Fn(&TypeRef) -> bool,
    ) -> Option<Vec<String>> {
        let direct = |fields: &[Field]| {
            fields
                .iter()
                .find(|f| names.contains(&f.wire_name.as_str()) && ty_ok(&f.ty))
                .map(|f| f.name.clone())
        };
        if let Some(name) = direct(fields) {
            return Some(vec![name]);
        }
        fields.iter().find_map(|outer| {
            let TypeRef::Named(id) = &outer.ty else {
                return None;
            };
            let TypeKind::Struct(inner) = &self.types[id.0].kind else {
                return None;
            };
            direct(inner).map(|name| vec![outer.name.clone(), name])
        })
    }

    /// The Rust name of an item's required string `id`.
    fn item_id(&self, item: &TypeRef) -> Option<String> {
        let TypeRef::Named(id) = item else {
            return None;
        };
        let TypeKind::Struct(fields) = &self.types[id.0].kind else {
            return None;
        };
        fields
            .iter()
            .find(|f| {
                f.wire_name == "id"
                    && f.required
                    && !f.ty.is_option()
                    && self.is(&f.ty, &TypeRef::String)
            })
            .map(|f| f.name.clone())
    }

    /// Whether a field can hold a count (of pages, of items): an integer, or an alias of one.
    fn is_count(&self, ty: &TypeRef) -> bool {
        self.is(ty, &TypeRef::I64) || self.is(ty, &TypeRef::I32)
    }

    /// Whether `ty` is `wanted`, or an optional one, or an alias of one (Discord's
    /// `SnowflakeType` is a `String`).
    fn is(&self, ty: &TypeRef, wanted: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..8 {
            ty = match ty {
                TypeRef::Option(inner) => inner,
                TypeRef::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Alias(inner) => inner,
                    _ => return false,
                },
                other => return other == wanted,
            };
        }
        false
    }
}

/// Where a page's items are.
struct Items {
    /// The field of the body; `None`: the body is the list.
    field: Option<String>,
    /// The field is an `Option<Vec<_>>`.
    optional: bool,
    item: TypeRef,
}

/// The list of items in a page object: a required list named like one (`data`, `items`…),
/// else the one list field the object has (Twilio's `calls`, `messages`…).
fn list_field(fields: &[Field]) -> Option<Items> {
    let list = |f: &Field| match &f.ty {
        TypeRef::Vec(item) => Some((item.as_ref().clone(), false)),
        TypeRef::Option(inner) => match inner.as_ref() {
            TypeRef::Vec(item) => Some((item.as_ref().clone(), true)),
            _ => None,
        },
        _ => None,
    };
    let named = fields
        .iter()
        .find(|f| f.required && LIST_FIELDS.contains(&f.wire_name.as_str()) && list(f).is_some());
    let field = match named {
        Some(field) => field,
        None => {
            let mut lists = fields.iter().filter(|f| list(f).is_some());
            let only = lists.next()?;
            if lists.next().is_some() {
                return None;
            }
            only
        }
    };
    let (item, optional) = list(field)?;
    Some(Items {
        field: Some(field.name.clone()),
        optional,
        item,
    })
}

/// Names of the list of items in a page object.
const LIST_FIELDS: &[&str] = &["data", "items", "results", "entries", "records"];

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
