//! Pagination: how an operation's pages are walked, read off its parameters and its success
//! body — by page number, by `Link` header, by a next-page URL in the body, by cursor, or by
//! offset.

use super::build::Builder;
use super::{
    CursorFrom, Field, FieldPath, FieldStep, Operation, PageCountFrom, PageKind, Pagination, Param,
    ParamLocation, ResponseBody, TypeKind, TypeRef,
};

impl Builder<'_> {
    /// Pagination, when the success body is a list of items (or an object with one) and the
    /// operation pages by number with a page count, by `Link` header, by a next-page URL in the
    /// body, by number alone, by cursor, or by offset — in that order of preference. Runs on
    /// the final types: the field paths it records are what emit reads, wrappers included.
    pub(super) fn pagination(&self, op: &Operation) -> Option<Pagination> {
        let ResponseBody::Json(body) = &op.success.body else {
            return None;
        };
        let fields = self.struct_fields(body);
        let items = match body {
            TypeRef::Vec(item) => Items {
                field: None,
                item: (**item).clone(),
            },
            _ => self.list_field(fields)?,
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
        let cursor_param = query(CURSOR_PARAMS, TypeRef::String);
        let next_url = self.next_url(fields, cursor_param.is_some());
        let kind = match (page, total_pages.is_empty(), link, next_url) {
            (Some(page), false, _, _) => PageKind::Number {
                page_param: page.name.clone(),
                total_pages,
            },
            (_, _, true, _) => PageKind::Link,
            (_, _, false, Some(path)) => PageKind::NextUrl(path),
            (Some(page), true, false, None) => PageKind::Number {
                page_param: page.name.clone(),
                total_pages,
            },
            (None, _, false, None) => match self.cursor(cursor_param, fields, &items) {
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
            item_ty: items.item,
            kind,
        })
    }

    /// The fields of the struct `ty` is (through `Option`, `Box`, `Nullable` and aliases).
    fn struct_fields(&self, ty: &TypeRef) -> &[Field] {
        match self.unwrapped(ty) {
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(fields) => fields,
                _ => &[],
            },
            _ => &[],
        }
    }

    /// Cursor pagination: a cursor parameter, and where the next cursor comes from.
    fn cursor(&self, param: Option<&Param>, fields: &[Field], items: &Items) -> Option<PageKind> {
        let param = param?;
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

    /// The path to a field named one of `names` with a type `ty_ok` accepts: in the body, or
    /// in an object the body holds (`page`, `meta`…).
    fn field_path(
        &self,
        fields: &[Field],
        names: &[&str],
        ty_ok: impl Fn(&TypeRef) -> bool,
    ) -> Option<FieldPath> {
        let direct = |fields: &[Field]| {
            fields
                .iter()
                .find(|f| names.contains(&f.wire_name.as_str()) && ty_ok(&f.ty))
                .map(step)
        };
        if let Some(found) = direct(fields) {
            return Some(FieldPath(vec![found]));
        }
        fields.iter().find_map(|outer| {
            let inner = direct(self.struct_fields(&outer.ty))?;
            Some(FieldPath(vec![step(outer), inner]))
        })
    }

    /// The path of fields with these wire names, ending in a type `ty_ok` accepts.
    fn exact_path(
        &self,
        fields: &[Field],
        wire_names: &[&str],
        ty_ok: impl Fn(&TypeRef) -> bool,
    ) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut fields = fields;
        for (index, wire_name) in wire_names.iter().enumerate() {
            let field = fields.iter().find(|f| f.wire_name == *wire_name)?;
            steps.push(step(field));
            if index + 1 == wire_names.len() {
                return ty_ok(&field.ty).then_some(FieldPath(steps));
            }
            fields = self.struct_fields(&field.ty);
        }
        None
    }

    /// The Rust name of an item's string `id` (required or not: an item without one ends the
    /// walk).
    fn item_id(&self, item: &TypeRef) -> Option<String> {
        self.struct_fields(item)
            .iter()
            .find(|f| f.wire_name == "id" && self.is(&f.ty, &TypeRef::String))
            .map(|f| f.name.clone())
    }

    /// Whether a field can hold a count (of pages, of items): an integer, or an alias of one.
    fn is_count(&self, ty: &TypeRef) -> bool {
        self.is(ty, &TypeRef::I64) || self.is(ty, &TypeRef::I32)
    }

    /// Whether `ty` is `wanted`, through `Option`, `Box`, `Nullable` and aliases (Discord's
    /// `SnowflakeType` is a `String`).
    fn is(&self, ty: &TypeRef, wanted: &TypeRef) -> bool {
        self.unwrapped(ty) == wanted
    }

    /// `ty` without `Option`, `Box`, `Nullable` and aliases around it.
    fn unwrapped<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..8 {
            ty = match ty {
                TypeRef::Option(inner) | TypeRef::Box(inner) | TypeRef::Nullable(inner) => inner,
                TypeRef::Named(id) => match &self.types[id.0].kind {
                    TypeKind::Alias(inner) => inner,
                    _ => return ty,
                },
                other => return other,
            };
        }
        ty
    }

    /// The list of items in a page object: a required list named like one (`data`,
    /// `items`…), else the one list field the object has (Twilio's `calls`, `messages`…).
    fn list_field(&self, fields: &[Field]) -> Option<Items> {
        let list = |f: &Field| match self.unwrapped(&f.ty) {
            TypeRef::Vec(item) => Some(item.as_ref().clone()),
            _ => None,
        };
        let named = fields.iter().find(|f| {
            f.required && LIST_FIELDS.contains(&f.wire_name.as_str()) && list(f).is_some()
        });
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
        Some(Items {
            item: list(field)?,
            field: Some(step(field)),
        })
    }
}

fn step(field: &Field) -> FieldStep {
    FieldStep {
        name: field.name.clone(),
        ty: field.ty.clone(),
    }
}

/// Where a page's items are.
struct Items {
    /// The field of the body; `None`: the body is the list.
    field: Option<FieldStep>,
    item: TypeRef,
}

/// Names of the list of items in a page object.
const LIST_FIELDS: &[&str] = &["data", "items", "results", "entries", "records"];

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
