//! The `Client`: construction from the spec's servers and security schemes, and one method
//! per operation that starts its request builder.

use super::docs::{doc_attrs, own_doc_attrs};
use super::lints;
use super::type_ref::{Paths, ident, setter_input};
use crate::ir::{Api, ApiKeyLocation, Operation, SecuritySchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub fn client(api: &Api, runtime: &syn::Path) -> TokenStream {
    let title = format!(
        "Client for the {} (API version {}).",
        api.title, api.version
    );
    let docs = doc_attrs([Some(title.as_str()), api.description.as_deref()]);
    let base_url = api.servers.first().map(|server| {
        let url = &server.url;
        let docs = doc_attrs([
            Some(format!("`{url}`").as_str()),
            server.description.as_deref(),
        ]);
        quote! {
            #docs
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let base_url_arg = if base_url.is_some() {
        quote!(Self::DEFAULT_BASE_URL)
    } else {
        quote!("")
    };
    let setup = builder_setup(api, runtime);
    let server_url = server_url_fn(api);
    let new_fn = new_fn(api, runtime);
    let methods = api
        .operations
        .iter()
        .map(|op| operation_method(api, op, runtime));
    let allow = lints::client();
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #allow
        pub struct Client {
            inner: #runtime::Client,
        }

        #allow
        impl Client {
            #base_url
            #server_url

            /// Starts configuring a client: base URL, credentials, timeouts, HTTP client.
            pub fn builder() -> #runtime::ClientBuilder<Self> {
                #runtime::ClientBuilder::new(#base_url_arg) #setup
            }

            #new_fn

            /// The runtime client underneath, for requests this API's methods do not cover.
            pub fn runtime(&self) -> &#runtime::Client {
                &self.inner
            }

            #(#methods)*
        }

        impl From<#runtime::Client> for Client {
            fn from(inner: #runtime::Client) -> Self {
                Self { inner }
            }
        }
    }
}

