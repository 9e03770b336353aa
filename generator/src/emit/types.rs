//! The `types` module: a struct, enum or alias per IR type.

use super::Setters;
use super::docs::doc_attrs;
use super::record;
use super::type_ref::{Paths, ident, is_display, setter_input, time_format, type_tokens};
use crate::ir::{Api, Field, StringEnum, TypeDef, TypeKind, TypeRef, Union};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// `use` lines of the `types` module (of the types `defs` it holds).
pub fn prelude<'a>(
    api: &Api,
    defs: impl IntoIterator<Item = &'a TypeDef>,
    runtime: &syn::Path,
) -> TokenStream {
    let mut uses_runtime = false;
    let mut uses_serde = false;
    for def in defs {
        uses_runtime |= match &def.kind {
            TypeKind::Union(union) => {
                union.tag.is_some() || union.variants.iter().any(|v| v.ty.needs_runtime())
            }
            // A written `Deserialize` reads through `runtime::record`.
            TypeKind::Struct(fields) => {
                record::written(api, def, fields) || fields.iter().any(|f| f.ty.needs_runtime())
            }
            TypeKind::Alias(ty) => ty.needs_runtime(),
            // Read through `runtime::tuple`.
            TypeKind::Tuple(_) => true,
            // Their `Deserialize` is the runtime's `string_enum`.
            TypeKind::Enum(_) => true,
            TypeKind::Extern { .. } => false,
        };
        // (De)serialized with the runtime's serde, whose traits naming keeps free.
        uses_serde |= !matches!(def.kind, TypeKind::Alias(_) | TypeKind::Extern { .. });
    }
    let runtime_alias = uses_runtime.then(|| quote!(use #runtime as runtime;));
    let serde = uses_serde.then(|| quote!(use #runtime::serde::{Deserialize, Serialize};));
    quote! {
        #runtime_alias
        #serde
    }
}

/// `#[serde(crate = "…")]`: derived impls name serde through the runtime, so that the crate
/// including the client needs no serde of its own. Written from the crate root, which a
/// `use` inside the derive's expansion resolves without ambiguity.
fn serde_crate(runtime: &syn::Path) -> TokenStream {
    let segments: Vec<String> = runtime
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let leading = if runtime.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    let path = format!("{leading}{}::serde", segments.join("::"));
    quote!(#[serde(crate = #path)])
}

pub fn type_def(api: &Api, def: &TypeDef, setters: Setters, runtime: &syn::Path) -> TokenStream {
    let deprecated = def.deprecated.then_some("**Deprecated.**");
    let docs = doc_attrs([def.doc.as_deref(), deprecated]);
    // The user's derives beside the type's own; their attributes after those (a derive's
    // helper attribute, `#[serde(…)]`, must come after the derive).
    let derives = added_derives(&def.derives);
    let attributes = added_attributes(&def.attributes);
    let name = ident(&def.name);
    let serde_crate = serde_crate(runtime);
    let serde_crate = quote!(#serde_crate #attributes);
    let docs = match def.kind {
        TypeKind::Enum(_) => quote!(#docs #derives #attributes),
        _ => quote!(#docs #derives),
    };
    match &def.kind {
        TypeKind::Struct(fields) => {
            // With every field optional, `Default::default()` starts a value; else `new`
            // takes the required ones. Either way `#[non_exhaustive]`: a field the spec adds
            // later breaks no code (values are built by these and set field by field).
            let default = (!fields.iter().any(|field| field.required)).then(|| quote!(Default,));
            let methods = inherent_impl(api, &name, fields, setters);
            // `Serialize` and `Deserialize` written through the runtime (`record`), or derived.
            let written = record::written(api, def, fields);
            let (derive, serde_attributes, impls) = if written {
                let impls = [
                    record::serialize(&name, fields),
                    record::deserialize(&name, fields),
                ];
                (None, attributes, Some(quote!(#(#impls)*)))
            } else {
                (Some(quote!(Serialize, Deserialize)), serde_crate, None)
            };
            let fields = fields
                .iter()
                .map(|field| struct_field(api, field, !written));
            quote! {
                #docs
                #[derive(Debug, Clone, #default PartialEq, #derive)]
                #serde_attributes
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                }

                #impls

                #methods
            }
        }
        TypeKind::Enum(string_enum) => enum_def(&name, &docs, string_enum),
        TypeKind::Union(union) => union_def(api, &name, &docs, union, &serde_crate),
        TypeKind::Tuple(tuple) => super::tuple::tuple_def(api, &name, &docs, tuple),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty, &Paths::in_types());
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        // The user's own type: nothing to generate.
        TypeKind::Extern { .. } => TokenStream::new(),
    }
}

/// The user's derives (`#[derive(Hash, Eq)]`), as checked by the IR.
fn added_derives(derives: &[String]) -> TokenStream {
    let derives: Vec<syn::Path> = derives
        .iter()
        .filter_map(|derive| syn::parse_str(derive).ok())
        .collect();
    if derives.is_empty() {
        return TokenStream::new();
    }
    quote!(#[derive(#(#derives),*)])
}

/// The user's attributes, as checked when the settings were read.
fn added_attributes(attributes: &[String]) -> TokenStream {
    let attributes = attributes
        .iter()
        .filter_map(|attribute| attribute.parse::<TokenStream>().ok());
    quote!(#(#attributes)*)
}

/// The struct's inherent methods: `new(required fields…)` where it has required fields (in
/// the spec's order; the optional ones left out — where every field is optional the struct
/// derives `Default` instead), and, as `setters` says, a `with_<field>` setter per optional
/// field, so that a value is built as `Booking::new(trip_id, "Ada").with_seats(2)` and a field
/// the spec adds later breaks no code.
fn inherent_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[Field],
    setters: Setters,
) -> TokenStream {
    let constructor = constructor(api, name, fields, setters);
    // Setters in the impl with `new`, or in one of their own behind the `mock` feature.
    let (open, gated) = match setters {
        Setters::Always => (self::setters(api, fields), Vec::new()),
        Setters::WithMocks => (Vec::new(), self::setters(api, fields)),
        Setters::None => (Vec::new(), Vec::new()),
    };
    let mut out = TokenStream::new();
    if constructor.is_some() || !open.is_empty() {
        out.extend(quote! {
            impl #name {
                #constructor
                #(#open)*
            }
        });
    }
    if !gated.is_empty() {
        out.extend(quote! {
            /// Setters for building values in tests (the typed mocks' `mock` feature).
            #[cfg(feature = "mock")]
            impl #name {
                #(#gated)*
            }
        });
    }
    out
}

fn constructor(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[Field],
    setters: Setters,
) -> Option<TokenStream> {
    if !fields.iter().any(|field| field.required) {
        return None;
    }
    // Required fields are taken as setters take them (text as `impl Into<String>`).
    let mut args = Vec::new();
    let inits: Vec<TokenStream> = fields
        .iter()
        .map(|field| {
            let name = ident(&field.name);
            if !field.required {
                return match field.ty {
                    TypeRef::Nullable(_) => quote!(#name: runtime::Nullable::Absent),
                    _ => quote!(#name: None),
                };
            }
            let (input, convert) = setter_input(api, &field.ty, &Paths::in_types());
            args.push(quote!(#name: #input));
            if convert.is_empty() {
                quote!(#name)
            } else {
                quote!(#name: #name #convert)
            }
        })
        .collect();
    // Setting a deprecated field is what `new` must do, not a use to warn about.
    let deprecated = fields
        .iter()
        .any(|field| field.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let named_like = naming::new_is_named_like(&name.to_string())
        .then(|| quote!(#[allow(clippy::self_named_constructors)]));
    let doc = match setters {
        _ if fields.iter().all(|field| field.required) => "A value from its fields.",
        Setters::Always => {
            "A value from its required fields, the optional ones left out (the `with_…` \
             methods set them)."
        }
        Setters::WithMocks | Setters::None => {
            "A value from its required fields, the optional ones left out."
        }
    };
    let doc = doc_attrs([Some(doc)]);
    Some(quote! {
        #doc
        #deprecated
        #many
        #named_like
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    })
}

/// `with_<field>(value)` for each optional field: `Option` fields take the value, `Nullable`
/// ones anything that converts (a value, `Nullable::Null`, an `Option`).
fn setters(api: &Api, fields: &[Field]) -> Vec<TokenStream> {
    let names = naming::field_setters(fields.iter().map(|field| field.name.as_str()));
    fields
        .iter()
        .zip(names)
        .filter(|(field, _)| !field.required)
        .map(|(field, setter)| {
            let name = ident(&field.name);
            let setter = ident(&setter);
            let (input, store) = match &field.ty {
                TypeRef::Option(inner) => {
                    let (input, convert) = setter_input(api, inner, &Paths::in_types());
                    (input, quote!(Some(value #convert)))
                }
                TypeRef::Nullable(inner) => {
                    let inner = type_tokens(api, inner, &Paths::in_types());
                    (
                        quote!(impl Into<runtime::Nullable<#inner>>),
                        quote!(value.into()),
                    )
                }
                other => {
                    let (input, convert) = setter_input(api, other, &Paths::in_types());
                    (input, quote!(value #convert))
                }
            };
            let doc = format!("This value with `{}` set.", field.name);
            let doc = doc_attrs([Some(doc.as_str())]);
            let deprecated = field
                .deprecated
                .then(|| quote!(#[deprecated] #[allow(deprecated)]));
            quote! {
                #doc
                #deprecated
                pub fn #setter(mut self, value: #input) -> Self {
                    self.#name = #store;
                    self
                }
            }
        })
        .collect()
}

/// A struct's field; `derived`: whether the struct's `Deserialize` is derived (and reads the
/// field's `default`).
/// A struct's field; `derived`: with the serde attributes its derived impls read (a written
/// impl knows the wire name and when to leave the field out itself).
fn struct_field(api: &Api, field: &Field, derived: bool) -> TokenStream {
    let docs = doc_attrs([field.doc.as_deref()]);
    // On fields only: a deprecated *type* would warn in every generated item that uses it,
    // so types say it in their docs instead.
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&field.name);
    let ty = type_tokens(api, &field.ty, &Paths::in_types());
    let rename = (derived && field.name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let optional = match (&field.ty, field.required) {
        (_, true) => None,
        _ if !derived => None,
        (TypeRef::Nullable(_), false) => {
            Some(quote!(#[serde(default, skip_serializing_if = "runtime::Nullable::is_absent")]))
        }
        (_, false) => Some(quote!(#[serde(default, skip_serializing_if = "Option::is_none")])),
    };
    let added = added_attributes(&field.attributes);
    let time_format = time_format(api, &field.ty);
    quote! {
        #docs
        #deprecated
        #rename
        #optional
        #time_format
        #added
        pub #name: #ty,
    }
}

fn enum_def(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    string_enum: &StringEnum,
) -> TokenStream {
    let variants: Vec<_> = string_enum
        .variants
        .iter()
        .map(|v| ident(&v.name))
        .collect();
    let wires: Vec<&str> = string_enum
        .variants
        .iter()
        .map(|v| v.wire.as_str())
        .collect();
    let fallback = ident(&string_enum.fallback);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants, )*
            /// A value this client does not know yet, kept as sent.
            #fallback(String),
        }

        impl Serialize for #name {
            fn serialize<S: runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::string_enum(deserializer)
            }
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                let known = match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#fallback(other.to_string()),
                };
                Ok(known)
            }
        }
    }
}

fn union_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &Union,
    serde_crate: &TokenStream,
) -> TokenStream {
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = union
        .variants
        .iter()
        .map(|v| {
            let ty = type_tokens(api, &v.ty, &Paths::in_types());
            let time_format = time_format(api, &v.ty);
            quote!(#time_format #ty)
        })
        .collect();
    let Some(tag) = &union.tag else {
        // Unions of text-like values are sent as parameters too, so they print as their value.
        let display = union
            .variants
            .iter()
            .all(|v| is_display(api, &v.ty))
            .then(|| {
                quote! {
                    impl std::fmt::Display for #name {
                        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                            match self {
                                #( Self::#variants(value) => value.fmt(f), )*
                            }
                        }
                    }
                }
            });
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #serde_crate
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #variants(#types), )*
            }

            #display
        };
    };
    let values: Vec<&str> = union
        .variants
        .iter()
        .map(|v| v.tag_value.as_deref().unwrap_or_default())
        .collect();
    let (fallback, other_tags) = other_tags(union, tag, &variants);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #serde_crate
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants(#types), )*
            #fallback
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = runtime::tagged(deserializer, #tag)?;
                match tag.as_str() {
                    #( #values => runtime::variant(value).map(Self::#variants), )*
                    #other_tags
                }
            }
        }
    }
}

/// What a tagged union does with tags its variants do not claim: decode the variant
/// `defaultMapping` names, or keep the value as sent in the fallback variant (returned, with
/// the `match` arm).
fn other_tags(
    union: &Union,
    tag: &str,
    variants: &[proc_macro2::Ident],
) -> (Option<TokenStream>, TokenStream) {
    match (union.default.and_then(|i| variants.get(i)), &union.fallback) {
        (Some(default), _) => (
            None,
            quote!(_ => runtime::variant(value).map(Self::#default),),
        ),
        (None, Some(fallback)) => {
            let fallback = ident(fallback);
            let tag_doc = doc_attrs([Some(
                format!("A `{tag}` this client does not know yet, kept as sent.").as_str(),
            )]);
            (
                Some(quote!(#tag_doc #fallback(runtime::serde_json::Value),)),
                quote!(_ => Ok(Self::#fallback(value)),),
            )
        }
        // Not built by the IR (a tagged union has one or the other): refused.
        (None, None) => (
            None,
            quote!(_ => Err(runtime::serde::de::Error::custom(format!("unknown `{}`: {tag:?}", #tag))),),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::from_yaml;

    fn type_code(schemas: &str, name: &str) -> String {
        let api = from_yaml(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        ));
        let def = api.types.iter().find(|t| t.name == name).expect("the type");
        let runtime = syn::parse_str("kapso_codegen_runtime").expect("a path");
        let setters = crate::emit::Setters::Always;
        let file = syn::parse2::<syn::File>(super::type_def(&api, def, setters, &runtime))
            .expect("the tokens parse");
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_string_enum_keeps_unknown_values_and_says_its_wire_form() {
        let code = type_code(
            "    Status: {type: string, enum: [active, on-hold]}\n",
            "Status",
        );
        assert!(code.contains("    OnHold,"), "{code}");
        assert!(
            code.contains("runtime::string_enum(deserializer)"),
            "{code}"
        );
        assert!(code.contains("Unknown(String),"), "{code}");
        assert!(code.contains("Self::OnHold => \"on-hold\","), "{code}");
        assert!(code.contains("\"on-hold\" => Self::OnHold,"), "{code}");
    }

    #[test]
    fn optional_fields_are_left_out_when_absent_and_keywords_renamed() {
        let code = type_code(
            "    Thing: {type: object, required: [type], properties: {type: {type: string}, note: {type: string}}}\n",
            "Thing",
        );
        // Written through `runtime::record`, by wire name, `note` left out when `None`.
        assert!(
            code.contains("    pub type_: String,\n    pub note: Option<String>,"),
            "{code}"
        );
        assert!(
            code.contains("runtime::record::field(\"type\", &self.type_),"),
            "{code}"
        );
        assert!(
            code.contains("runtime::record::optional_field(\"note\", &self.note),"),
            "{code}"
        );
        // Read through `runtime::record`: by wire name, `note` absent by default.
        assert!(
            code.contains("\"Thing\",\n            &[\"type\", \"note\"],"),
            "{code}"
        );
        assert!(
            code.contains("type_: runtime::record::required(type_, \"type\")?,"),
            "{code}"
        );
        assert!(
            code.contains("|(type_, note)| {\n                Ok(Thing {"),
            "{code}"
        );
        assert!(
            code.contains("note: runtime::record::optional(note),"),
            "{code}"
        );
        assert!(
            !code.contains("derive(Debug, Clone, PartialEq, Serialize, Deserialize)"),
            "{code}"
        );
    }

    #[test]
    fn a_large_struct_reads_its_fields_in_groups_of_slots() {
        let properties: Vec<String> = (0..20)
            .map(|n| format!("f{n}: {{type: integer}}"))
            .collect();
        let code = type_code(
            &format!(
                "    Big: {{type: object, properties: {{{}}}}}\n",
                properties.join(", ")
            ),
            "Big",
        );
        // Sixteen slots in the first group, four in the second.
        assert!(
            code.contains("f15,\n                    ),\n                    (f16, f17, f18, f19),\n                )|"),
            "{code}"
        );
        assert!(
            code.contains(
                "|\n                (\n                    (\n                        f0,\n"
            ),
            "{code}"
        );
        assert!(
            code.contains("f19: runtime::record::optional(f19),"),
            "{code}"
        );
    }

    #[test]
    fn serde_attributes_of_the_user_keep_the_derive() {
        let api = from_yaml(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Thing: {type: object, properties: {a: {type: string}}}\n",
        );
        let written = |def: &crate::ir::TypeDef| match &def.kind {
            crate::ir::TypeKind::Struct(fields) => super::record::written(&api, def, fields),
            other => panic!("{other:?}"),
        };
        let mut def = api.types[0].clone();
        assert!(written(&def));
        def.attributes
            .push("#[serde(deny_unknown_fields)]".to_string());
        assert!(!written(&def));
    }
}
