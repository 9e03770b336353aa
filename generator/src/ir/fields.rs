//! Reading the fields of types as finally emitted (pagination and error messages do): through
//! `Option`, `Box`, `Nullable` and aliases, to the struct or value underneath.

use super::build::Builder;
use super::{Field, FieldStep, TypeKind, TypeRef};

impl Builder<'_> {
    /// The fields of the struct `ty` is (through `Option`, `Box`, `Nullable` and aliases).
    pub(super) fn struct_fields(&self, ty: &TypeRef) -> &[Field] {
        match self.unwrapped(ty) {
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(fields) => fields,
                _ => &[],
            },
            _ => &[],
        }
    }

    /// `ty` without `Option`, `Box`, `Nullable` and aliases around it.
    pub(super) fn unwrapped<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
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
}

/// A step through `field`, with its type as emitted.
pub(super) fn step(field: &Field) -> FieldStep {
    FieldStep {
        name: field.name.clone(),
        ty: field.ty.clone(),
    }
}
