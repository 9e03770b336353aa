//! Schemas into the type space: component schemas become named types first (so they keep
//! their spec names), inline objects and enums are named after their place as they are met.

use super::build::Builder;
use super::compose::{Property, Shape};
use super::schema::{Place, SchemaRef};
use super::{Field, StringEnum, Tuple, TypeDef, TypeId, TypeKind, TypeRef, Variant};
use crate::naming::{self, Scope};
use crate::pointer;
use openapiv3::{
    ArrayType, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// Deeper nesting of inline schemas than any real spec has; the parsers stop at 128.
const MAX_NESTING: usize = 256;

impl<'a> Builder<'a> {
    /// Registers every `components/schemas` entry under its own name, then defines each.
    pub(super) fn component_schemas(&mut self) {
        let Some(components) = &self.api.components else {
            return;
        };
        let schemas = &components.schemas;
        let mut ids = Vec::with_capacity(schemas.len());
        for key in schemas.keys() {
            let at = pointer::join("#/components/schemas", key);
            let name = self.claim_type_name(&naming::upper_camel(key, "Type"), &at);
            let id = self.push_type(TypeDef {
                pointer: at,
                name,
                doc: None,
                deprecated: false,
                nullable: false,
                kind: TypeKind::Alias(TypeRef::Json),
                derives: Vec::new(),
                attributes: Vec::new(),
            });
            self.components.insert(key.clone(), id);
            ids.push(id);
        }
        for ((key, schema), id) in schemas.iter().zip(ids) {
            let at = self.types[id.0].pointer.clone();
            let scalar = matches!(schema, ReferenceOr::Item(schema) if is_scalar(schema));
            if let Some(path) = self.replacement_path(&at, Some(key)) {
                // The user's type, named wherever a `$ref` leads here; not generated.
                self.types[id.0].kind = TypeKind::Extern { path, scalar };
                continue;
            }
            let kind = match schema {
                ReferenceOr::Reference { reference }
                    if self.component(reference).is_none() && self.names_component(reference) =>
                {
                    self.diagnostics.error(
                        &at,
                        format!(
                            "`$ref: {reference}` never reaches a schema: the `$ref`s form a loop"
                        ),
                    );
                    TypeKind::Alias(TypeRef::Json)
                }
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(self.reference(reference, &at))
                }
                ReferenceOr::Item(schema) => {
                    let def = &mut self.types[id.0];
                    def.doc = schema.schema_data.description.clone();
                    def.deprecated = schema.schema_data.deprecated;
                    def.nullable = schema.schema_data.nullable;
                    let place = Place {
                        name: def.name.clone(),
                        key: naming::snake(key, "value"),
                    };
                    match self.named_kind(schema, &at, &place) {
                        Some(kind) => kind,
                        None => TypeKind::Alias(self.inline(schema, &at, &place)),
                    }
                }
            };
            self.types[id.0].kind = kind;
            if let ReferenceOr::Item(schema) = schema {
                if let Some(example) = &schema.schema_data.example {
                    let ty = TypeRef::Named(id);
                    self.example(pointer::join(&at, "example"), &ty, example);
                }
            }
        }
    }

    /// Whether `reference` names an existing entry of `components/schemas`.
    fn names_component(&self, reference: &str) -> bool {
        pointer::component_key(reference, "schemas")
            .is_some_and(|key| self.components.contains_key(&key))
    }

    fn push_type(&mut self, def: TypeDef) -> TypeId {
        self.types.push(def);
        TypeId(self.types.len() - 1)
    }

    /// The Rust type for a schema position; inline objects and enums become named types.
    pub(super) fn schema_type(
        &mut self,
        schema: SchemaRef<'a>,
        at: &str,
        place: &Place,
    ) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => self.reference(reference, at),
            SchemaRef::Inline(_) if self.depth > MAX_NESTING => {
                self.diagnostics
                    .warning(at, format!("schemas nested more than {MAX_NESTING} deep are read as `serde_json::Value`"));
                TypeRef::Json
            }
            SchemaRef::Inline(schema) => {
                if let Some(user) = self.replacement(at, None, is_scalar(schema)) {
                    return nullable(schema, user);
                }
                self.depth += 1;
                let ty = self.inline(schema, at, place);
                self.depth -= 1;
                if let Some(example) = &schema.schema_data.example {
                    self.example(pointer::join(at, "example"), &ty, example);
                }
                ty
            }
        }
    }

    /// Records an example value of the spec with the type it should decode into (once per
    /// type: a schema reached again through a `$ref` to its location has the same examples).
    pub(super) fn example(&mut self, pointer: String, ty: &TypeRef, value: &serde_json::Value) {
        if !self.example_pointers.insert((pointer.clone(), ty.clone())) {
            return;
        }
        self.examples.push(super::Example {
            pointer,
            ty: ty.clone(),
            value: value.clone(),
        });
    }

    /// The examples of a media type (`example`, and the values of `examples`).
    pub(super) fn media_examples(
        &mut self,
        media: &'a openapiv3::MediaType,
        at: &str,
        ty: &TypeRef,
    ) {
        if let Some(example) = &media.example {
            self.example(pointer::join(at, "example"), ty, example);
        }
        let examples_at = pointer::join(at, "examples");
        for (name, example) in &media.examples {
            let example_at = pointer::join(&examples_at, name);
            let found = match example {
                ReferenceOr::Item(example) => Some((example, example_at)),
                ReferenceOr::Reference { reference } => {
                    pointer::component_key(reference, "examples").and_then(|key| {
                        let examples = &self.api.components.as_ref()?.examples;
                        match examples.get(&key)? {
                            ReferenceOr::Item(example) => {
                                Some((example, pointer::join("#/components/examples", &key)))
                            }
                            ReferenceOr::Reference { .. } => None,
                        }
                    })
                }
            };
            if let Some((example, example_at)) = found {
                if let Some(value) = &example.value {
                    // 3.2's `dataValue` or `serializedValue`, where the value came from one.
                    let key = example
                        .extensions
                        .get(crate::openapi32::VALUE_FROM)
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("value");
                    self.example(pointer::join(&example_at, key), ty, value);
                }
            }
        }
    }

    /// The Rust type a `$ref` stands for: the component's type, or the type the schema at the
    /// location it points at gets where it stands (one type per location, however many
    /// `$ref`s lead there).
    fn reference(&mut self, reference: &str, at: &str) -> TypeRef {
        if let Some(key) = pointer::component_key(reference, "schemas") {
            if let Some(&id) = self.components.get(&key) {
                return if self.types[id.0].nullable {
                    TypeRef::Named(id).optional()
                } else {
                    TypeRef::Named(id)
                };
            }
        } else if let Some(tokens) = pointer::tokens(reference) {
            let target = pointer::from_tokens(&tokens);
            if let Some(schema) = self.pointed.get(&target) {
                return self.located(schema, &target, &tokens, at);
            }
            if let Some(what) = self.pointed.not_a_schema(&target) {
                self.diagnostics.error(
                    at,
                    format!("`$ref: {reference}` points at {what}, where a schema belongs"),
                );
                return TypeRef::Json;
            }
        } else {
            // Once per document: a spec that `$ref`s a shared file does so again and again.
            let document = reference.split('#').next().unwrap_or(reference).to_string();
            if self.external_refs.insert(document.clone()) {
                let message = if document.contains("://") {
                    format!(
                        "`$ref`s to `{document}` are not followed (a build script has no \
                         network): each is read as `serde_json::Value`; point the URL at a local \
                         copy with `--ref-map {document}=<file>` (`Config::ref_map`)"
                    )
                } else {
                    format!(
                        "`$ref`s to the file `{document}` are not followed here: each is read as \
                         `serde_json::Value`"
                    )
                };
                self.unresolved(at, message, "read as `serde_json::Value`");
            }
            return TypeRef::Json;
        }
        let wrong = pointer::last_token(reference).unwrap_or_default();
        let hint =
            crate::spelling::did_you_mean(&wrong, self.components.keys().map(String::as_str));
        let message =
            format!("`$ref: {reference}` does not point at a schema in this document{hint}");
        self.unresolved(at, message, "read as `serde_json::Value`");
        TypeRef::Json
    }

    /// A `$ref` that cannot be followed: read safely (`reading`: as any value, left out), with
    /// a warning — an error with `strict` — so that a few dangling `$ref`s deep in a vendor's
    /// spec do not refuse all of it.
    pub(super) fn unresolved(&mut self, at: &str, message: String, reading: &str) {
        if self.settings.strict {
            self.diagnostics.error(at, message);
        } else {
            self.diagnostics.warning(
                at,
                format!("{message}; {reading} (an error with `--strict`)"),
            );
        }
    }

    /// The type of the schema at `target` (not a whole component), which a `$ref` at `at`
    /// points at.
    fn located(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        target: &str,
        tokens: &[String],
        at: &str,
    ) -> TypeRef {
        if let Some(ty) = self.located_types.get(target) {
            return ty.clone();
        }
        if self.resolving.iter().any(|resolving| resolving == target) {
            // Back at a schema being built: its named type exists already, unless it needs
            // none (an array of itself), which no Rust type can be.
            if let Some(&id) = self.inline_types.get(target) {
                return TypeRef::Named(id);
            }
            self.diagnostics.error(
                at,
                format!("the `$ref`s through `{target}` form a loop that never reaches a type"),
            );
            return TypeRef::Json;
        }
        self.resolving.push(target.to_string());
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, target),
            ReferenceOr::Item(schema) => {
                let place = self.place_at(tokens);
                self.schema_type(SchemaRef::Inline(schema), target, &place)
            }
        };
        self.resolving.pop();
        self.located_types.insert(target.to_string(), ty.clone());
        ty
    }

    /// The place of a schema inside another object, named after its way there:
    /// `#/components/schemas/Pet/properties/owner/items` → `PetOwnerItem`.
    fn place_at(&self, tokens: &[String]) -> Place {
        let (mut name, rest) = match tokens {
            [components, schemas, key, rest @ ..]
                if components == "components" && schemas == "schemas" =>
            {
                let name = self.components.get(key).map_or_else(
                    || naming::upper_camel(key, "Type"),
                    |id| self.types[id.0].name.clone(),
                );
                (name, rest)
            }
            [components, _, key, rest @ ..] if components == "components" => {
                (naming::upper_camel(key, "Type"), rest)
            }
            [paths, path, method, rest @ ..] if paths == "paths" => {
                let id = self
                    .api
                    .paths
                    .paths
                    .get(path)
                    .and_then(ReferenceOr::as_item)
                    .and_then(|item| item.iter().find(|(m, _)| m == method))
                    .and_then(|(_, operation)| operation.operation_id.clone())
                    .unwrap_or_else(|| format!("{method} {path}"));
                (naming::upper_camel(&id, "Operation"), rest)
            }
            _ => (String::new(), tokens),
        };
        let mut key = naming::snake(&name, "value");
        let mut rest = rest.iter().map(String::as_str);
        while let Some(token) = rest.next() {
            let part = match token {
                "properties" | "patternProperties" | "$defs" | "definitions" | "headers" => {
                    let Some(property) = rest.next() else { break };
                    key = naming::snake(property, "value");
                    naming::upper_camel(property, "Value")
                }
                "allOf" | "anyOf" | "oneOf" | "prefixItems" | "parameters" => {
                    let index = rest
                        .next()
                        .and_then(|i| i.parse::<usize>().ok())
                        .unwrap_or(0);
                    let kind = if token == "parameters" {
                        "Param"
                    } else {
                        "Variant"
                    };
                    format!("{kind}{}", index + 1)
                }
                "content" => {
                    rest.next();
                    continue;
                }
                "responses" => {
                    rest.next();
                    "Response".to_string()
                }
                "schema" => continue,
                "items" => "Item".to_string(),
                "additionalProperties" => "Value".to_string(),
                "requestBody" => "Body".to_string(),
                other => naming::upper_camel(other, "Value"),
            };
            name = naming::suffixed(&name, &part);
        }
        if name.is_empty() {
            name = "Schema".to_string();
        }
        Place { name, key }
    }

    fn inline(&mut self, schema: &'a Schema, at: &str, place: &Place) -> TypeRef {
        if is_tuple(schema) {
            return nullable(schema, TypeRef::Named(self.named_type(schema, at, place)));
        }
        let values = match self.shape(schema, at) {
            _ if string_enum_values(schema).is_some() => string_enum_values(schema),
            Shape::Strings(values) => values.or_else(|| Some(Vec::new())),
            Shape::Struct(_) | Shape::Union(_) => None,
            Shape::Single(part, part_at) => {
                let inner = self.schema_type(part, &part_at, place);
                return if self.any_part_nullable(schema, at) {
                    inner.optional()
                } else {
                    nullable(schema, inner)
                };
            }
            Shape::Other => return self.unnamed_type(schema, at, place),
        };
        let ty = match values {
            // A union of strings where some take any value.
            Some(values) if values.is_empty() => TypeRef::String,
            // Every place names its own type, so that no name depends on another part of the
            // spec; where an earlier place has the same values under the same name (a `status`
            // property and a `status` query parameter), this one is an alias of its enum.
            Some(_) if place.key.is_empty() => TypeRef::Named(self.named_type(schema, at, place)),
            Some(values) => {
                let id = self.named_type(schema, at, place);
                let key = (place.key.clone(), values);
                match self.enums.get(&key) {
                    Some(first) if *first != id => {
                        let same = format!("The same values as [`{}`].", self.types[first.0].name);
                        let def = &mut self.types[id.0];
                        def.kind = TypeKind::Alias(TypeRef::Named(*first));
                        def.doc.get_or_insert(same);
                    }
                    Some(_) => {}
                    None => {
                        self.enums.insert(key, id);
                    }
                }
                TypeRef::Named(id)
            }
            None => TypeRef::Named(self.named_type(schema, at, place)),
        };
        nullable(schema, ty)
    }

    /// Adds a struct, enum or union for an inline schema, named after its place.
    fn named_type(&mut self, schema: &'a Schema, at: &str, place: &Place) -> TypeId {
        if let Some(id) = self.inline_types.get(at) {
            return *id;
        }
        let name = self.claim_type_name(&place.name, at);
        let id = self.push_type(TypeDef {
            pointer: at.to_string(),
            name: name.clone(),
            doc: schema.schema_data.description.clone(),
            deprecated: schema.schema_data.deprecated,
            nullable: false,
            kind: TypeKind::Alias(TypeRef::Json),
            derives: Vec::new(),
            attributes: Vec::new(),
        });
        // Registered before its members are built, so a member that leads back here finds it.
        self.inline_types.insert(at.to_string(), id);
        let place = Place {
            name,
            key: place.key.clone(),
        };
        if let Some(kind) = self.named_kind(schema, at, &place) {
            self.types[id.0].kind = kind;
        }
        id
    }

    /// A struct for an object with properties (`allOf` parts merged), an enum for a string
    /// enum, a union for `oneOf`/`anyOf`; `None` for what needs no type of its own.
    fn named_kind(&mut self, schema: &'a Schema, at: &str, place: &Place) -> Option<TypeKind> {
        if is_tuple(schema) {
            return Some(TypeKind::Tuple(self.tuple(schema, at, place)));
        }
        if let Some(values) = string_enum_values(schema) {
            return Some(TypeKind::Enum(string_enum(values)));
        }
        match self.shape(schema, at) {
            Shape::Struct(properties) => {
                Some(TypeKind::Struct(self.fields(properties, &place.name)))
            }
            Shape::Union(members) => {
                Some(self.union_kind(schema, members, &place.name, &place.key))
            }
            Shape::Strings(Some(values)) => Some(TypeKind::Enum(string_enum(values))),
            Shape::Strings(None) | Shape::Single(..) | Shape::Other => None,
        }
    }

    /// The items of a tuple schema ([`is_tuple`]), each typed at its `prefixItems/{index}`,
    /// and what may follow them (`items`, any value where it has none) unless it is closed.
    fn tuple(&mut self, schema: &'a Schema, at: &str, place: &Place) -> Tuple {
        let extensions = &schema.schema_data.extensions;
        let count = extensions
            .get(crate::normalize::PREFIX_ITEMS)
            .and_then(serde_json::Value::as_array)
            .map_or(0, Vec::len);
        let prefix_at = pointer::join(at, "prefixItems");
        let items = (0..count)
            .map(|index| {
                let item_at = format!("{prefix_at}/{index}");
                match self.pointed.get(&item_at) {
                    Some(item) => self.schema_type(
                        SchemaRef::of(item),
                        &item_at,
                        &place.nested(&format!("Item{}", index + 1)),
                    ),
                    // Not a schema: parse said so.
                    None => TypeRef::Json,
                }
            })
            .collect();
        let closed = extensions.get(crate::normalize::TUPLE_CLOSED) == Some(&true.into());
        let rest = (!closed).then(|| match &schema.schema_kind {
            SchemaKind::Type(Type::Array(ArrayType {
                items: Some(rest), ..
            })) => self.schema_type(
                SchemaRef::of_boxed(rest),
                &pointer::join(at, "items"),
                &place.nested("Rest"),
            ),
            _ => TypeRef::Json,
        });
        Tuple { items, rest }
    }

    /// Primitives, arrays, maps and what is not supported (as `serde_json::Value`).
    fn unnamed_type(&mut self, schema: &'a Schema, at: &str, place: &Place) -> TypeRef {
        if let Some(user) = format_of(schema).and_then(|format| self.format_type(format)) {
            return nullable(schema, user);
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) if content_encoding(schema).is_some() => {
                TypeRef::Base64 {
                    url_safe: content_encoding(schema) == Some("base64url"),
                }
            }
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => {
                        let items_at = pointer::join(at, "items");
                        self.schema_type(
                            SchemaRef::of_boxed(items),
                            &items_at,
                            &place.nested("Item"),
                        )
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), at, place)
            }
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() =>
            {
                self.map_type(any.additional_properties.as_ref(), at, place)
            }
            SchemaKind::Any(_) => TypeRef::Json,
            // Parts that only annotate (`{}`, a description) allow any value.
            SchemaKind::AllOf { all_of }
                if all_of.iter().all(|part| {
                    matches!(part, ReferenceOr::Item(part) if super::compose::is_annotation_only(part))
                }) =>
            {
                TypeRef::Json
            }
            SchemaKind::AllOf { .. } => self.unsupported(
                at,
                "`allOf` of parts that are neither all objects nor all one scalar type",
            ),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => TypeRef::Json,
            SchemaKind::Not { .. } => self.unsupported(at, "`not`"),
        };
        nullable(schema, ty)
    }

    fn unsupported(&mut self, at: &str, what: &str) -> TypeRef {
        self.diagnostics.warning(
            at,
            format!("{what} is not supported yet; read as `serde_json::Value`"),
        );
        TypeRef::Json
    }

    fn map_type(
        &mut self,
        additional: Option<&'a openapiv3::AdditionalProperties>,
        at: &str,
        place: &Place,
    ) -> TypeRef {
        let value = match additional {
            Some(openapiv3::AdditionalProperties::Schema(schema)) => {
                let value_at = pointer::join(at, "additionalProperties");
                self.schema_type(SchemaRef::of(schema), &value_at, &place.nested("Value"))
            }
            _ => TypeRef::Json,
        };
        TypeRef::Map(Box::new(value))
    }

    fn fields(&mut self, properties: Vec<Property<'a>>, type_name: &str) -> Vec<Field> {
        let mut names = Scope::new();
        let mut fields: Vec<Field> = properties
            .into_iter()
            .map(|property| {
                let schema = SchemaRef::of_boxed(property.schema);
                let place = Place::new(type_name, property.wire_name);
                let ty = self.schema_type(schema, &property.at, &place);
                let (read_only, write_only) = schema.access();
                Field {
                    name: names.claim(&naming::snake(property.wire_name, "field")),
                    wire_name: property.wire_name.to_string(),
                    nullable: ty.is_option(),
                    read_only,
                    write_only,
                    ty: if property.required { ty } else { ty.optional() },
                    required: property.required,
                    doc: schema.description(),
                    deprecated: schema.deprecated(),
                    pointer: property.at,
                    attributes: Vec::new(),
                }
            })
            .collect();
        self.rename_fields(type_name, &mut fields);
        fields
    }
}

