//! The public API surface of a generated client: one line per public item with its signature
//! (`pub types::InboxEmbed::name: Option<String>`, `pub async fn
//! operations::ListInboxEmbeds::send(self) -> …`), sorted — what `cargo public-api` prints of
//! the compiled crate, computed from the IR without compiling anything. Each item remembers
//! the JSON pointer of the spec node it comes from, its docs and its attributes, so that
//! [`diff`](crate::diff) can say what changed, where, and whether it breaks code.
//!
//! The signatures are read off the emitter's own output for each IR node (a type, an
//! operation, the client), so the surface is the generated API by construction, not a second
//! description of it that could drift.

use crate::emit::{self, Extras, Piece};
use crate::ir::{Api, Operation, TypeDef, TypeKind};
use crate::{naming, pointer};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The public items of a generated client, sorted by path segment by segment (a type's
/// members and trait implementations right after it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub items: Vec<Item>,
    /// Where each path is in `items`.
    index: HashMap<String, usize>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Where it is: `types::InboxEmbed::name`, `Client::list_inbox_embeds`,
    /// `impl Default for types::ThingPatch`.
    pub path: String,
    pub kind: Kind,
    /// Its signature, without attributes (`pub types::InboxEmbed::name: Option<String>`).
    pub signature: String,
    /// `#[non_exhaustive]`: more fields or variants may come.
    pub non_exhaustive: bool,
    pub deprecated: bool,
    /// Its doc comment, as generated.
    pub docs: String,
    /// The spec node it comes from (`#/components/schemas/InboxEmbed/properties/name`).
    pub pointer: String,
    /// What it is on the wire, where the signature does not say (`GET /things/{id}` for a
    /// request builder, the `state` query parameter for a setter, the JSON name of a field):
    /// a change here alone changes requests, not code.
    pub wire: String,
}

/// What kind of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Struct,
    Field,
    Enum,
    Variant,
    /// `pub type A = B;`
    Alias,
    Method,
    Const,
    /// A trait implementation (derived or written).
    Impl,
}

impl Kind {
    /// The word a report uses for it.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Field => "field",
            Kind::Enum => "enum",
            Kind::Variant => "variant",
            Kind::Alias => "type alias",
            Kind::Method => "method",
            Kind::Const => "constant",
            Kind::Impl => "trait implementation",
        }
    }
}

impl Item {
    /// The line `kapso-codegen api` prints: attributes, then the signature.
    pub fn line(&self) -> String {
        let mut line = String::new();
        if self.deprecated {
            line.push_str("#[deprecated] ");
        }
        if self.non_exhaustive {
            line.push_str("#[non_exhaustive] ");
        }
        line.push_str(&self.signature);
        line
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{}", item.line())?;
        }
        Ok(())
    }
}

impl Surface {
    /// The item at `path`, if any.
    pub fn get(&self, path: &str) -> Option<&Item> {
        self.index.get(path).map(|&index| &self.items[index])
    }

    /// A surface of these items, sorted and indexed (the first of two at one path kept).
    pub fn new(mut items: Vec<Item>) -> Self {
        items.sort_by_cached_key(|item| (sort_key(item), item.signature.clone()));
        items.dedup_by(|a, b| a.path == b.path);
        let index = items
            .iter()
            .enumerate()
            .map(|(index, item)| (item.path.clone(), index))
            .collect();
        Surface { items, index }
    }
}

/// Segment by segment; a trait implementation after its type's members.
fn sort_key(item: &Item) -> Vec<String> {
    let (path, last) = match item.kind {
        Kind::Impl => match item
            .path
            .strip_prefix("impl ")
            .and_then(|p| p.split_once(" for "))
        {
            Some((trait_name, ty)) => (ty, Some(format!("~{trait_name}"))),
            None => (item.path.as_str(), None),
        },
        _ => (item.path.as_str(), None),
    };
    path.split("::").map(str::to_string).chain(last).collect()
}

