//! Rust type syntax for IR types.

use crate::customize::DateTimeCrate;
use crate::ir::{Api, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// How a place in the output names the `types` module and the runtime crate.
pub struct Paths {
    /// Before a type's name: empty in the `types` module, `types::` beside it.
    pub types: TokenStream,
    /// The runtime: `runtime` in the modules (which import it so), its crate path elsewhere.
    pub runtime: TokenStream,
}

impl Paths {
    /// Inside the `types` module.
    pub fn in_types() -> Paths {
        Paths {
            types: TokenStream::new(),
            runtime: quote!(runtime),
        }
    }

    /// Inside the `operations` module.
    pub fn in_operations() -> Paths {
        Paths {
            types: quote!(types::),
            runtime: quote!(runtime),
        }
    }

    /// At the top of the output, beside the modules.
    pub fn at_top(runtime: &syn::Path) -> Paths {
        Paths {
            types: quote!(types::),
            runtime: quote!(#runtime),
        }
    }
}

/// The type as written at a place with these `paths`.
pub fn type_tokens(api: &Api, ty: &TypeRef, paths: &Paths) -> TokenStream {
    let rt = &paths.runtime;
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::DateTime => match api.date_time {
            DateTimeCrate::Chrono => quote!(#rt::chrono::DateTime<#rt::chrono::Utc>),
            DateTimeCrate::Jiff => quote!(#rt::jiff::Timestamp),
            DateTimeCrate::Time => quote!(#rt::time::OffsetDateTime),
        },
        TypeRef::Date => match api.date_time {
            DateTimeCrate::Chrono => quote!(#rt::chrono::NaiveDate),
            DateTimeCrate::Jiff => quote!(#rt::jiff::civil::Date),
            DateTimeCrate::Time => quote!(#rt::time::Date),
        },
        TypeRef::Uuid => quote!(#rt::uuid::Uuid),
        TypeRef::Json => quote!(#rt::serde_json::Value),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::BodyStream(_) => quote!(#rt::BodyStream),
        TypeRef::Base64 { url_safe: false } => quote!(#rt::Base64),
        TypeRef::Base64 { url_safe: true } => quote!(#rt::Base64Url),
        TypeRef::File => quote!(#rt::File),
        TypeRef::Vec(item) => {
            let item = type_tokens(api, item, paths);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => match **value {
            TypeRef::Json => quote!(#rt::serde_json::Map<String, #rt::serde_json::Value>),
            ref value => {
                let value = type_tokens(api, value, paths);
                quote!(std::collections::BTreeMap<String, #value>)
            }
        },
        TypeRef::Option(inner) => {
            let inner = type_tokens(api, inner, paths);
            quote!(Option<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, paths);
            quote!(#rt::Nullable<#inner>)
        }
        TypeRef::Box(inner) => {
            let inner = type_tokens(api, inner, paths);
            quote!(Box<#inner>)
        }
        TypeRef::Named(id) => match &api.types[id.0].kind {
            // Checked to be a type when the settings were read.
            TypeKind::Extern { path, .. } => syn::parse_str::<syn::Type>(path)
                .map(|ty| quote!(#ty))
                .unwrap_or_else(|_| quote!(#rt::serde_json::Value)),
            _ => {
                let name = ident(&api.types[id.0].name);
                let prefix = &paths.types;
                quote!(#prefix #name)
            }
        },
    }
}

/// `#[serde(with = "runtime::time_format")]` where `ty` holds a `time` date-time or date
/// (through wrappers and aliases): `time`'s own serde formats are not RFC 3339.
pub fn time_format(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    fn holds(api: &Api, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::DateTime | TypeRef::Date => true,
            TypeRef::Named(id) if depth < 8 => match &api.types[id.0].kind {
                TypeKind::Alias(inner) => holds(api, inner, depth + 1),
                _ => false,
            },
            other => other
                .wrapped()
                .is_some_and(|inner| holds(api, inner, depth)),
        }
    }
    (api.date_time == DateTimeCrate::Time && holds(api, ty, 0))
        .then(|| quote!(#[serde(with = "runtime::time_format")]))
}

/// Whether a setter should take `impl Into<String>` rather than the type itself.
pub fn is_string(ty: &TypeRef) -> bool {
    *ty == TypeRef::String
}

/// The type a setter, constructor or client method at a place with `paths` takes for a value
/// of `ty`, and how the value it is given is stored (`impl Into<String>` and `.into()` for
/// text).
pub fn setter_input(api: &Api, ty: &TypeRef, paths: &Paths) -> (TokenStream, TokenStream) {
    // An alias of text (`pub type Email = String`) takes text too.
    let mut resolved = ty;
    for _ in 0..8 {
        match resolved {
            TypeRef::Named(id) => match &api.types[id.0].kind {
                TypeKind::Alias(inner) => resolved = inner,
                _ => break,
            },
            _ => break,
        }
    }
    if is_string(resolved) {
        (quote!(impl Into<String>), quote!(.into()))
    } else if *resolved == TypeRef::Bytes {
        (quote!(impl Into<Vec<u8>>), quote!(.into()))
    } else if let TypeRef::BodyStream(item) = resolved {
        // Any stream of the items, made a `runtime::BodyStream`.
        let item = type_tokens(api, item, paths);
        let rt = &paths.runtime;
        (
            quote!(impl #rt::Stream<Item = #item> + Send + 'static),
            quote!(.into()),
        )
    } else if let TypeRef::Base64 { .. } = resolved {
        // Bytes, given as `Vec<u8>` or `&[u8]`.
        let ty = type_tokens(api, resolved, paths);
        (quote!(impl Into<#ty>), quote!(.into()))
    } else {
        (type_tokens(api, ty, paths), TokenStream::new())
    }
}

/// Whether values of this type can be sent as text with `Display`: primitives, string enums,
/// and untagged unions of those.
pub fn is_display(api: &Api, ty: &TypeRef) -> bool {
    fn check(api: &Api, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Named(id) => match &api.types[id.0].kind {
                TypeKind::Enum(_) => true,
                TypeKind::Union(union) if union.tag.is_none() && depth < 8 => {
                    union.variants.iter().all(|v| check(api, &v.ty, depth + 1))
                }
                TypeKind::Alias(inner) if depth < 8 => check(api, inner, depth + 1),
                TypeKind::Extern { scalar, .. } => *scalar,
                _ => false,
            },
            TypeRef::Box(inner) => check(api, inner, depth + 1),
            TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Option(_)
            | TypeRef::Nullable(_)
            | TypeRef::Json
            | TypeRef::Bytes
            | TypeRef::File => false,
            _ => true,
        }
    }
    check(api, ty, 0)
}
