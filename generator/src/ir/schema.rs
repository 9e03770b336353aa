//! Positions of schemas as the IR stage reads them: a `$ref` or an inline schema
//! ([`SchemaRef`]), and the place an inline schema sits, which names its type ([`Place`]).

use super::Constraints;
use crate::naming;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// Where an inline schema sits: the name it gets if it needs one (`InboxEmbed` + `scope_type`
/// → `InboxEmbedScopeType`), and the snake_case name of its place, under which equal enums
/// are shared (an alias of the first); empty where the enum is never shared.
pub(super) struct Place {
    pub(super) name: String,
    pub(super) key: String,
}

impl Place {
    /// The place `wire_name` inside the type or operation called `parent`.
    pub(super) fn new(parent: &str, wire_name: &str) -> Self {
        Place {
            name: naming::suffixed(parent, &naming::upper_camel(wire_name, "Value")),
            key: naming::snake(wire_name, "value"),
        }
    }

    /// This place, its enums never shared: a parameter's enum stays an enum of its own when a
    /// value is added to it or to a schema's enum of the same name (cargo-semver-checks reads
    /// an enum that became an alias as removed).
    pub(super) fn unshared(self) -> Self {
        Place {
            key: String::new(),
            ..self
        }
    }

    /// A place nested in this one (array items, map values).
    pub(super) fn nested(&self, suffix: &str) -> Self {
        Place {
            name: naming::suffixed(&self.name, suffix),
            key: self.key.clone(),
        }
    }
}

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> SchemaRef<'s> {
    pub(super) fn of(schema: &'s ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }

    pub(super) fn of_boxed(schema: &'s ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }

    /// The description of an inline schema.
    pub(super) fn description(self) -> Option<String> {
        match self {
            SchemaRef::Inline(schema) => schema.schema_data.description.clone(),
            SchemaRef::Ref(_) => None,
        }
    }

    pub(super) fn deprecated(self) -> bool {
        matches!(self, SchemaRef::Inline(schema) if schema.schema_data.deprecated)
    }

    /// `readOnly` (only in responses) and `writeOnly` (only in requests) of an inline schema.
    pub(super) fn access(self) -> (bool, bool) {
        match self {
            SchemaRef::Inline(schema) => {
                (schema.schema_data.read_only, schema.schema_data.write_only)
            }
            SchemaRef::Ref(_) => (false, false),
        }
    }

    /// Bounds and default of an inline schema, for documentation.
    pub(super) fn constraints(self) -> Constraints {
        let SchemaRef::Inline(schema) = self else {
            return Constraints::default();
        };
        let mut constraints = Constraints {
            default: schema
                .schema_data
                .default
                .as_ref()
                .map(|value| value.to_string()),
            ..Constraints::default()
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => {
                constraints.minimum = integer.minimum.map(|m| m.to_string());
                constraints.maximum = integer.maximum.map(|m| m.to_string());
                constraints.exclusive_minimum = integer.exclusive_minimum;
                constraints.exclusive_maximum = integer.exclusive_maximum;
            }
            SchemaKind::Type(Type::Number(number)) => {
                constraints.minimum = number.minimum.map(|m| m.to_string());
                constraints.maximum = number.maximum.map(|m| m.to_string());
                constraints.exclusive_minimum = number.exclusive_minimum;
                constraints.exclusive_maximum = number.exclusive_maximum;
            }
            _ => {}
        }
        constraints
    }
}