/// Whether the schema is a string, number, integer or boolean (a replacement of it is sent
/// as text in parameters).
fn is_scalar(schema: &Schema) -> bool {
    matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_))
    )
}

/// The `format` of a scalar schema, as written.
fn format_of(schema: &Schema) -> Option<&str> {
    fn name<T: std::fmt::Debug>(
        format: &VariantOrUnknownOrEmpty<T>,
        known: impl Fn(&T) -> &'static str,
    ) -> Option<&str> {
        match format {
            VariantOrUnknownOrEmpty::Item(item) => Some(known(item)),
            VariantOrUnknownOrEmpty::Unknown(other) => Some(other),
            VariantOrUnknownOrEmpty::Empty => None,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => name(&string.format, |f| match f {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        SchemaKind::Type(Type::Integer(integer)) => name(&integer.format, |f| match f {
            openapiv3::IntegerFormat::Int32 => "int32",
            openapiv3::IntegerFormat::Int64 => "int64",
        }),
        SchemaKind::Type(Type::Number(number)) => name(&number.format, |f| match f {
            openapiv3::NumberFormat::Float => "float",
            openapiv3::NumberFormat::Double => "double",
        }),
        _ => None,
    }
}

fn nullable(schema: &Schema, ty: TypeRef) -> TypeRef {
    if schema.schema_data.nullable {
        ty.optional()
    } else {
        ty
    }
}

/// The values of a string enum schema (null left out: it makes the schema nullable).
fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string))
            if string.enumeration.iter().any(Option::is_some) =>
        {
            Some(string.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

pub(super) fn string_enum(values: Vec<String>) -> StringEnum {
    let mut names = Scope::new();
    let mut seen = std::collections::HashSet::new();
    let variants: Vec<Variant> = values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .map(|wire| Variant {
            name: names.claim(&naming::upper_camel(&wire, "Value")),
            wire,
        })
        .collect();
    let fallback = ["Unknown", "Other", "UnknownValue"]
        .into_iter()
        .find(|candidate| !names.contains(candidate))
        .map(str::to_string)
        .unwrap_or_else(|| names.claim("Unknown"));
    StringEnum { variants, fallback }
}

/// The `contentEncoding` of a string schema the IR decodes (`base64`, `base64url`), as
/// normalize carries it.
fn content_encoding(schema: &Schema) -> Option<&str> {
    schema
        .schema_data
        .extensions
        .get(crate::normalize::CONTENT_ENCODING)?
        .as_str()
}

/// Whether normalize made the schema a tuple (`prefixItems` of a fixed length).
fn is_tuple(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .contains_key(crate::normalize::PREFIX_ITEMS)
}

#[cfg(test)]
mod tests {
    use crate::{Options, generate_from_str};

    /// The errors of generating `components` (YAML, indented by 2) with one operation.
    fn errors(components: &str) -> String {
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n{components}"
        );
        match generate_from_str("spec.yaml", &spec, &Options::default()) {
            Ok(generated) => panic!("expected errors, got:\n{}", generated.code),
            Err(diagnostics) => diagnostics.to_string(),
        }
    }

    #[test]
    fn a_ref_to_a_location_that_is_no_schema_says_what_is_there() {
        let errors = errors(
            "  parameters:\n    P: {name: p, in: query, schema: {type: string}}\n  schemas:\n    \
             A: {type: object, properties: {b: {$ref: '#/components/parameters/P'}}}\n",
        );
        assert!(
            errors.contains(
                "#/components/schemas/A/properties/b: `$ref: #/components/parameters/P` points \
                 at a parameter, where a schema belongs"
            ),
            "{errors}"
        );
    }

    #[test]
    fn a_ref_to_a_missing_component_is_any_value_with_a_warning_naming_the_nearest() {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    Owner: {type: object}\n    \
                    A: {type: object, properties: {b: {$ref: '#/components/schemas/Onwer'}}}\n";
        let generated = generate_from_str("spec.yaml", spec, &Options::default())
            .unwrap_or_else(|d| panic!("{d}"));
        let warnings = generated.warnings.to_string();
        assert!(
            warnings.contains("warning: spec.yaml:7:36: #/components/schemas/A/properties/b: `$ref: #/components/schemas/Onwer` does not point at a schema in this document (did you mean `Owner`?); read as `serde_json::Value` (an error with `--strict`)"),
            "{warnings}"
        );
        assert!(
            generated
                .code
                .contains("pub b: Option<runtime::serde_json::Value>")
        );

        let strict = Options {
            strict: true,
            ..Options::default()
        };
        let errors = match generate_from_str("spec.yaml", spec, &strict) {
            Ok(_) => panic!("strict: an error"),
            Err(diagnostics) => diagnostics.to_string(),
        };
        assert!(
            errors.contains("error: spec.yaml:7:36: #/components/schemas/A/properties/b: `$ref: #/components/schemas/Onwer` does not point at a schema in this document (did you mean `Owner`?)"),
            "{errors}"
        );
    }

    #[test]
    fn refs_that_loop_through_locations_are_errors_not_overflows() {
        let errors = errors(
            "  schemas:\n    A:\n      type: object\n      properties:\n        \
             b: {type: array, items: {$ref: '#/components/schemas/A/properties/b'}}\n",
        );
        assert!(
            errors.contains("form a loop that never reaches a type"),
            "{errors}"
        );
    }

    #[test]
    fn a_located_schema_is_one_type_however_often_it_is_referred_to() {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    A:\n      type: object\n      properties:\n        \
                    kind: {type: string, enum: [x, y]}\n        \
                    inner: {type: object, properties: {n: {type: integer}}}\n    \
                    B:\n      type: object\n      properties:\n        \
                    kind: {$ref: '#/components/schemas/A/properties/kind'}\n        \
                    inner: {$ref: '#/components/schemas/A/properties/inner'}\n        \
                    inner_list: {type: array, items: {$ref: '#/components/schemas/A/properties/inner'}}\n";
        let code = generate_from_str("spec.yaml", spec, &Options::default())
            .unwrap_or_else(|d| panic!("{d}"))
            .code;
        assert_eq!(code.matches("pub enum AKind").count(), 1, "{code}");
        assert_eq!(code.matches("pub struct AInner").count(), 1, "{code}");
        assert!(code.contains("pub kind: Option<AKind>"), "{code}");
        assert!(
            code.contains("pub inner_list: Option<Vec<AInner>>"),
            "{code}"
        );
    }
}
