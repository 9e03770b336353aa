//! Composition: `allOf` merged into one struct, `oneOf`/`anyOf` into tagged or untagged
//! unions (or a string, when every member is one). `$ref`s are followed to decide.

use super::build::Builder;
use super::types::{Place, SchemaRef};
use super::{TypeKind, TypeRef, Union, UnionVariant};
use crate::naming::{self, Scope};
use crate::pointer;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// How deep `allOf` nesting and `$ref` chains are followed before giving up.
const MAX_DEPTH: usize = 32;

/// One property of a (possibly merged) object, with the pointer of where it is declared.
pub(super) struct Property<'a> {
    pub(super) wire_name: &'a str,
    pub(super) schema: &'a ReferenceOr<Box<Schema>>,
    pub(super) required: bool,
    pub(super) at: String,
}

/// What a schema becomes, decided with references followed.
pub(super) enum Shape<'a> {
    /// An object with properties, possibly merged from `allOf` parts.
    Struct(Vec<Property<'a>>),
    /// `oneOf`/`anyOf` members, nulls left out.
    Union(Vec<(SchemaRef<'a>, String)>),
    /// A `oneOf`/`anyOf` of strings only: one enum when all are enums, else a plain string.
    Strings(Option<Vec<String>>),
    /// `allOf` with one real part (the rest only annotate): that part.
    Single(SchemaRef<'a>, String),
    Other,
}

/// A schema that only annotates (description, title, nullable…) and constrains nothing.
pub(super) fn is_annotation_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.items.is_none()
                && any.additional_properties.is_none()
                && any.enumeration.is_empty()
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

impl<'a> Builder<'a> {
    /// The component schema a `$ref` points at (following chains), with its pointer.
    pub(super) fn component(&self, reference: &str) -> Option<(&'a Schema, String)> {
        let schemas = &self.api.components.as_ref()?.schemas;
        let mut reference = reference;
        for _ in 0..MAX_DEPTH {
            let key = reference.strip_prefix("#/components/schemas/")?;
            let key = pointer::tokens(&format!("#/{key}"))?.pop()?;
            match schemas.get(&key)? {
                ReferenceOr::Item(schema) => {
                    return Some((schema, pointer::join("#/components/schemas", &key)));
                }
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    fn resolve_schema(&self, schema: SchemaRef<'a>, at: &str) -> Option<(&'a Schema, String)> {
        match schema {
            SchemaRef::Inline(schema) => Some((schema, at.to_string())),
            SchemaRef::Ref(reference) => self.component(reference),
        }
    }

    pub(super) fn shape(&self, schema: &'a Schema, at: &str) -> Shape<'a> {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                let parts: Vec<(SchemaRef<'a>, String)> = all_of
                    .iter()
                    .enumerate()
                    .map(|(i, part)| {
                        (
                            SchemaRef::of(part),
                            pointer::join(&pointer::join(at, "allOf"), &i.to_string()),
                        )
                    })
                    .filter(
                        |(part, _)| !matches!(part, SchemaRef::Inline(s) if is_annotation_only(s)),
                    )
                    .collect();
                match parts.len() {
                    0 => Shape::Other,
                    1 => {
                        let (part, part_at) = parts
                            .into_iter()
                            .next()
                            .unwrap_or((SchemaRef::Inline(schema), String::new()));
                        Shape::Single(part, part_at)
                    }
                    _ => match self.object_properties(schema, at, 0) {
                        Some(properties) if !properties.is_empty() => Shape::Struct(properties),
                        _ => Shape::Other,
                    },
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let members: Vec<(SchemaRef<'a>, String)> = members
                    .iter()
                    .enumerate()
                    .map(|(i, member)| {
                        (
                            SchemaRef::of(member),
                            pointer::join(&pointer::join(at, key), &i.to_string()),
                        )
                    })
                    .collect();
                if members.len() == 1 {
                    let (member, member_at) = members
                        .into_iter()
                        .next()
                        .unwrap_or((SchemaRef::Inline(schema), String::new()));
                    return Shape::Single(member, member_at);
                }
                if members.is_empty() {
                    return Shape::Other;
                }
                match self.strings_only(&members) {
                    Some(values) => Shape::Strings(values),
                    None => Shape::Union(members),
                }
            }
            _ => match self.object_properties(schema, at, 0) {
                Some(properties) if !properties.is_empty() => Shape::Struct(properties),
                _ => Shape::Other,
            },
        }
    }

    /// `Some(enum values)` when every member is a string enum, `Some(None)` when every member
    /// is a string and some take any string, `None` otherwise.
    fn strings_only(&self, members: &[(SchemaRef<'a>, String)]) -> Option<Option<Vec<String>>> {
        let mut values = Some(Vec::new());
        for (member, at) in members {
            let (schema, _) = self.resolve_schema(*member, at)?;
            let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
                return None;
            };
            // A formatted string (date-time, uuid…) keeps its own type in a union.
            if !matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Empty) {
                return None;
            }
            match (&mut values, string.enumeration.is_empty()) {
                (Some(all), false) => {
                    for value in string.enumeration.iter().flatten() {
                        if !all.contains(value) {
                            all.push(value.clone());
                        }
                    }
                }
                _ => values = None,
            }
        }
        Some(values)
    }

    /// The properties of an object schema, with `allOf` parts merged in order (a later
    /// declaration of a name replaces the earlier schema but keeps its position); `None` when
    /// a part is not an object.
    pub(super) fn object_properties(
        &self,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> Option<Vec<Property<'a>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let (properties, required) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") =>
            {
                (&any.properties, &any.required)
            }
            SchemaKind::AllOf { all_of } => {
                let mut merged: Vec<Property<'a>> = Vec::new();
                for (i, part) in all_of.iter().enumerate() {
                    let part_at = pointer::join(&pointer::join(at, "allOf"), &i.to_string());
                    let (part, part_at) = self.resolve_schema(SchemaRef::of(part), &part_at)?;
                    if is_annotation_only(part) {
                        continue;
                    }
                    for property in self.object_properties(part, &part_at, depth + 1)? {
                        match merged
                            .iter_mut()
                            .find(|p| p.wire_name == property.wire_name)
                        {
                            Some(existing) => {
                                existing.required |= property.required;
                                existing.schema = property.schema;
                                existing.at = property.at;
                            }
                            None => merged.push(property),
                        }
                    }
                }
                return Some(merged);
            }
            _ => return None,
        };
        let properties_at = pointer::join(at, "properties");
        Some(
            properties
                .iter()
                .map(|(wire_name, schema)| Property {
                    wire_name,
                    schema,
                    required: required.contains(wire_name),
                    at: pointer::join(&properties_at, wire_name),
                })
                .collect(),
        )
    }

    /// The single string value a member fixes `property` to (`const`, or a one-value enum).
    fn tag_value(&self, member: SchemaRef<'a>, at: &str, property: &str) -> Option<String> {
        let (schema, schema_at) = self.resolve_schema(member, at)?;
        let properties = self.object_properties(schema, &schema_at, 0)?;
        let found = properties.iter().find(|p| p.wire_name == property)?;
        let (tag_schema, _) = self.resolve_schema(SchemaRef::of_boxed(found.schema), &found.at)?;
        match &tag_schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.len() == 1 => {
                string.enumeration[0].clone()
            }
            _ => None,
        }
    }

    /// A union type: tagged when a `discriminator` (or a property every member fixes to its
    /// own value) tells the members apart, untagged otherwise.
    pub(super) fn union_kind(
        &mut self,
        schema: &'a Schema,
        members: Vec<(SchemaRef<'a>, String)>,
        name: &str,
        key: &str,
    ) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let candidate = discriminator
            .map(|d| d.property_name.clone())
            .or_else(|| self.common_const_property(&members));
        let mut tag_values = Vec::new();
        if let Some(property) = &candidate {
            for (member, at) in &members {
                let mapped = discriminator.and_then(|d| match member {
                    SchemaRef::Ref(reference) => d
                        .mapping
                        .iter()
                        .find(|(_, target)| target == reference)
                        .map(|(value, _)| value.clone()),
                    SchemaRef::Inline(_) => None,
                });
                let implicit = match member {
                    SchemaRef::Ref(reference) if discriminator.is_some() => {
                        reference.rsplit('/').next().map(str::to_string)
                    }
                    _ => None,
                };
                tag_values.push(
                    mapped
                        .or_else(|| self.tag_value(*member, at, property))
                        .or(implicit),
                );
            }
        }
        let distinct = {
            let mut seen = std::collections::HashSet::new();
            tag_values
                .iter()
                .all(|value| value.as_ref().is_some_and(|v| seen.insert(v.clone())))
        };
        let tag = candidate.filter(|_| distinct && !tag_values.is_empty());

        // Variant names live in the enum's own namespace: `String(String)` is fine there.
        let mut names = Scope::new();
        let mut variants = Vec::new();
        for (index, (member, at)) in members.into_iter().enumerate() {
            let variant_name = names.claim(&self.variant_name(member, index));
            let place = Place {
                name: format!("{name}{variant_name}"),
                key: format!("{key}_{}", naming::snake(&variant_name, "variant")),
            };
            let ty = self.schema_type(member, &at, &place);
            variants.push(UnionVariant {
                name: variant_name,
                ty,
                tag_value: if tag.is_some() {
                    tag_values.get(index).cloned().flatten()
                } else {
                    None
                },
            });
        }
        // Untagged: serde tries variants in order, so a catch-all JSON value goes last.
        if tag.is_none() {
            variants.sort_by_key(|variant| variant.ty == TypeRef::Json);
        }
        let fallback = if tag.is_some() {
            Some(names.claim("Unknown"))
        } else {
            None
        };
        TypeKind::Union(Union {
            variants,
            tag,
            fallback,
        })
    }

    /// A property that every member fixes to a single string: the implicit tag.
    fn common_const_property(&self, members: &[(SchemaRef<'a>, String)]) -> Option<String> {
        let (first, first_at) = members.first()?;
        let (schema, schema_at) = self.resolve_schema(*first, first_at)?;
        let properties = self.object_properties(schema, &schema_at, 0)?;
        properties
            .iter()
            .map(|p| p.wire_name)
            .find(|property| {
                members
                    .iter()
                    .all(|(member, at)| self.tag_value(*member, at, property).is_some())
            })
            .map(str::to_string)
    }

    fn variant_name(&self, member: SchemaRef<'a>, index: usize) -> String {
        let fallback = format!("Variant{}", index + 1);
        match member {
            SchemaRef::Ref(reference) => match self.component(reference) {
                Some((_, at)) => {
                    let key = at
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .replace("~1", "/")
                        .replace("~0", "~");
                    self.components
                        .get(&key)
                        .map(|id| self.types[id.0].name.clone())
                        .unwrap_or(fallback)
                }
                None => fallback,
            },
            SchemaRef::Inline(schema) => {
                if let Some(title) = &schema.schema_data.title {
                    return naming::upper_camel(title, &fallback);
                }
                let kind = match &schema.schema_kind {
                    SchemaKind::Type(Type::String(_)) => "String",
                    SchemaKind::Type(Type::Integer(_)) => "Integer",
                    SchemaKind::Type(Type::Number(_)) => "Number",
                    SchemaKind::Type(Type::Boolean(_)) => "Boolean",
                    SchemaKind::Type(Type::Array(_)) => "List",
                    SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => "Map",
                    _ => return fallback,
                };
                kind.to_string()
            }
        }
    }
}
