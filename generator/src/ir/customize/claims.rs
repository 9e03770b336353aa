//! The customization where the builder assigns names and types: replaced schemas and mapped
//! formats become the user's types, renamed types, operations and fields claim their new
//! names (so that every name derived from them, and pagination's field paths, follow).

use super::{Kind, is_identifier, rule_error};
use crate::ir::build::Builder;
use crate::ir::{Field, TypeDef, TypeId, TypeKind, TypeRef};

impl Builder<'_> {
    /// The user's type for the schema at `at` (a component named `key`), where a rule or
    /// `x-rust-type` replaces it.
    pub(in crate::ir) fn replacement(
        &mut self,
        at: &str,
        key: Option<&str>,
        scalar: bool,
    ) -> Option<TypeRef> {
        let path = self.replacement_path(at, key)?;
        Some(self.extern_type(&path, scalar))
    }

    /// The path of the user's type for the schema at `at` (a component named `key`).
    pub(in crate::ir) fn replacement_path(
        &mut self,
        at: &str,
        key: Option<&str>,
    ) -> Option<String> {
        self.rules
            .find(Kind::Replace, &[at, key.unwrap_or(at)])
            .map(|(path, _)| path)
    }

    /// The user's type for schemas of `format`, where a rule maps it.
    pub(in crate::ir) fn format_type(&mut self, format: &str) -> Option<TypeRef> {
        let (path, _) = self.rules.find(Kind::Format, &[format])?;
        Some(self.extern_type(&path, true))
    }

    fn extern_type(&mut self, path: &str, scalar: bool) -> TypeRef {
        if let Some(id) = self.rules.externs.get(path) {
            return TypeRef::Named(*id);
        }
        self.types.push(TypeDef {
            pointer: String::new(),
            name: path.to_string(),
            doc: None,
            deprecated: false,
            nullable: false,
            kind: TypeKind::Extern {
                path: path.to_string(),
                scalar,
            },
            derives: Vec::new(),
            attributes: Vec::new(),
        });
        let id = TypeId(self.types.len() - 1);
        self.rules.externs.insert(path.to_string(), id);
        TypeRef::Named(id)
    }

    /// Claims the name of the type at `at`: its rename (by `natural`, its pointer or
    /// `x-rust-name`) if it has one and it is free, else `natural` (made unique).
    pub(in crate::ir) fn claim_type_name(&mut self, natural: &str, at: &str) -> String {
        let renamed = self.rules.find(Kind::Type, &[natural, at]).or_else(|| {
            self.rules
                .find(Kind::Node, &[at])
                .filter(|_| !self.is_field_pointer(at))
        });
        if let Some((name, origin)) = renamed {
            let camel = crate::naming::upper_camel(&name, "Type");
            if camel != name || !is_identifier(&name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "the new name `{name}` of type `{natural}` is not an UpperCamelCase Rust identifier (`{camel}`?)"
                    ),
                );
            } else if self.type_names.contains(&name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "renaming type `{natural}` to `{name}` collides with the type of that name; choose another name"
                    ),
                );
            } else {
                return self.type_names.claim(&name);
            }
        }
        self.type_names.claim(natural)
    }

    /// Whether `at` is a property (its `x-rust-name` names the field, not a type).
    fn is_field_pointer(&self, at: &str) -> bool {
        at.rsplit_once('/')
            .is_some_and(|(parent, _)| parent.ends_with("/properties"))
    }

    /// An operation's name (method `snake`, builder `UpperCamel` of it): its rename, by
    /// `operationId`, method name, pointer or `x-rust-name`, else `id`.
    pub(in crate::ir) fn operation_name(
        &mut self,
        id: &str,
        at: &str,
        taken: &crate::naming::Scope,
    ) -> String {
        let natural = crate::naming::snake(id, "operation");
        let Some((name, origin)) = self
            .rules
            .find(Kind::Operation, &[id, natural.as_str(), at])
            .or_else(|| self.rules.find(Kind::Node, &[at]))
        else {
            return id.to_string();
        };
        let snake = crate::naming::snake(&name, "operation");
        if snake != name || !is_identifier(&name) {
            rule_error(
                self.diagnostics,
                &origin,
                format!(
                    "the new method name `{name}` of operation `{id}` is not a snake_case Rust identifier (`{snake}`?)"
                ),
            );
            return id.to_string();
        }
        if taken.contains(&name) {
            rule_error(
                self.diagnostics,
                &origin,
                format!(
                    "renaming operation `{id}` to `{name}` collides with another method of the client of that name"
                ),
            );
            return id.to_string();
        }
        name
    }

    /// Renames the fields of the struct `type_name` that rules name (`Type.field`, by Rust or
    /// wire name, or the property's pointer / `x-rust-name`).
    pub(in crate::ir) fn rename_fields(&mut self, type_name: &str, fields: &mut [Field]) {
        if self.rules.custom.rename_fields.is_empty() && self.rules.node_names.is_empty() {
            return;
        }
        for index in 0..fields.len() {
            let field = &fields[index];
            let by_name = format!("{type_name}.{}", field.name);
            let by_wire = format!("{type_name}.{}", field.wire_name);
            let renamed = self
                .rules
                .find(Kind::Field, &[&by_name, &by_wire, &field.pointer])
                .or_else(|| self.rules.find(Kind::Node, &[&field.pointer]));
            let Some((name, origin)) = renamed else {
                continue;
            };
            let snake = crate::naming::snake(&name, "field");
            if snake != name || !is_identifier(&name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "the new name `{name}` of field `{by_name}` is not a snake_case Rust identifier (`{snake}`?)"
                    ),
                );
            } else if fields.iter().any(|other| other.name == name) {
                rule_error(
                    self.diagnostics,
                    &origin,
                    format!(
                        "renaming field `{by_name}` to `{name}` collides with the field `{type_name}.{name}`"
                    ),
                );
            } else {
                fields[index].name = name;
            }
        }
    }
}
