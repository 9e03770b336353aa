//! `x-kapso-pagination`: how an operation pages, said by the spec (or by a user who adds it),
//! over what detection would make of it; `false` switches `stream()` off. Names are as on
//! the wire; body fields as dotted paths:
//!
//! ```yaml
//! x-kapso-pagination:
//!   page: page                  # page numbers in this query parameter…
//!   total-pages: X-Total-Pages  # …up to this header's or body field's count (optional)
//!   cursor: after               # or: a cursor in this query parameter…
//!   next-cursor: meta.next      # …from this body field, or `last-item.id`
//!   has-more: has_more          # …while this body flag is true (optional)
//!   offset: offset              # or: an offset advanced by each page's items…
//!   total: total_count          # …up to this count (optional)
//!   next-url: links.next        # or: the next page's URL in this body field
//!   link-header: true           # or: the `Link: rel="next"` header
//!   items: data                 # where the items are (default: found as detection does)
//! ```

use super::Items;
use crate::ir::build::Builder;
use crate::ir::fields::step;
use crate::ir::{
    CursorFrom, FieldPath, Operation, PageCountFrom, PageKind, PageSource, Pagination, Param,
    ParamLocation, TypeRef,
};
use crate::pointer;
use serde_json::{Map, Value};

/// The extension's name.
pub const EXTENSION: &str = "x-kapso-pagination";

/// Its keys.
const KEYS: &[&str] = &[
    "page",
    "total-pages",
    "cursor",
    "next-cursor",
    "has-more",
    "offset",
    "total",
    "next-url",
    "link-header",
    "items",
];

/// One of these says how the next page is asked for.
const WAYS: &[&str] = &["page", "cursor", "offset", "next-url", "link-header"];

/// The declaration being read, and where it is.
struct Declared<'d> {
    keys: &'d Map<String, Value>,
    at: &'d str,
}

impl Declared<'_> {
    fn text(&self, key: &str) -> Option<&str> {
        self.keys.get(key).and_then(Value::as_str)
    }

    fn at(&self, key: &str) -> String {
        pointer::join(self.at, key)
    }
}

