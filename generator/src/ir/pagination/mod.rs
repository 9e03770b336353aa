//! Pagination: how an operation's pages are walked — by page number, by `Link` header, by a
//! next-page URL in the body, by cursor, or by offset. Declared by the spec's
//! `x-kapso-pagination` extension (`declared.rs`), else detected by a table of rules
//! (`detect.rs`); the helpers here read the response's field types, as finally emitted.

mod declared;
mod detect;

use super::build::Builder;
use super::fields::step;
use super::{Field, FieldPath, FieldStep, Operation, Pagination, ResponseBody, TypeRef};

pub(super) use declared::EXTENSION;

impl<'a> Builder<'a> {
    /// How the operation pages: as its `x-kapso-pagination` says, else as detected (unless
    /// detection is switched off). Runs on the final types: the field paths it records are
    /// what emit reads, wrappers included.
    pub(super) fn pagination(&mut self, op: &Operation) -> Option<Pagination> {
        if let Some(declared) = self.spec_extension(op, EXTENSION) {
            let at = crate::pointer::join(&op.pointer, EXTENSION);
            return self.declared_pagination(op, declared, &at);
        }
        if !self.settings.detect_pagination {
            return None;
        }
        self.detected_pagination(op)
    }

    /// An extension of the operation's object in the spec.
    fn spec_extension(&self, op: &Operation, name: &str) -> Option<&'a serde_json::Value> {
        let api: &'a openapiv3::OpenAPI = self.api;
        let item = api.paths.paths.get(&op.path)?.as_item()?;
        let (_, operation) = item
            .iter()
            .find(|(method, _)| method.eq_ignore_ascii_case(&op.method))?;
        operation.extensions.get(name)
    }

    /// Where the items of a page are: the body itself, or its list field.
    fn items(&self, op: &Operation) -> Option<Items> {
        let ResponseBody::Json(body) = &op.success.body else {
            return None;
        };
        match body {
            TypeRef::Vec(item) => Some(Items {
                field: None,
                item: (**item).clone(),
            }),
            _ => self.list_field(self.struct_fields(body)),
        }
    }

    /// The fields of the success body, where it is a struct.
    fn body_fields(&self, op: &Operation) -> &[Field] {
        match &op.success.body {
            ResponseBody::Json(body) => self.struct_fields(body),
            _ => &[],
        }
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

/// Where a page's items are.
struct Items {
    /// The field of the body; `None`: the body is the list.
    field: Option<FieldStep>,
    item: TypeRef,
}

/// Names of the list of items in a page object.
const LIST_FIELDS: &[&str] = &["data", "items", "results", "entries", "records"];

#[cfg(test)]
mod tests {
    use crate::{Options, generate_from_str};

    /// A spec with one `GET /items` operation: `parameters` and the success body's schema as
    /// YAML flow mappings, and the operation's extra keys.
    fn spec(parameters: &str, body: &str, extra: &str) -> String {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      \
             operationId: listItems\n      parameters: {parameters}\n{extra}      responses:\n        \
             '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {body}\n"
        )
    }

    const PAGE: &str = "{type: object, required: [entries], properties: {entries: {type: array, \
                        items: {type: object, properties: {id: {type: string}}}}, meta: {type: \
                        object, properties: {oldest: {type: string}}}}}";

    fn explained(spec: &str, options: &Options) -> Vec<String> {
        generate_from_str("spec.yaml", spec, options)
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
            .pagination
    }

    #[test]
    fn detection_names_the_rule_that_matched() {
        let list = "{type: array, items: {type: object, properties: {id: {type: string}}}}";
        let spec = spec(
            "[{name: after, in: query, schema: {type: string}}]",
            list,
            "",
        );
        assert_eq!(
            explained(&spec, &Options::default()),
            [
                "listItems (GET /items): a cursor in `after` from the last item's `id`; the body is \
              the list (detected: a cursor query parameter, and a next cursor or items with an \
              `id`)"
            ]
        );
    }

    #[test]
    fn a_declaration_overrides_detection_and_false_switches_it_off() {
        // `since` is no cursor name detection knows, nor `meta.oldest` a cursor field.
        let params = "[{name: since, in: query, schema: {type: string}}]";
        let declared = "      x-kapso-pagination: {cursor: since, next-cursor: meta.oldest}\n";
        assert_eq!(
            explained(&spec(params, PAGE, ""), &Options::default()),
            Vec::<String>::new()
        );
        assert_eq!(
            explained(&spec(params, PAGE, declared), &Options::default()),
            [
                "listItems (GET /items): a cursor in `since` from `meta.oldest`; items in `entries` \
              (declared by `x-kapso-pagination`)"
            ]
        );
        let after = "[{name: after, in: query, schema: {type: string}}]";
        let off = "      x-kapso-pagination: false\n";
        let generated =
            generate_from_str("spec.yaml", &spec(after, PAGE, off), &Options::default())
                .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        assert!(generated.pagination.is_empty());
        assert!(!generated.code.contains("pub fn stream"));
    }

    #[test]
    fn detection_can_be_switched_off_leaving_declarations() {
        let off = Options {
            detect_pagination: false,
            ..Options::default()
        };
        let after = "[{name: after, in: query, schema: {type: string}}]";
        let list = "{type: array, items: {type: object, properties: {id: {type: string}}}}";
        assert_eq!(
            explained(&spec(after, list, ""), &Options::default()).len(),
            1
        );
        assert!(explained(&spec(after, list, ""), &off).is_empty());
        let declared = "      x-kapso-pagination: {cursor: after, next-cursor: last-item.id}\n";
        assert_eq!(explained(&spec(after, PAGE, declared), &off).len(), 1);
    }

    #[test]
    fn a_wrong_declaration_is_a_located_error() {
        let params = "[{name: since, in: query, schema: {type: string}}]";
        let declared =
            "      x-kapso-pagination: {cursor: until, next-cursur: meta.oldest, items: entries}\n";
        let errors = generate_from_str(
            "spec.yaml",
            &spec(params, PAGE, declared),
            &Options::default(),
        )
        .expect_err("errors")
        .to_string();
        assert!(
            errors.contains(
                "#/paths/~1items/get/x-kapso-pagination/next-cursur: unknown key `next-cursur` of \
                 `x-kapso-pagination` (did you mean `next-cursor`?)"
            ),
            "{errors}"
        );
        assert!(
            errors.contains(
                "#/paths/~1items/get/x-kapso-pagination/cursor: `cursor: until` is not a query \
                 parameter of the operation"
            ),
            "{errors}"
        );
    }
}