/// The calls `builder()` makes on a new `ClientBuilder`: the spec's servers (next-page links
/// to any of them are rebased onto the client's base URL) and security schemes.
fn builder_setup(api: &Api, runtime: &syn::Path) -> TokenStream {
    let servers = api.servers.iter().map(|server| {
        let url = &server.spec_url;
        quote!(.server(#url))
    });
    let schemes = api.security_schemes.iter().map(|scheme| {
        let key = &scheme.key;
        let definition = match &scheme.kind {
            SecuritySchemeKind::ApiKey { location, name } => {
                let location = ident(match location {
                    ApiKeyLocation::Header => "Header",
                    ApiKeyLocation::Query => "Query",
                    ApiKeyLocation::Cookie => "Cookie",
                });
                quote!(#runtime::SecurityScheme::ApiKey { location: #runtime::ApiKeyLocation::#location, name: #name })
            }
            SecuritySchemeKind::Bearer => quote!(#runtime::SecurityScheme::Bearer),
            SecuritySchemeKind::Basic => quote!(#runtime::SecurityScheme::Basic),
            SecuritySchemeKind::MutualTls => quote!(#runtime::SecurityScheme::MutualTls),
        };
        quote!(.security_scheme(#key, #definition))
    });
    quote!(#(#servers)* #(#schemes)*)
}

/// `Client::new(credential)` for the common case of one scheme with one secret.
fn new_fn(api: &Api, runtime: &syn::Path) -> Option<TokenStream> {
    if api.servers.is_empty() {
        return None;
    }
    match api.security_schemes.as_slice() {
        [] => Some(quote! {
            /// A client for the default server.
            pub fn new() -> Result<Self, #runtime::BuildError> {
                Self::builder().build()
            }
        }),
        [scheme] => {
            let (arg, setter, what) = match &scheme.kind {
                SecuritySchemeKind::ApiKey { location, name } => {
                    let place = match location {
                        ApiKeyLocation::Header => "header",
                        ApiKeyLocation::Query => "query parameter",
                        ApiKeyLocation::Cookie => "cookie",
                    };
                    (
                        quote!(api_key),
                        quote!(api_key),
                        format!("the API key, sent in the `{name}` {place}"),
                    )
                }
                SecuritySchemeKind::Bearer => (
                    quote!(token),
                    quote!(bearer_token),
                    "the bearer token, sent in the `Authorization` header".to_string(),
                ),
                SecuritySchemeKind::Basic | SecuritySchemeKind::MutualTls => return None,
            };
            let docs = own_doc_attrs(
                [],
                &format!("A client for the default server, authenticating with {what}."),
            );
            Some(quote! {
                #docs
                pub fn new(#arg: impl Into<String>) -> Result<Self, #runtime::BuildError> {
                    Self::builder().#setter(#arg).build()
                }
            })
        }
        _ => None,
    }
}

/// Where every alternative of an operation's security needs a `mutualTLS` scheme: that the
/// client must present a certificate, and how to give it (the request is not sent without).
fn client_certificate_doc(api: &Api, op: &Operation) -> Option<String> {
    let mutual_tls = |key: &String| {
        api.security_schemes
            .iter()
            .any(|s| &s.key == key && s.kind == SecuritySchemeKind::MutualTls)
    };
    let keys: Vec<&String> = op
        .security
        .iter()
        .map(|alternative| alternative.iter().find(|key| mutual_tls(key)))
        .collect::<Option<_>>()?;
    let key = keys.first()?;
    Some(format!(
        "Authenticates with a TLS client certificate (security scheme `{key}`): give it\n\
         with `ClientBuilder::identity`, or an `http_client` that presents one; without it\n\
         the request is not sent."
    ))
}

fn operation_method(api: &Api, op: &Operation, runtime: &syn::Path) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let builder = ident(&op.builder_name);
    let endpoint = format!("`{} {}`", op.method, op.path);
    // Required parameters are arguments here, so their descriptions belong here too.
    let arguments: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let doc = p
                .doc
                .as_deref()
                .map(|d| format!(": {}", crate::emit::sanitize_doc(d).trim()))
                .unwrap_or_default();
            format!("- `{}` (`{}`){doc}", p.name, p.wire_name)
        })
        .collect();
    let arguments = (!arguments.is_empty()).then(|| arguments.join("\n"));
    let media_types = op
        .body
        .as_ref()
        .filter(|body| !body.other_media_types.is_empty())
        .map(|body| {
            let others: Vec<String> = body
                .other_media_types
                .iter()
                .map(|m| format!("`{m}`"))
                .collect();
            format!(
                "The body is sent as `{}`; the API also takes {}.",
                body.media_type,
                others.join(", ")
            )
        });
    let certificate = client_certificate_doc(api, op);
    let docs = doc_attrs([
        op.summary.as_deref(),
        op.description.as_deref(),
        arguments.as_deref(),
        media_types.as_deref(),
        certificate.as_deref(),
        Some(endpoint.as_str()),
    ]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let paths = Paths::at_top(runtime);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let name = ident(&param.name);
        let (input, convert) = setter_input(api, &param.ty, &paths);
        args.push(quote!(#name: #input));
        values.push(quote!(#name #convert));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let (input, convert) = setter_input(api, &body.ty, &paths);
        args.push(quote!(body: #input));
        values.push(quote!(body #convert));
    }
    quote! {
        #docs
        #deprecated
        pub fn #fn_name(&self, #(#args),*) -> operations::#builder {
            operations::#builder::new(self.inner.clone(), #(#values),*)
        }
    }
}

/// `Client::server_url(…)`: the default server's URL with its variables set, for
/// `builder().base_url(…)`.
fn server_url_fn(api: &Api) -> Option<TokenStream> {
    let server = api.servers.first().filter(|s| !s.variables.is_empty())?;
    let mut lines = vec![format!(
        "The URL of the default server, `{}`, with its variables set: for \
         `Client::builder().base_url(…)`.",
        server.spec_url
    )];
    lines.push(String::new());
    for variable in &server.variables {
        let mut line = format!("- `{}`", variable.name);
        if let Some(description) = &variable.description {
            line.push_str(&format!(": {}", description.trim()));
        }
        if variable.values.is_empty() {
            line.push_str(&format!(" (default `{}`)", variable.default));
        } else {
            let values: Vec<String> = variable.values.iter().map(|v| format!("`{v}`")).collect();
            line.push_str(&format!(
                " (one of {}; default `{}`)",
                values.join(", "),
                variable.default
            ));
        }
        lines.push(line);
    }
    let text = lines.join("\n");
    let docs = doc_attrs([Some(text.as_str())]);
    let args = server.variables.iter().map(|v| {
        let name = ident(&v.name);
        quote!(#name: &str)
    });
    let template = &server.template;
    Some(quote! {
        #docs
        pub fn server_url(#(#args),*) -> String {
            format!(#template)
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::from_yaml;

    #[test]
    fn server_variables_become_arguments_of_server_url() {
        let api = from_yaml(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nservers:\n  \
             - url: 'https://{region}.example.com/{version}'\n    variables:\n      \
             region: {default: us, enum: [us, eu]}\n      version: {default: v1}\n",
        );
        let runtime: syn::Path = syn::parse_str("kapso_codegen_runtime").expect("a path");
        let file = syn::parse2::<syn::File>(super::client(&api, &runtime)).expect("parses");
        let code = prettyplease::unparse(&file);
        assert!(
            code.contains(
                "pub const DEFAULT_BASE_URL: &'static str = \"https://us.example.com/v1\";"
            ),
            "{code}"
        );
        assert!(
            code.contains("pub fn server_url(region: &str, version: &str) -> String"),
            "{code}"
        );
        assert!(
            code.contains("format!(\"https://{region}.example.com/{version}\")"),
            "{code}"
        );
    }
}