impl Builder<'_> {
    /// The pagination `value` declares (`None` for `false`, or when it has errors, which are
    /// reported).
    pub(super) fn declared_pagination(
        &mut self,
        op: &Operation,
        value: &Value,
        at: &str,
    ) -> Option<Pagination> {
        let keys = match value {
            Value::Bool(false) => return None,
            Value::Object(keys) => keys,
            _ => {
                let message = format!(
                    "`{EXTENSION}` is `false` or an object of {}",
                    KEYS.join(", ")
                );
                self.diagnostics.error(at, message);
                return None;
            }
        };
        let declared = Declared { keys, at };
        for key in keys.keys().filter(|key| !KEYS.contains(&key.as_str())) {
            let hint = crate::spelling::did_you_mean(key, KEYS.iter().copied());
            let message = format!("unknown key `{key}` of `{EXTENSION}`{hint}");
            self.diagnostics.error(declared.at(key), message);
        }
        let ways: Vec<&str> = WAYS
            .iter()
            .copied()
            .filter(|way| keys.contains_key(*way))
            .collect();
        let [way] = ways[..] else {
            let message = format!("`{EXTENSION}` needs exactly one of {}", WAYS.join(", "));
            self.diagnostics.error(at, message);
            return None;
        };
        let items = self.declared_items(op, &declared)?;
        let kind = match way {
            "page" => PageKind::Number {
                page_param: self.declared_param(op, &declared, "page")?.name.clone(),
                total_pages: self.declared_page_count(op, &declared)?,
            },
            "cursor" => PageKind::Cursor {
                param: self.declared_param(op, &declared, "cursor")?.name.clone(),
                cursor: self.declared_cursor(op, &declared, &items)?,
                has_more: self.declared_path(op, &declared, "has-more", false)?,
            },
            "offset" => PageKind::Offset {
                offset_param: self.declared_param(op, &declared, "offset")?.name.clone(),
                total: self.declared_path(op, &declared, "total", false)?,
            },
            "next-url" => PageKind::NextUrl(self.declared_path(op, &declared, "next-url", true)??),
            _ => PageKind::Link,
        };
        Some(Pagination {
            items_field: items.field,
            item_ty: items.item,
            kind,
            source: PageSource::Declared,
        })
    }

    /// The list of items: at the declared path, else where detection finds it.
    fn declared_items(&mut self, op: &Operation, declared: &Declared<'_>) -> Option<Items> {
        let Some(path) = declared.text("items") else {
            let found = self.items(op);
            if found.is_none() {
                let message = "no list of items found in the success body: say where with `items`";
                self.diagnostics.error(declared.at, message);
            }
            return found;
        };
        let fields = self.body_fields(op);
        let segments: Vec<&str> = path.split('.').collect();
        let list = match segments[..] {
            [name] => fields.iter().find(|f| f.wire_name == name),
            _ => None,
        };
        let item = list.and_then(|f| match self.unwrapped(&f.ty) {
            TypeRef::Vec(item) => Some((**item).clone()),
            _ => None,
        });
        match (list, item) {
            (Some(field), Some(item)) => Some(Items {
                field: Some(step(field)),
                item,
            }),
            _ => {
                let message = format!("`items: {path}` is no list field of the success body");
                self.diagnostics.error(declared.at("items"), message);
                None
            }
        }
    }

    /// The optional query parameter named by `key`.
    fn declared_param<'o>(
        &mut self,
        op: &'o Operation,
        declared: &Declared<'_>,
        key: &str,
    ) -> Option<&'o Param> {
        let name = declared.text(key).unwrap_or_default();
        let found = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire_name == name);
        if found.is_none() {
            let message = format!("`{key}: {name}` is not a query parameter of the operation");
            self.diagnostics.error(declared.at(key), message);
        }
        found
    }

    /// The body field at the dotted path under `key`: `Some(None)` where an optional key is
    /// absent, `None` (reported) where the path leads nowhere.
    fn declared_path(
        &mut self,
        op: &Operation,
        declared: &Declared<'_>,
        key: &str,
        required: bool,
    ) -> Option<Option<FieldPath>> {
        let Some(path) = declared.text(key) else {
            if required || declared.keys.contains_key(key) {
                let message = format!("`{key}` is a dotted path of body fields (`meta.next`)");
                self.diagnostics.error(declared.at(key), message);
                return None;
            }
            return Some(None);
        };
        let segments: Vec<&str> = path.split('.').collect();
        let found = self.exact_path(self.body_fields(op), &segments, |_| true);
        if found.is_none() {
            let message = format!("`{key}: {path}` is no field of the success body");
            self.diagnostics.error(declared.at(key), message);
            return None;
        }
        Some(found)
    }

    /// Where the page count is: a response header of that name, else a body path.
    fn declared_page_count(
        &mut self,
        op: &Operation,
        declared: &Declared<'_>,
    ) -> Option<Vec<PageCountFrom>> {
        let Some(name) = declared.text("total-pages") else {
            return Some(Vec::new());
        };
        let header = op
            .success
            .headers
            .iter()
            .find(|h| h.wire_name.eq_ignore_ascii_case(name));
        if let Some(header) = header {
            return Some(vec![PageCountFrom::Header(header.name.clone())]);
        }
        let path = self.declared_path(op, declared, "total-pages", true)??;
        Some(vec![PageCountFrom::Body(path)])
    }

    /// Where the next cursor comes from: a body path, or `last-item.<field>`.
    fn declared_cursor(
        &mut self,
        op: &Operation,
        declared: &Declared<'_>,
        items: &Items,
    ) -> Option<CursorFrom> {
        let Some(field) = declared
            .text("next-cursor")
            .and_then(|c| c.strip_prefix("last-item."))
        else {
            return Some(CursorFrom::Field(self.declared_path(
                op,
                declared,
                "next-cursor",
                true,
            )??));
        };
        let found = self
            .struct_fields(&items.item)
            .iter()
            .find(|f| f.wire_name == field)
            .map(|f| f.name.clone());
        if found.is_none() {
            let message = format!("the items have no field `{field}`");
            self.diagnostics.error(declared.at("next-cursor"), message);
        }
        found.map(CursorFrom::LastItem)
    }
}
