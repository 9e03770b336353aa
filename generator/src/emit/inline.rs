//! `#[inline]` on every non-generic function of the output, so that a function is compiled
//! to machine code where it is called, not in the client crate.
//!
//! A library compiles each of its non-generic functions to machine code whether or not a
//! dependent calls it; a client of a large API has thousands (an operation's `send` with the
//! deserialization of every type it answers with, builders' setters, constructors, `Display`
//! of error enums), and a debug build of GitHub's spent over half its time on them. An
//! `#[inline]` function is compiled only where it is used, like a generic one: the client
//! crate type-checks everything and compiles none of it, and a crate that calls ten
//! operations compiles those ten. Generic functions already behave so and are left as they are.

/// Marks the non-generic functions of `file` (free, and in impls, inside modules too).
pub(crate) fn mark(file: &mut syn::File) {
    mark_items(&mut file.items);
}

fn mark_items(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Fn(function) if is_monomorphic(&function.sig) => {
                add_inline(&mut function.attrs);
            }
            syn::Item::Impl(block) if !has_type_params(&block.generics) => {
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(function) = member
                        && is_monomorphic(&function.sig)
                    {
                        add_inline(&mut function.attrs);
                    }
                }
            }
            // Tests are the harness's to call: left as written.
            syn::Item::Mod(module) if !is_test_only(&module.attrs) => {
                if let Some((_, items)) = &mut module.content {
                    mark_items(items);
                }
            }
            _ => {}
        }
    }
}

/// `#[cfg(test)]`.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|condition| condition == "test")
    })
}

fn add_inline(attrs: &mut Vec<syn::Attribute>) {
    if !attrs.iter().any(|attr| attr.path().is_ident("inline")) {
        attrs.push(syn::parse_quote!(#[inline]));
    }
}

/// Whether a function has neither type (or const) parameters nor `impl Trait` arguments.
fn is_monomorphic(signature: &syn::Signature) -> bool {
    !has_type_params(&signature.generics)
        && signature.inputs.iter().all(|input| match input {
            syn::FnArg::Receiver(_) => true,
            syn::FnArg::Typed(argument) => !names_impl_trait(&argument.ty),
        })
}

fn has_type_params(generics: &syn::Generics) -> bool {
    generics
        .params
        .iter()
        .any(|param| !matches!(param, syn::GenericParam::Lifetime(_)))
}

fn names_impl_trait(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::ImplTrait(_) => true,
        syn::Type::Reference(reference) => names_impl_trait(&reference.elem),
        syn::Type::Slice(slice) => names_impl_trait(&slice.elem),
        syn::Type::Array(array) => names_impl_trait(&array.elem),
        syn::Type::Paren(inner) => names_impl_trait(&inner.elem),
        syn::Type::Group(inner) => names_impl_trait(&inner.elem),
        syn::Type::Tuple(tuple) => tuple.elems.iter().any(names_impl_trait),
        syn::Type::Path(path) => path.path.segments.iter().any(|segment| {
            matches!(&segment.arguments, syn::PathArguments::AngleBracketed(arguments)
            if arguments.args.iter().any(|argument| {
                matches!(argument, syn::GenericArgument::Type(ty) if names_impl_trait(ty))
            }))
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn marked(tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        mark(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn non_generic_functions_are_inline_and_generic_ones_are_not() {
        let code = marked(quote! {
            pub mod operations {
                impl Send_ {
                    /// Sends it.
                    pub async fn send(self) -> Result<(), ()> { Ok(()) }
                    pub fn with_name(mut self, value: impl Into<String>) -> Self { self }
                    pub fn tags(mut self, value: Vec<Option<impl AsRef<str>>>) -> Self { self }
                    pub fn limit(mut self, value: i32) -> Self { self }
                    #[inline]
                    pub fn page(&self) -> &str { "" }
                }
                impl<'de> Deserialize<'de> for Pet {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> { todo() }
                }
                impl<T> Wrapper<T> {
                    pub fn get(&self) -> &T { &self.0 }
                }
                impl std::fmt::Display for Kind {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }
                }
            }
            pub fn server_url(region: &str) -> String { String::new() }
            #[cfg(test)]
            mod example_tests {
                #[test]
                fn examples_round_trip() {}
            }
        });
        let inline_before = |name: &str| {
            let at = code.find(name).unwrap();
            code[..at].trim_end().lines().last().unwrap().trim() == "#[inline]"
        };
        assert!(code.contains("/// Sends it.\n        #[inline]\n        pub async fn send"));
        assert!(inline_before("pub fn limit"));
        assert!(inline_before("fn fmt"));
        assert!(inline_before("pub fn server_url"));
        assert!(!inline_before("pub fn with_name"));
        assert!(!inline_before("pub fn tags"));
        assert!(!inline_before("fn deserialize"));
        assert!(!inline_before("pub fn get"));
        assert!(!inline_before("fn examples_round_trip"));
        assert_eq!(code.matches("#[inline]").count(), 5, "{code}");
    }
}
