//! Pagination: how an operation's pages are walked, read off its parameters and its success
//! body — by page number, by `Link` header, or by cursor.

use super::build::Builder;
use super::{
    CursorFrom, Field, Operation, PageKind, Pagination, ParamLocation, ResponseBody, TotalPages,
    TypeKind, TypeRef,
};

impl Builder<'_> {
    /// Pagination, when the success body is a list of items (or an object with one) and the
    /// operation pages by number with a page count, by `Link` header, by number alone, or by
    /// cursor — in that order of preference.
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
        let (items_field, item_ty) = match body {
            TypeRef::Vec(item) => (None, (**item).clone()),
            _ => fields.iter().find_map(|f| match &f.ty {
                TypeRef::Vec(item)
                    if f.required
                        && ["data", "items", "results", "entries", "records"]
                            .contains(&f.wire_name.as_str()) =>
                {
                    Some((Some(f.name.clone()), (**item).clone()))
                }
                _ => None,
            })?,
        };
        let query = |names: &[&str], ty: TypeRef| {
            op.params.iter().find(|p| {
                p.location == ParamLocation::Query
                    && !p.required
                    && p.ty == ty
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
        let kind = match (page, total_pages, link) {
            (Some(page), Some(total_pages), _) => PageKind::Number {
                page_param: page.name.clone(),
                total_pages: Some(total_pages),
            },
            (_, _, true) => PageKind::Link,
            (Some(page), None, false) => PageKind::Number {
                page_param: page.name.clone(),
                total_pages: None,
            },
            (None, _, false) => {
                let param = query(CURSOR_PARAMS, TypeRef::String)?;
                let has_more = self.field_path(fields, HAS_MORE_FIELDS, |ty| {
                    matches!(ty, TypeRef::Bool) || *ty == TypeRef::Bool.optional()
                });
                let cursor = match self.field_path(fields, CURSOR_FIELDS, |ty| {
                    *ty == TypeRef::String || *ty == TypeRef::String.optional()
                }) {
                    Some(path) => CursorFrom::Field(path),
                    // Stripe: `starting_after` the last item's `id`, while `has_more`.
                    None if has_more.is_some() => CursorFrom::LastItem(self.item_id(&item_ty)?),
                    None => return None,
                };
                PageKind::Cursor {
                    param: param.name.clone(),
                    cursor,
                    has_more,
                }
            }
        };
        Some(Pagination {
            items_field,
            item_ty,
            kind,
        })
    }

    /// Where the number of pages is said: an `X-Total-Pages` header, or `total_pages` in an
    /// object of the body (`meta.total_pages`).
    fn total_pages(&self, op: &Operation, fields: &[Field]) -> Option<TotalPages> {
        let count = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
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
            .find(|f| f.wire_name == "id" && f.ty == TypeRef::String)
            .map(|f| f.name.clone())
    }
}

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
];

/// Body fields that say whether there is a next page.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next_page", "hasNextPage"];