/// The surface of the client `api` generates (with the runtime crate at `runtime`).
pub fn of(api: &Api, runtime: &str, extras: Extras) -> Surface {
    let Ok(runtime_path) = syn::parse_str::<syn::Path>(runtime) else {
        return Surface::default();
    };
    let runtime_text = text(&runtime_path.to_token_stream(), &Names::default());
    let mut items = Vec::new();
    for module in emit::plan(api, extras) {
        let names = Names::of(api, module.name, &runtime_text);
        for piece in &module.pieces {
            let origin = match piece {
                Piece::Type(def, _) => Origin::Type(def),
                Piece::Operation(op) => Origin::Operation(op),
                Piece::Client => Origin::Client(api),
                // Test support, behind a feature: not the API the semver rules guard.
                Piece::ExampleTests { .. } | Piece::MockServer | Piece::Mock(_) => continue,
            };
            let tokens = emit::piece(api, *piece, &runtime_path);
            // Emitted code always parses (`format` would have failed the run first).
            if let Ok(file) = syn::parse2::<syn::File>(tokens) {
                let mut reader = Reader {
                    names: &names,
                    origin,
                    items: &mut items,
                };
                reader.file(&file);
            }
        }
    }
    Surface::new(items)
}

/// How bare names in one module's code are written in the surface: qualified by their
/// module (`types::InboxEmbed`), the runtime crate as `runtime`.
#[derive(Default)]
struct Names {
    /// The module the code is in: `types::`, `operations::` or empty at the top.
    prefix: String,
    /// The names defined in that module.
    local: HashSet<String>,
    /// The runtime crate's path as the code writes it (`kapso_codegen_runtime`).
    runtime: String,
}

impl Names {
    fn of(api: &Api, module: Option<&str>, runtime: &str) -> Self {
        let local = match module {
            Some("types") => api.types.iter().map(|def| def.name.clone()).collect(),
            Some("operations") => api
                .operations
                .iter()
                .flat_map(|op| {
                    [
                        Some(op.builder_name.clone()),
                        Some(op.error_name.clone()),
                        op.success.headers_name.clone(),
                        op.success.enum_name.clone(),
                    ]
                })
                .flatten()
                .collect(),
            _ => HashSet::new(),
        };
        Names {
            prefix: module.map(|name| format!("{name}::")).unwrap_or_default(),
            local,
            runtime: runtime.to_string(),
        }
    }
}

