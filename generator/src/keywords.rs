//! Where schemas are in an OpenAPI document: the JSON Schema keywords whose values are
//! subschemas, shared by every stage that walks schemas (`bundle`, `normalize`, `parse`).

/// Keywords whose value is one subschema.
pub const SUBSCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
];

/// Keywords whose value is a list of subschemas.
pub const SUBSCHEMA_LIST_KEYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value maps names to subschemas.
pub const SUBSCHEMA_MAP_KEYS: &[&str] =
    &["properties", "patternProperties", "$defs", "definitions"];

/// What a node of the document is, as far as schemas go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Not a schema (yet): the document, a path item, a media type…
    Document,
    Schema,
    /// A map whose values are schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list whose items are schemas (`allOf`…).
    SchemaList,
}

impl Context {
    /// The context of `key` inside a node of this context at `at` (`None`: data, such as
    /// examples, defaults, `x-` extensions and every other schema keyword's value).
    pub fn child(self, key: &str, at: &str) -> Option<Context> {
        self.child_of(key, at == "#/components")
    }

    /// [`Context::child`] where the caller knows whether this node is `#/components`
    /// (without spelling out its pointer).
    pub fn child_of(self, key: &str, in_components: bool) -> Option<Context> {
        if key.starts_with("x-") {
            return None;
        }
        match self {
            Context::Document => Some(match key {
                "example" | "examples" => return None,
                "schema" => Context::Schema,
                "schemas" if in_components => Context::SchemaMap,
                _ => Context::Document,
            }),
            Context::Schema => {
                if SUBSCHEMA_KEYS.contains(&key) {
                    Some(Context::Schema)
                } else if SUBSCHEMA_LIST_KEYS.contains(&key) {
                    Some(Context::SchemaList)
                } else if SUBSCHEMA_MAP_KEYS.contains(&key) {
                    Some(Context::SchemaMap)
                } else {
                    None
                }
            }
            Context::SchemaMap | Context::SchemaList => Some(Context::Schema),
        }
    }
}

/// Whether the location the `tokens` lead to (from the document's root) is a schema.
pub fn is_schema_location(tokens: &[String]) -> bool {
    let mut context = Context::Document;
    let mut at = String::from("#");
    for token in tokens {
        match context.child(token, &at) {
            Some(next) => context = next,
            None => return false,
        }
        at = crate::pointer::join(&at, token);
    }
    context == Context::Schema
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(pointer: &str) -> Vec<String> {
        crate::pointer::tokens(pointer).expect("a local pointer")
    }

    #[test]
    fn schema_locations_are_told_from_others() {
        for schema in [
            "#/components/schemas/A",
            "#/components/schemas/A/properties/b/items",
            "#/components/schemas/A/allOf/0",
            "#/components/parameters/P/schema",
            "#/components/responses/R/content/application~1json/schema",
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/items",
        ] {
            assert!(is_schema_location(&tokens(schema)), "{schema}");
        }
        for other in [
            "#/components/parameters/P",
            "#/components/schemas",
            "#/components/schemas/A/properties",
            "#/components/schemas/A/example",
            "#/paths/~1pets/get",
            "#/components/schemas/A/x-extra/schema",
        ] {
            assert!(!is_schema_location(&tokens(other)), "{other}");
        }
    }
}
