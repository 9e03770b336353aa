//! Composition: `allOf` merged into one struct, `oneOf`/`anyOf` into tagged or untagged
//! unions (or a string, when every member is one). `$ref`s are followed to decide.

use super::build::Builder;
use super::schema::{Place, SchemaRef};
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
        SchemaKind::Any(any) => is_constraint_only(any) && any.enumeration.is_empty(),
        _ => false,
    }
}

impl<'a> Builder<'a> {
    /// The schema a `$ref` points at (following chains), with its pointer: a component, or a
    /// schema inside another object.
    pub(super) fn component(&self, reference: &str) -> Option<(&'a Schema, String)> {
        let schemas = &self.api.components.as_ref()?.schemas;
        let mut reference = reference;
        for _ in 0..MAX_DEPTH {
            let (found, at) = match pointer::component_key(reference, "schemas") {
                Some(key) => {
                    let at = pointer::join("#/components/schemas", &key);
                    (schemas.get(&key)?, at)
                }
                None => {
                    let at = pointer::from_tokens(&pointer::tokens(reference)?);
                    (self.pointed.get(&at)?, at)
                }
            };
            match found {
                ReferenceOr::Item(schema) => return Some((schema, at)),
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
                let real_parts: Vec<(SchemaRef<'a>, String)> = indexed(all_of, at, "allOf")
                    .filter(
                        |(part, _)| !matches!(part, SchemaRef::Inline(s) if is_annotation_only(s)),
                    )
                    .collect();
                match <[_; 1]>::try_from(real_parts) {
                    Ok([(part, part_at)]) => Shape::Single(part, part_at),
                    Err(parts) if parts.is_empty() => Shape::Other,
                    Err(parts) => match self.struct_shape(schema, at) {
                        Shape::Other => self
                            .scalar_part(parts)
                            .map_or(Shape::Other, |(part, part_at)| Shape::Single(part, part_at)),
                        shape => shape,
                    },
                }
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.members_shape(&any.one_of, at, "oneOf")
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.members_shape(&any.any_of, at, "anyOf")
            }
            SchemaKind::OneOf { one_of } => self.members_shape(one_of, at, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.members_shape(any_of, at, "anyOf"),
            _ => self.struct_shape(schema, at),
        }
    }

    /// `allOf` parts that are all the same scalar type, or say no type and only annotate or
    /// constrain (`pattern`, `format`, `enum`…): the part whose type the whole is — a `$ref`
    /// first (the referenced enum or alias keeps its name), else the part with an `enum`,
    /// with a `format`, or the first typed one. `None` where parts differ in type.
    fn scalar_part(&self, parts: Vec<(SchemaRef<'a>, String)>) -> Option<(SchemaRef<'a>, String)> {
        let mut kind = None;
        let mut best: Option<(u8, (SchemaRef<'a>, String))> = None;
        for (part, part_at) in parts {
            let (schema, _) = self.resolve_schema(part, &part_at)?;
            let (part_kind, rank) = match &schema.schema_kind {
                SchemaKind::Type(Type::String(string)) => {
                    let rank = if !string.enumeration.is_empty() {
                        1
                    } else if matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Empty) {
                        3
                    } else {
                        2
                    };
                    (Some("string"), rank)
                }
                SchemaKind::Type(Type::Integer(_)) => (Some("integer"), 3),
                SchemaKind::Type(Type::Number(_)) => (Some("number"), 3),
                SchemaKind::Type(Type::Boolean(_)) => (Some("boolean"), 3),
                SchemaKind::Any(any) if is_constraint_only(any) => (None, 4),
                _ => return None,
            };
            if let Some(part_kind) = part_kind {
                if kind.is_some_and(|kind| kind != part_kind) {
                    return None;
                }
                kind = Some(part_kind);
            }
            let rank = if matches!(part, SchemaRef::Ref(_)) {
                0
            } else {
                rank
            };
            if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                best = Some((rank, (part, part_at)));
            }
        }
        kind?;
        best.map(|(_, part)| part)
    }

    /// Whether the parts of an `allOf` say that null is allowed (`nullable: true` beside a
    /// `$ref`, or on a part of its own).
    pub(super) fn any_part_nullable(&self, schema: &'a Schema, at: &str) -> bool {
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return false;
        };
        indexed(all_of, at, "allOf").any(|(part, part_at)| {
            matches!(part, SchemaRef::Inline(_))
                && self
                    .resolve_schema(part, &part_at)
                    .is_some_and(|(part, _)| part.schema_data.nullable)
        })
    }

    fn struct_shape(&self, schema: &'a Schema, at: &str) -> Shape<'a> {
        match self.object_properties(schema, at, 0) {
            Some(properties) if !properties.is_empty() => Shape::Struct(properties),
            _ => Shape::Other,
        }
    }

    fn members_shape(&self, members: &'a [ReferenceOr<Schema>], at: &str, key: &str) -> Shape<'a> {
        let members: Vec<(SchemaRef<'a>, String)> = indexed(members, at, key).collect();
        match <[_; 1]>::try_from(members) {
            Ok([(member, member_at)]) => Shape::Single(member, member_at),
            Err(members) if members.is_empty() => Shape::Other,
            Err(members) => match self.strings_only(&members) {
                Some(values) => Shape::Strings(values),
                None => Shape::Union(members),
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

    /// The properties of an object schema, with `allOf` parts merged in order (then the
    /// schema's own properties); `None` when a part is not an object.
    pub(super) fn object_properties(
        &self,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> Option<Vec<Property<'a>>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                Some(own_properties(&object.properties, &object.required, at))
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                let mut merged = self.merge_parts(&any.all_of, at, depth)?;
                merge_into(
                    &mut merged,
                    own_properties(&any.properties, &any.required, at),
                );
                Some(merged)
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") =>
            {
                Some(own_properties(&any.properties, &any.required, at))
            }
            SchemaKind::AllOf { all_of } => self.merge_parts(all_of, at, depth),
            _ => None,
        }
    }

    fn merge_parts(
        &self,
        all_of: &'a [ReferenceOr<Schema>],
        at: &str,
        depth: usize,
    ) -> Option<Vec<Property<'a>>> {
        let mut merged: Vec<Property<'a>> = Vec::new();
        for (part, part_at) in indexed(all_of, at, "allOf") {
            let (part, part_at) = self.resolve_schema(part, &part_at)?;
            if is_annotation_only(part) {
                continue;
            }
            merge_into(
                &mut merged,
                self.object_properties(part, &part_at, depth + 1)?,
            );
        }
        Some(merged)
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
        let (tag, tag_values) = self.union_tag(schema, &members);
        let member_refs: Vec<Option<&str>> = members
            .iter()
            .map(|(member, _)| match member {
                SchemaRef::Ref(reference) => Some(*reference),
                _ => None,
            })
            .collect();

        // Variant names live in the enum's own namespace: `String(String)` is fine there.
        let mut names = Scope::new();
        let mut variants = Vec::new();
        for (index, (member, at)) in members.into_iter().enumerate() {
            let variant_name = names.claim(&self.variant_name(member, index));
            let place = Place {
                name: naming::suffixed(name, &variant_name),
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
        let default = tag
            .as_ref()
            .and_then(|_| default_member(schema, &member_refs));
        let fallback = if tag.is_some() && default.is_none() {
            Some(names.claim("Unknown"))
        } else {
            None
        };
        TypeKind::Union(Union {
            variants,
            tag,
            fallback,
            default,
        })
    }

    /// The property that tells the members apart and each member's value of it: the
    /// `discriminator` (its mapping, else the member's `const`, else the component's name), or
    /// a property every member fixes to its own value. `None` where the values are not all
    /// there and distinct.
    fn union_tag(
        &self,
        schema: &'a Schema,
        members: &[(SchemaRef<'a>, String)],
    ) -> (Option<String>, Vec<Option<String>>) {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let candidate = discriminator
            .map(|d| d.property_name.clone())
            .or_else(|| self.common_const_property(members));
        let Some(property) = candidate else {
            return (None, Vec::new());
        };
        let tag_values: Vec<Option<String>> = members
            .iter()
            .map(|(member, at)| {
                let (mapped, implicit) = match (member, discriminator) {
                    (SchemaRef::Ref(reference), Some(d)) => (
                        d.mapping
                            .iter()
                            .find(|(_, target)| *target == reference)
                            .map(|(value, _)| value.clone()),
                        pointer::last_token(reference),
                    ),
                    _ => (None, None),
                };
                mapped
                    .or_else(|| self.tag_value(*member, at, &property))
                    .or(implicit)
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let distinct = tag_values
            .iter()
            .all(|value| value.as_ref().is_some_and(|v| seen.insert(v.clone())));
        let tag = (distinct && !tag_values.is_empty()).then_some(property);
        (tag, tag_values)
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
                Some((_, at)) => pointer::component_key(&at, "schemas")
                    .and_then(|key| self.components.get(&key))
                    .or_else(|| self.inline_types.get(&at))
                    .map(|id| self.types[id.0].name.clone())
                    .unwrap_or(fallback),
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

/// A schema without a type that only constrains or annotates a value (`enum`, `pattern`,
/// `format`, bounds, `nullable`, `description`).
fn is_constraint_only(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// Members of a schema list with their pointers (`…/oneOf/0`, `…/oneOf/1`…).
fn indexed<'a>(
    members: &'a [ReferenceOr<Schema>],
    at: &str,
    key: &str,
) -> impl Iterator<Item = (SchemaRef<'a>, String)> {
    let list_at = pointer::join(at, key);
    members.iter().enumerate().map(move |(i, member)| {
        (
            SchemaRef::of(member),
            pointer::join(&list_at, &i.to_string()),
        )
    })
}

fn own_properties<'a>(
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    at: &str,
) -> Vec<Property<'a>> {
    let properties_at = pointer::join(at, "properties");
    properties
        .iter()
        .map(|(wire_name, schema)| Property {
            wire_name,
            schema,
            required: required.contains(wire_name),
            at: pointer::join(&properties_at, wire_name),
        })
        .collect()
}

/// Adds `more` to `merged`: a name declared again takes the later schema, keeps its place,
/// and is required if either says so.
fn merge_into<'a>(merged: &mut Vec<Property<'a>>, more: Vec<Property<'a>>) {
    for property in more {
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

/// The member a discriminator's `defaultMapping` names (OpenAPI 3.2): by reference, or by
/// component name as mapping values may be written.
fn default_member(schema: &Schema, members: &[Option<&str>]) -> Option<usize> {
    let default = schema
        .schema_data
        .discriminator
        .as_ref()?
        .extensions
        .get(crate::openapi32::DEFAULT_MAPPING)?
        .as_str()?;
    members.iter().position(|member| {
        member.is_some_and(|reference| {
            reference == default || pointer::last_token(reference).as_deref() == Some(default)
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef, from_yaml};

    fn spec(schemas: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        )
    }

    #[test]
    fn all_of_objects_merge_into_one_struct_in_order() {
        let api = from_yaml(&spec(
            "    A: {type: object, required: [a], properties: {a: {type: string}}}\n    \
             B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: integer}}}]}\n",
        ));
        let b = api.types.iter().find(|t| t.name == "B").expect("B");
        let TypeKind::Struct(fields) = &b.kind else {
            panic!("{:?}", b.kind)
        };
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(fields[0].required && !fields[1].required);
    }

    #[test]
    fn all_of_scalars_is_the_part_that_names_it() {
        let api = from_yaml(&spec(
            "    Id: {type: string}\n    \
             Ref: {allOf: [{$ref: '#/components/schemas/Id'}, {pattern: '^x', nullable: true}]}\n",
        ));
        let id = api.types.iter().position(|t| t.name == "Id").expect("Id");
        let alias = api.types.iter().find(|t| t.name == "Ref").expect("Ref");
        assert!(
            matches!(&alias.kind, TypeKind::Alias(TypeRef::Option(inner)) if **inner == TypeRef::Named(crate::ir::TypeId(id))),
            "{:?}",
            alias.kind
        );
    }

    #[test]
    fn a_property_every_member_fixes_tags_a_union() {
        let api = from_yaml(&spec(
            "    Cat: {type: object, required: [kind], properties: {kind: {type: string, enum: [cat]}}}\n    \
             Dog: {type: object, required: [kind], properties: {kind: {type: string, enum: [dog]}}}\n    \
             Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]}\n",
        ));
        let pet = api.types.iter().find(|t| t.name == "Pet").expect("Pet");
        let TypeKind::Union(union) = &pet.kind else {
            panic!("{:?}", pet.kind)
        };
        assert_eq!(union.tag.as_deref(), Some("kind"));
        let tags: Vec<Option<&str>> = union
            .variants
            .iter()
            .map(|v| v.tag_value.as_deref())
            .collect();
        assert_eq!(tags, [Some("cat"), Some("dog")]);
        assert_eq!(union.fallback.as_deref(), Some("Unknown"));
    }

    #[test]
    fn a_default_mapping_names_the_member_for_other_tags_by_reference_or_name() {
        for default in ["'#/components/schemas/Dog'", "Dog"] {
            let api = from_yaml(&format!(
                "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    \
                 Cat: {{type: object, properties: {{kind: {{type: string}}}}}}\n    \
                 Dog: {{type: object, properties: {{kind: {{type: string}}}}}}\n    \
                 Pet: {{oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}], \
                 discriminator: {{propertyName: kind, defaultMapping: {default}}}}}\n"
            ));
            let pet = api.types.iter().find(|t| t.name == "Pet").expect("Pet");
            let TypeKind::Union(union) = &pet.kind else {
                panic!("{:?}", pet.kind)
            };
            assert_eq!(union.default, Some(1), "{default}");
            assert_eq!(union.fallback, None, "{default}");
        }
    }
}