/// The IR node a piece of code comes from, for pointers.
#[derive(Clone, Copy)]
enum Origin<'a> {
    Type(&'a TypeDef),
    Operation(&'a Operation),
    Client(&'a Api),
}

impl Origin<'_> {
    /// The pointer of the piece as a whole.
    fn pointer(&self) -> String {
        match self {
            Origin::Type(def) => def.pointer.clone(),
            Origin::Operation(op) => op.pointer.clone(),
            Origin::Client(_) => "#".to_string(),
        }
    }

    /// What an item (`member` of `owner`, or the piece's own item where `member` is empty)
    /// is on the wire.
    fn wire(&self, owner: &str, member: &str) -> String {
        match self {
            Origin::Type(def) => match &def.kind {
                TypeKind::Struct(fields) => fields
                    .iter()
                    .find(|field| field.name == member)
                    .map(|field| format!("JSON member `{}`", field.wire_name))
                    .unwrap_or_default(),
                TypeKind::Tuple(tuple) => match member.parse::<usize>() {
                    Ok(index) if index < tuple.items.len() => format!("array item {index}"),
                    Ok(_) => "array items after the tuple's".to_string(),
                    Err(_) => String::new(),
                },
                TypeKind::Enum(string_enum) => string_enum
                    .variants
                    .iter()
                    .find(|variant| variant.name == member)
                    .map(|variant| format!("value `{}`", variant.wire))
                    .unwrap_or_default(),
                _ => String::new(),
            },
            Origin::Operation(op) if owner == op.builder_name => {
                if member.is_empty() {
                    let security: Vec<String> = op
                        .security
                        .iter()
                        .map(|schemes| schemes.join(" + "))
                        .collect();
                    let auth = if security.is_empty() {
                        "no credentials".to_string()
                    } else {
                        security.join(" or ")
                    };
                    return format!("{} {} ({auth})", op.method, op.path);
                }
                let param = op.params.iter().find(|p| p.name == member);
                param
                    .map(|p| {
                        let location = format!("{:?}", p.location).to_lowercase();
                        format!("{location} parameter `{}`", p.wire_name)
                    })
                    .unwrap_or_default()
            }
            Origin::Operation(op) if owner == op.error_name => op
                .errors
                .iter()
                .find(|error| error.variant == member)
                .map(|error| format!("status {:?}", error.status))
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The pointer of a member (`member` of the item named `owner`).
    fn member_pointer(&self, owner: &str, member: &str) -> String {
        match self {
            Origin::Type(def) => {
                if let (TypeKind::Tuple(tuple), Ok(index)) = (&def.kind, member.parse::<usize>()) {
                    return if index < tuple.items.len() {
                        format!("{}/{index}", pointer::join(&def.pointer, "prefixItems"))
                    } else {
                        pointer::join(&def.pointer, "items")
                    };
                }
                let TypeKind::Struct(fields) = &def.kind else {
                    return def.pointer.clone();
                };
                let setters = naming::field_setters(fields.iter().map(|f| f.name.as_str()));
                fields
                    .iter()
                    .zip(setters)
                    .find(|(field, setter)| field.name == member || *setter == member)
                    .map_or_else(|| def.pointer.clone(), |(field, _)| field.pointer.clone())
            }
            Origin::Operation(op) => {
                if owner == op.error_name {
                    let error = op.errors.iter().find(|e| e.variant == member);
                    return error.map_or_else(
                        || format!("{}/responses", op.pointer),
                        |error| error.pointer.clone(),
                    );
                }
                if owner != op.builder_name {
                    return format!("{}/responses", op.pointer);
                }
                if member == "body" {
                    return format!("{}/requestBody", op.pointer);
                }
                let param = op.params.iter().find(|p| p.name == member);
                param.map_or_else(|| op.pointer.clone(), |param| param.pointer.clone())
            }
            Origin::Client(api) => {
                let op = api.operations.iter().find(|op| op.fn_name == member);
                match (op, member) {
                    (Some(op), _) => op.pointer.clone(),
                    (None, "DEFAULT_BASE_URL" | "server_url") => "#/servers/0".to_string(),
                    _ => "#".to_string(),
                }
            }
        }
    }
}

/// Reads the public items of one piece's code.
struct Reader<'a> {
    names: &'a Names,
    origin: Origin<'a>,
    items: &'a mut Vec<Item>,
}

impl Reader<'_> {
    fn file(&mut self, file: &syn::File) {
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => self.structure(s),
                syn::Item::Enum(e) if is_pub(&e.vis) => self.enumeration(e),
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    let path = self.path(&t.ident.to_string());
                    let target = self.text(&t.ty.to_token_stream());
                    let signature = format!("pub type {path} = {target}");
                    self.push(
                        &path,
                        Kind::Alias,
                        signature,
                        &t.attrs,
                        self.origin.pointer(),
                    );
                }
                syn::Item::Impl(i) => self.implementation(i),
                _ => {}
            }
        }
    }

    /// A struct's or enum's own item and its derived traits; its path.
    fn type_item(&mut self, ident: &syn::Ident, kind: Kind, attrs: &[syn::Attribute]) -> String {
        let path = self.path(&ident.to_string());
        let signature = format!(
            "pub {} {path}",
            if kind == Kind::Struct {
                "struct"
            } else {
                "enum"
            }
        );
        self.push(&path, kind, signature, attrs, self.origin.pointer());
        self.derives(&path, attrs);
        path
    }

    fn structure(&mut self, s: &syn::ItemStruct) {
        let path = self.type_item(&s.ident, Kind::Struct, &s.attrs);
        for (index, field) in s.fields.iter().enumerate() {
            if !is_pub(&field.vis) {
                continue;
            }
            // A tuple struct's fields by position (`types::Point::0`).
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), ToString::to_string);
            let field_path = format!("{path}::{name}");
            let ty = self.text(&field.ty.to_token_stream());
            let pointer = self.origin.member_pointer(&s.ident.to_string(), &name);
            let signature = format!("pub {field_path}: {ty}");
            self.push(&field_path, Kind::Field, signature, &field.attrs, pointer);
        }
    }

    fn enumeration(&mut self, e: &syn::ItemEnum) {
        let path = self.type_item(&e.ident, Kind::Enum, &e.attrs);
        for variant in &e.variants {
            let name = variant.ident.to_string();
            let variant_path = format!("{path}::{name}");
            let fields = match &variant.fields {
                syn::Fields::Unit => String::new(),
                fields => self.text(&fields.to_token_stream()),
            };
            let pointer = self.origin.member_pointer(&e.ident.to_string(), &name);
            let signature = format!("{variant_path}{fields}");
            self.push(
                &variant_path,
                Kind::Variant,
                signature,
                &variant.attrs,
                pointer,
            );
        }
    }

    fn implementation(&mut self, i: &syn::ItemImpl) {
        // Behind a feature (the setters of the typed mocks' `mock` feature): test support,
        // not the API the semver rules guard.
        if i.attrs.iter().any(|attr| attr.path().is_ident("cfg")) {
            return;
        }
        let self_ty = self.text(&i.self_ty.to_token_stream());
        if let Some((_, trait_path, _)) = &i.trait_ {
            // The trait as its last segment with its arguments (`From<runtime::Client>`), but
            // for lifetimes: a written `impl<'de> Deserialize<'de>` is the API a derived one is
            // (`impl Deserialize`).
            let name = trait_path
                .segments
                .last()
                .map(|segment| match &segment.arguments {
                    syn::PathArguments::AngleBracketed(arguments)
                        if arguments.args.iter().all(|argument| {
                            matches!(argument, syn::GenericArgument::Lifetime(_))
                        }) =>
                    {
                        segment.ident.to_string()
                    }
                    _ => self.text(&segment.to_token_stream()),
                })
                .unwrap_or_default();
            let signature = format!("impl {name} for {self_ty}");
            self.push(
                &signature.clone(),
                Kind::Impl,
                signature,
                &[],
                self.origin.pointer(),
            );
            return;
        }
        let owner = i.self_ty.to_token_stream().to_string();
        for member in &i.items {
            match member {
                syn::ImplItem::Fn(function) if is_pub(&function.vis) => {
                    let name = function.sig.ident.to_string();
                    let path = format!("{self_ty}::{name}");
                    let signature = self.signature(&path, &function.sig);
                    let pointer = self.origin.member_pointer(&owner, &name);
                    self.push(&path, Kind::Method, signature, &function.attrs, pointer);
                }
                syn::ImplItem::Const(constant) if is_pub(&constant.vis) => {
                    let name = constant.ident.to_string();
                    let path = format!("{self_ty}::{name}");
                    let ty = self.text(&constant.ty.to_token_stream());
                    let value = self.text(&constant.expr.to_token_stream());
                    let signature = format!("pub const {path}: {ty} = {value}");
                    let pointer = self.origin.member_pointer(&owner, &name);
                    self.push(&path, Kind::Const, signature, &constant.attrs, pointer);
                }
                _ => {}
            }
        }
    }

    /// `pub [async] fn path(args) -> output`; `mut self` is `self` to callers.
    fn signature(&self, path: &str, sig: &syn::Signature) -> String {
        let inputs: Vec<String> = sig
            .inputs
            .iter()
            .map(|input| match input {
                syn::FnArg::Receiver(receiver) => match (&receiver.reference, &receiver.mutability)
                {
                    (Some(_), Some(_)) => "&mut self".to_string(),
                    (Some(_), None) => "&self".to_string(),
                    (None, _) => "self".to_string(),
                },
                syn::FnArg::Typed(typed) => {
                    let name = self.text(&typed.pat.to_token_stream());
                    let name = name.trim_start_matches("mut ");
                    format!("{name}: {}", self.text(&typed.ty.to_token_stream()))
                }
            })
            .collect();
        let asyncness = if sig.asyncness.is_some() {
            "async "
        } else {
            ""
        };
        let output = match &sig.output {
            syn::ReturnType::Default => String::new(),
            syn::ReturnType::Type(_, ty) => format!(" -> {}", self.text(&ty.to_token_stream())),
        };
        format!("pub {asyncness}fn {path}({}){output}", inputs.join(", "))
    }

    /// An `impl Trait for` item per derived trait.
    fn derives(&mut self, path: &str, attrs: &[syn::Attribute]) {
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
            let Ok(list) = attr.meta.require_list() else {
                continue;
            };
            for token in list.tokens.clone() {
                if let TokenTree::Ident(name) = token {
                    let signature = format!("impl {name} for {path}");
                    self.push(
                        &signature.clone(),
                        Kind::Impl,
                        signature,
                        &[],
                        self.origin.pointer(),
                    );
                }
            }
        }
    }

    fn push(
        &mut self,
        path: &str,
        kind: Kind,
        signature: String,
        attrs: &[syn::Attribute],
        pointer: String,
    ) {
        // The owner and member names of the path (`types::Thing::name` → `Thing`, `name`).
        let mut segments = path.rsplit("::");
        let last = segments.next().unwrap_or_default();
        let (owner, member) = match (kind, segments.next()) {
            (Kind::Field | Kind::Variant | Kind::Method | Kind::Const, Some(owner)) => {
                (owner, last)
            }
            _ => (last, ""),
        };
        let wire = if kind == Kind::Impl {
            String::new()
        } else {
            self.origin.wire(owner, member)
        };
        self.items.push(Item {
            path: path.to_string(),
            kind,
            signature,
            non_exhaustive: attrs.iter().any(|a| a.path().is_ident("non_exhaustive")),
            deprecated: attrs.iter().any(|a| a.path().is_ident("deprecated")),
            docs: docs(attrs),
            pointer,
            wire,
        });
    }

    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.names.prefix)
    }

    fn text(&self, tokens: &TokenStream) -> String {
        text(tokens, self.names)
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The doc comment of an item, its lines joined.
fn docs(attrs: &[syn::Attribute]) -> String {
    let lines = attrs.iter().filter_map(|attr| match &attr.meta {
        syn::Meta::NameValue(pair) if pair.path.is_ident("doc") => match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        },
        _ => None,
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// Tokens as compact Rust text (`Option<Vec<types::Pet>>`, `impl Into<String>`,
/// `&'static str`), names of the code's own module qualified, the runtime crate as `runtime`.
fn text(tokens: &TokenStream, names: &Names) -> String {
    let mut out = String::new();
    write_tokens(&mut out, tokens.clone(), names);
    if !names.runtime.is_empty() && names.runtime != "runtime" {
        let full = format!("{}::", names.runtime);
        out = out.replace(&full, "runtime::");
    }
    out
}

fn write_tokens(out: &mut String, tokens: TokenStream, names: &Names) {
    let mut after_path_separator = false;
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                if out.ends_with(',') || (ends_word(out) && group.delimiter() == Delimiter::Brace) {
                    out.push(' ');
                }
                out.push_str(open);
                write_tokens(out, group.stream(), names);
                out.push_str(close);
                after_path_separator = false;
            }
            TokenTree::Ident(ident) => {
                let single_colon = out.ends_with(':') && !out.ends_with("::");
                if ends_word(out)
                    || out.ends_with([',', '=', '+'])
                    || out.ends_with("->")
                    || single_colon
                {
                    out.push(' ');
                }
                let name = ident.to_string();
                if !after_path_separator && names.local.contains(&name) {
                    out.push_str(&names.prefix);
                }
                out.push_str(&name);
                after_path_separator = false;
            }
            TokenTree::Literal(literal) => {
                if ends_word(out) || out.ends_with(',') || out.ends_with('=') {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                after_path_separator = false;
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                let joint = punct.spacing() == Spacing::Joint;
                match c {
                    ':' if joint || out.ends_with(':') => {
                        out.push(':');
                        after_path_separator = out.ends_with("::");
                        continue;
                    }
                    '-' if joint => out.push_str(" -"),
                    '>' if out.ends_with(" -") => out.push('>'),
                    '=' | '+' => {
                        out.push(' ');
                        out.push(c);
                    }
                    '&' | '\'' if ends_word(out) || out.ends_with([',', '+']) => {
                        out.push(' ');
                        out.push(c);
                    }
                    _ => out.push(c),
                }
                after_path_separator = false;
            }
        }
    }
}

/// Whether the text ends in a word (an identifier, a literal, a closing bracket).
fn ends_word(out: &str) -> bool {
    out.chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"' || c == ')' || c == ']')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::from_yaml;

    fn surface(spec: &str) -> Surface {
        of(&from_yaml(spec), "kapso_codegen_runtime", Extras::default())
    }

    const SPEC: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /things:
    post:
      operationId: createThing
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses: {'204': {description: created}}
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: state, in: query, schema: {type: string, enum: [on, off]}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string, description: The name.}
        tags: {type: array, items: {type: string}}
        kind: {type: string, enum: [a, b], deprecated: true}
";

    #[test]
    fn lines_are_the_generated_signatures_sorted() {
        let text = surface(SPEC).to_string();
        for line in [
            "#[non_exhaustive] pub struct types::Thing",
            "pub types::Thing::name: String",
            "pub types::Thing::tags: Option<Vec<String>>",
            "#[deprecated] pub types::Thing::kind: Option<types::ThingKind>",
            "pub fn types::Thing::new(name: impl Into<String>) -> Self",
            "pub fn types::Thing::with_tags(self, value: Vec<String>) -> Self",
            "#[non_exhaustive] pub enum types::ThingKind",
            "types::ThingKind::Unknown(String)",
            "impl Display for types::ThingKind",
            // Written (`impl<'de> Deserialize<'de>`) and derived impls read alike.
            "impl Deserialize for types::ThingKind",
            "impl Deserialize for types::Thing",
            "pub fn Client::get_thing(&self, id: impl Into<String>) -> operations::GetThing",
            "pub fn operations::GetThing::state(self, value: types::GetThingState) -> Self",
            "pub async fn operations::GetThing::send(self) -> Result<runtime::Response<types::Thing, ()>, runtime::Error<operations::GetThingError>>",
            "operations::GetThingError::NotFound(types::Thing)",
            "pub const Client::DEFAULT_BASE_URL: &'static str = \"https://api.example.com/v1\"",
        ] {
            assert!(text.lines().any(|l| l == line), "{line}\nnot in\n{text}");
        }
        // A type's members and trait implementations right after it.
        let lines: Vec<&str> = text.lines().collect();
        let at = |line: &str| lines.iter().position(|l| *l == line).unwrap();
        let thing = at("#[non_exhaustive] pub struct types::Thing");
        assert!(at("pub types::Thing::name: String") > thing);
        assert!(
            at("impl Clone for types::Thing")
                > at("pub fn types::Thing::with_tags(self, value: Vec<String>) -> Self")
        );
        assert!(
            at("#[non_exhaustive] pub enum types::ThingKind") > at("impl Clone for types::Thing")
        );
    }

    #[test]
    fn types_only_received_have_no_setters_outside_the_mock_feature() {
        let received = SPEC.replace(
            "$ref: '#/components/schemas/Thing'}}}}\n      responses: {'204'",
            "type: object}}}}\n      responses: {'204'",
        );
        let text = surface(&received).to_string();
        assert!(
            text.contains("pub types::Thing::tags: Option<Vec<String>>"),
            "{text}"
        );
        assert!(!text.contains("with_tags"), "{text}");
        // With the typed mocks, the setters are there for tests, behind their feature.
        let api = from_yaml(&received);
        let extras = Extras {
            mocks: true,
            ..Extras::default()
        };
        let with_mocks = of(&api, "kapso_codegen_runtime", extras).to_string();
        assert_eq!(with_mocks, text, "the surface is the API without features");
        let options = crate::Options {
            mocks: true,
            ..crate::Options::default()
        };
        let code = crate::generate_from_str("spec.yaml", &received, &options)
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
            .code;
        let gated = code
            .split("#[cfg(feature = \"mock\")]\n    impl Thing {")
            .nth(1)
            .expect("Thing's setters behind the mock feature");
        assert!(gated.trim_start().contains("pub fn with_tags("), "{code}");
    }

    #[test]
    fn items_know_their_spec_nodes_and_docs() {
        let surface = surface(SPEC);
        let name = surface.get("types::Thing::name").expect("the field");
        assert_eq!(name.pointer, "#/components/schemas/Thing/properties/name");
        assert_eq!(name.docs.trim(), "The name.");
        assert_eq!(name.kind, Kind::Field);
        let setter = surface.get("types::Thing::with_tags").expect("the setter");
        assert_eq!(setter.pointer, "#/components/schemas/Thing/properties/tags");
        let state = surface
            .get("operations::GetThing::state")
            .expect("the setter");
        assert!(
            state
                .pointer
                .starts_with("#/paths/~1things~1{id}/get/parameters/1"),
            "{}",
            state.pointer
        );
        let method = surface.get("Client::get_thing").expect("the method");
        assert_eq!(method.pointer, "#/paths/~1things~1{id}/get");
        let gone = surface
            .get("operations::GetThingError::NotFound")
            .expect("the variant");
        assert_eq!(gone.pointer, "#/paths/~1things~1{id}/get/responses/404");
    }
}
