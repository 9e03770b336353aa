//! IR: what the generated code needs to say, with every Rust name already assigned and every
//! node remembering the JSON pointer it came from. Built from `openapiv3`'s model by
//! [`build`]; read by `emit`, which invents no names of its own.

mod build;
mod compose;
mod customize;
mod cycles;
mod dedupe;
mod direction;
mod examples;
mod fields;
mod messages;
mod operations;
mod pagination;
mod reachable;
mod responses;
mod schema;
mod types;
mod webhooks;

pub use build::build;
pub use customize::{RUST_NAME, RUST_TYPE, extension_rules};
pub use responses::status_name;

/// The IR of an inline spec (YAML), for unit tests of the IR and of emit; panics on errors.
#[cfg(test)]
pub(crate) fn from_yaml(spec: &str) -> Api {
    let mut diagnostics = crate::Diagnostics::new("spec.yaml");
    let mut document = crate::load::parse_text(spec, &mut diagnostics).expect("YAML");
    assert!(crate::normalize::normalize(&mut document, &mut diagnostics));
    let parsed = crate::parse::document(&document, &mut diagnostics).expect("a document");
    let api = build(&parsed, "spec.yaml", Settings::default(), &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    api
}

/// What the IR stage is told besides the spec.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Detect how operations page (their `x-kapso-pagination` applies either way).
    pub detect_pagination: bool,
    /// Build only the operations with one of these tags; `None`: all.
    pub tags: Option<Vec<String>>,
    /// The user's replacements, renames, derives and attributes.
    pub customization: crate::customize::Customization,
    /// The spec's `x-rust-name` / `x-rust-type` ([`extension_rules`]).
    pub extensions: Vec<(String, &'static str, String)>,
    /// `$ref`s that cannot be followed are errors, not warnings.
    pub strict: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            detect_pagination: true,
            tags: None,
            customization: crate::customize::Customization::default(),
            extensions: Vec::new(),
            strict: false,
        }
    }
}

/// The tags of an operation, [`crate::UNTAGGED`] where it has none.
pub(crate) fn tags_of(operation: &openapiv3::Operation) -> Vec<&str> {
    if operation.tags.is_empty() {
        vec![crate::UNTAGGED]
    } else {
        operation.tags.iter().map(String::as_str).collect()
    }
}

/// Every tag of the spec's operations (those of other methods, `other_methods`, too), by
/// name.
pub fn operation_tags(
    api: &openapiv3::OpenAPI,
    other_methods: &std::collections::BTreeMap<String, Vec<(String, openapiv3::Operation)>>,
) -> Vec<crate::TagCount> {
    let mut counts = std::collections::BTreeMap::<String, crate::TagCount>::new();
    for (path, item) in &api.paths.paths {
        let Some(item) = item.as_item() else {
            continue;
        };
        let path_at = crate::pointer::join("#/paths", path);
        let others = other_methods.get(path).into_iter().flatten();
        let operations = item
            .iter()
            .map(|(method, operation)| (crate::pointer::join(&path_at, method), operation))
            .chain(others.map(|(method, operation)| {
                (
                    crate::openapi32::operation_pointer(&path_at, method),
                    operation,
                )
            }));
        for (at, operation) in operations {
            for (index, tag) in tags_of(operation).into_iter().enumerate() {
                let count = counts.entry(tag.to_string()).or_insert_with(|| {
                    // Where the tag is declared, else where an operation first names it.
                    let declared = api.tags.iter().position(|t| t.name == tag);
                    let pointer = match declared {
                        Some(i) => format!("#/tags/{i}"),
                        None if operation.tags.is_empty() => at.clone(),
                        None => crate::pointer::join(
                            &crate::pointer::join(&at, "tags"),
                            &index.to_string(),
                        ),
                    };
                    crate::TagCount {
                        tag: tag.to_string(),
                        operations: 0,
                        pointer,
                    }
                });
                count.operations += 1;
            }
        }
    }
    counts.into_values().collect()
}

/// A whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// File name of the spec, for the generated header.
    pub source_name: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Example values the spec gives, with the type they should decode into.
    pub examples: Vec<Example>,
    /// The payload types of the spec's webhooks.
    pub webhook_payloads: Vec<TypeRef>,
    /// The crate of date-times and dates.
    pub date_time: crate::customize::DateTimeCrate,
    /// `used_types[i]`: whether `types[i]` is reachable from an operation or a webhook (what
    /// `only_used_types` keeps).
    pub used_types: Vec<bool>,
    /// `sent_types[i]`: whether callers build values of `types[i]` for requests (part of a
    /// request body or a parameter); those structs get `with_…` setters.
    pub sent_types: Vec<bool>,
}

/// An `example`/`examples` value of the spec and the type it belongs to.
#[derive(Debug, Clone)]
pub struct Example {
    pub pointer: String,
    pub ty: TypeRef,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// URL with server variables replaced by their defaults.
    pub url: String,
    /// The URL as the spec writes it, variables in braces.
    pub spec_url: String,
    /// The URL as a `format!` string over the variables' Rust names (`https://{region}.x.io`).
    pub template: String,
    pub variables: Vec<ServerVariable>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// Rust name (a function argument).
    pub name: String,
    pub wire_name: String,
    pub default: String,
    /// The values allowed, when the spec lists them.
    pub values: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub pointer: String,
    /// The key under `components/securitySchemes`, as operations name it.
    pub key: String,
    pub kind: SecuritySchemeKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    ApiKey {
        location: ApiKeyLocation,
        name: String,
    },
    /// HTTP bearer, and OAuth 2 / OpenID Connect access tokens sent the same way.
    Bearer,
    Basic,
    /// OpenAPI 3.1's `mutualTLS`: a TLS client certificate, nothing in the request.
    MutualTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeId(pub usize);

/// A named type in the `types` module.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub pointer: String,
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// References to this type are `Option`s (a nullable component schema).
    pub nullable: bool,
    pub kind: TypeKind,
    /// Derives the user added (`Hash`, `schemars::JsonSchema`), each one the type can have.
    pub derives: Vec<String>,
    /// Attributes the user added (`#[serde(deny_unknown_fields)]`).
    pub attributes: Vec<String>,
}

impl TypeDef {
    /// Whether the type is generated (not the user's own, which replaced a schema).
    pub fn is_generated(&self) -> bool {
        !matches!(self.kind, TypeKind::Extern { .. })
    }
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Vec<Field>),
    Enum(StringEnum),
    Union(Union),
    Alias(TypeRef),
    /// `prefixItems`: a tuple struct.
    Tuple(Tuple),
    /// A type of the user's, in place of a schema (`replace`, `x-rust-type`) or a format;
    /// not generated. `scalar`: it stands for a string or number (sent as text in
    /// parameters through `Display`).
    Extern {
        path: String,
        scalar: bool,
    },
}

impl TypeKind {
    /// The types this one holds: its fields', its variants', what it aliases.
    pub fn members(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Tuple(tuple) => tuple.items.iter().chain(&tuple.rest).collect(),
            TypeKind::Enum(_) | TypeKind::Extern { .. } => Vec::new(),
        }
    }
}

/// An array of `prefixItems` (JSON Schema 2020-12): its items in order, then, unless
/// `items: false` (or `maxItems`) closes it, any number of `rest`.
#[derive(Debug, Clone)]
pub struct Tuple {
    pub items: Vec<TypeRef>,
    pub rest: Option<TypeRef>,
}

/// `oneOf`/`anyOf`: one variant per member.
#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant; `None`: untagged (tried in order).
    pub tag: Option<String>,
    /// For tagged unions, the variant that keeps a value with an unknown tag.
    pub fallback: Option<String>,
    /// For tagged unions, the variant (its index) that values with a tag the others do not
    /// claim decode as (3.2's `defaultMapping`); there is no `fallback` then.
    pub default: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The tag's value for this variant (tagged unions only).
    pub tag_value: Option<String>,
}

/// A string enum; values the spec does not list land in the `fallback` variant.
#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<Variant>,
    pub fallback: String,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub pointer: String,
    pub wire_name: String,
    pub name: String,
    /// The complete field type: `Option<…>` when the field may be absent or null.
    pub ty: TypeRef,
    pub required: bool,
    /// The schema allows null (besides the field being absent, when it is not required).
    pub nullable: bool,
    /// `readOnly`: the server sets it; requests leave it out.
    pub read_only: bool,
    /// `writeOnly`: requests send it; responses leave it out.
    pub write_only: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Attributes the user added to the field.
    pub attributes: Vec<String>,
}

/// A type as it appears in a field, parameter or response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    F32,
    F64,
    String,
    DateTime,
    Date,
    Uuid,
    /// Any JSON value.
    Json,
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// A field of a request body that may be left out, set, or set to null (an optional,
    /// nullable property): three states, where `Option` has two.
    Nullable(Box<TypeRef>),
    /// Raw bytes (a binary request body).
    Bytes,
    /// A request body's items, sent as the caller's stream yields them
    /// (`runtime::BodyStream`).
    BodyStream(Box<TypeRef>),
    /// Bytes carried as base64 text (`contentEncoding: base64`, or `base64url` when
    /// `url_safe`): `runtime::Base64` / `runtime::Base64Url`.
    Base64 {
        url_safe: bool,
    },
    /// A `format: binary` property: a file part of a multipart body.
    File,
    /// A heap indirection that breaks a cycle of types containing each other.
    Box(Box<TypeRef>),
    Named(TypeId),
}

impl TypeRef {
    pub fn is_option(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }

    /// Whether the type is written with the runtime crate (`runtime::File`,
    /// `runtime::Nullable`).
    pub fn needs_runtime(&self) -> bool {
        match self {
            // The crates of these are reached through the runtime too.
            TypeRef::File
            | TypeRef::Nullable(_)
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid
            | TypeRef::Base64 { .. }
            | TypeRef::BodyStream(_)
            | TypeRef::Json => true,
            other => other.wrapped().is_some_and(TypeRef::needs_runtime),
        }
    }

    /// The type a wrapper holds (`Vec`, map, `Option`, `Nullable`, `Box`); `None` for the
    /// others.
    pub fn wrapped(&self) -> Option<&TypeRef> {
        match self {
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::BodyStream(inner)
            | TypeRef::Box(inner) => Some(inner),
            _ => None,
        }
    }

    /// The named type inside all wrappers (`Option<Vec<Pet>>` → `Pet`), if any.
    pub fn named(&self) -> Option<TypeId> {
        let mut ty = self;
        while let Some(inner) = ty.wrapped() {
            ty = inner;
        }
        match ty {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        }
    }

    /// `Option<self>` unless it already is one.
    pub fn optional(self) -> TypeRef {
        if self.is_option() {
            self
        } else {
            TypeRef::Option(Box::new(self))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub pointer: String,
    /// `operationId`, or `{method} {path}` where the spec gives none.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    /// Method on the client.
    pub fn_name: String,
    /// Request builder type in the `operations` module.
    pub builder_name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub success: Success,
    pub errors: Vec<ErrorResponse>,
    /// Name of the error enum in the `operations` module (every operation has one, empty
    /// where it declares no errors).
    pub error_name: String,
    /// Alternatives of scheme keys (any one alternative, all of its schemes); empty: no auth.
    pub security: Vec<Vec<String>>,
    /// How to walk the pages, for operations that page their lists (`stream()`).
    pub pagination: Option<Pagination>,
    /// The `Accept` header: the media types the operation reads, JSON first.
    pub accept: String,
}

impl Operation {
    /// Whether the builder gets `download()`: one binary success body (`send()` reads it
    /// whole, `download()` chunk by chunk).
    pub fn downloads(&self) -> bool {
        self.success.enum_name.is_none() && self.success.body == ResponseBody::Bytes
    }

    /// Whether the builder has another way to send than `send()`: `download()` or `events()`.
    pub fn sends_several_ways(&self) -> bool {
        self.downloads() || self.success.events.is_some()
    }

    /// Whether the pages are walked by URL (`Link` header or a body field): the builder keeps
    /// the next page's URL.
    pub fn follows_links(&self) -> bool {
        matches!(
            self.pagination,
            Some(Pagination {
                kind: PageKind::Link | PageKind::NextUrl(_),
                ..
            })
        )
    }
}

/// How an operation's pages are walked: the list of items in each response, and how to get
/// the next page. Read off the types as they are finally emitted (after boxing and fitting
/// to direction), so every field path carries the field types emit must handle.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Field of the body struct holding the page's items; `None`: the body is the list.
    pub items_field: Option<FieldStep>,
    pub item_ty: TypeRef,
    pub kind: PageKind,
    /// Who said so.
    pub source: PageSource,
}

/// Where an operation's pagination comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSource {
    /// Detected, by the rule named.
    Detected(&'static str),
    /// Declared by the operation's `x-kapso-pagination`.
    Declared,
}

impl Pagination {
    /// How the pages are walked and why, in a sentence (`--explain-pagination`).
    pub fn explain(&self) -> String {
        let how = match &self.kind {
            PageKind::Number {
                page_param,
                total_pages,
            } => {
                let counts: Vec<String> = total_pages
                    .iter()
                    .map(|from| match from {
                        PageCountFrom::Header(field) => format!("header `{field}`"),
                        PageCountFrom::Body(path) => format!("`{}`", path.dotted()),
                    })
                    .collect();
                match counts.is_empty() {
                    true => format!("page numbers in `{page_param}` until an empty page"),
                    false => format!(
                        "page numbers in `{page_param}` up to the count in {}",
                        counts.join(", else ")
                    ),
                }
            }
            PageKind::Cursor {
                param,
                cursor,
                has_more,
            } => {
                let from = match cursor {
                    CursorFrom::Field(path) => format!("`{}`", path.dotted()),
                    CursorFrom::LastItem(field) => format!("the last item's `{field}`"),
                };
                let more = has_more
                    .as_ref()
                    .map(|path| format!(" while `{}`", path.dotted()))
                    .unwrap_or_default();
                format!("a cursor in `{param}` from {from}{more}")
            }
            PageKind::Link => "the `Link: rel=\"next\"` header".to_string(),
            PageKind::NextUrl(path) => format!("the next-page URL in `{}`", path.dotted()),
            PageKind::Offset {
                offset_param,
                total,
            } => match total {
                Some(path) => format!(
                    "an offset in `{offset_param}` up to `{}` items",
                    path.dotted()
                ),
                None => format!("an offset in `{offset_param}` until an empty page"),
            },
        };
        let items = match &self.items_field {
            Some(field) => format!("items in `{}`", field.name),
            None => "the body is the list".to_string(),
        };
        let why = match self.source {
            PageSource::Detected(rule) => format!("detected: {rule}"),
            PageSource::Declared => "declared by `x-kapso-pagination`".to_string(),
        };
        format!("{how}; {items} ({why})")
    }
}

/// One field on a path from a response body to a value.
#[derive(Debug, Clone)]
pub struct FieldStep {
    /// The Rust field name.
    pub name: String,
    /// The field's complete type (`Option<…>`, `Box<…>`, `Nullable<…>` as emitted).
    pub ty: TypeRef,
}

/// A path of fields from a response body to a value (`meta.total_pages`).
#[derive(Debug, Clone)]
pub struct FieldPath(pub Vec<FieldStep>);

impl FieldPath {
    /// `meta.total_pages`, for documentation.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|step| step.name.as_str()).collect();
        names.join(".")
    }
}

#[derive(Debug, Clone)]
pub enum PageKind {
    /// A `page` number parameter, with where the number of pages is said, in order of trust
    /// (empty: stop at an empty page).
    Number {
        page_param: String,
        total_pages: Vec<PageCountFrom>,
    },
    /// A cursor parameter (`after`, `starting_after`, `page_token`…), set from the previous
    /// response; `has_more` says whether there is a next page.
    Cursor {
        param: String,
        cursor: CursorFrom,
        has_more: Option<FieldPath>,
    },
    /// The `Link` response header's `rel="next"` URL (GitHub).
    Link,
    /// A next-page URL in the body (Twilio's `next_page_uri`, `links.next`).
    NextUrl(FieldPath),
    /// An `offset` parameter advanced by each page's item count, up to `total` or an empty
    /// page.
    Offset {
        offset_param: String,
        total: Option<FieldPath>,
    },
}

#[derive(Debug, Clone)]
pub enum CursorFrom {
    /// A body field (`page.end_cursor`).
    Field(FieldPath),
    /// This field of the last item (Stripe's `starting_after` takes the last `id`).
    LastItem(String),
}

/// Where a response says how many pages there are.
#[derive(Debug, Clone)]
pub enum PageCountFrom {
    /// A typed response header (field of the headers struct).
    Header(String),
    /// A body field (`meta.total_pages`).
    Body(FieldPath),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// The place as OpenAPI's `in` names it: `path`, `query`, `header`, `cookie`.
    pub fn name(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub pointer: String,
    pub wire_name: String,
    /// Setter and field name on the builder.
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    /// The value type (never wrapped in `Option` for absence).
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub constraints: Constraints,
    /// How a query parameter's array or object value is written (OpenAPI `style`).
    pub style: QueryStyle,
    /// OpenAPI `explode`: one pair per value (or per property) rather than one joined value.
    pub explode: bool,
}

/// OpenAPI query parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// `name[property]=value`.
    DeepObject,
}

impl QueryStyle {
    /// The style `openapiv3` read (for parameters, and the `encoding` of form properties).
    pub fn of(style: &openapiv3::QueryStyle) -> QueryStyle {
        match style {
            openapiv3::QueryStyle::Form => QueryStyle::Form,
            openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
            openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
            openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
        }
    }

    /// What separates the values of an array sent as one value: `a,b`, `a b`, `a|b`.
    pub fn separator(self) -> &'static str {
        match self {
            QueryStyle::SpaceDelimited => " ",
            QueryStyle::PipeDelimited => "|",
            QueryStyle::Form | QueryStyle::DeepObject => ",",
        }
    }
}

/// Facts about allowed values, for documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<String>,
    pub exclusive_minimum: bool,
    pub maximum: Option<String>,
    pub exclusive_maximum: bool,
    /// The server-side default, as JSON text.
    pub default: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub pointer: String,
    pub media_type: String,
    pub encoding: Encoding,
    /// The body's type (`String` for text, `Bytes` for binary).
    pub ty: TypeRef,
    /// Form bodies: the properties whose `encoding` sends arrays otherwise than as repeated
    /// keys (OpenAPI's default), in spec order.
    pub form_arrays: Vec<(String, FormArray)>,
    /// Multipart bodies: the media types the `encoding` gives some parts, by property name.
    pub part_content_types: Vec<(String, String)>,
    /// The other media types the operation takes its body in (the client sends `media_type`).
    pub other_media_types: Vec<String>,
    pub required: bool,
    pub doc: Option<String>,
}

/// What a successful call returns.
#[derive(Debug, Clone)]
pub struct Success {
    /// The success statuses; empty where the spec declares none (any 2xx).
    pub statuses: Vec<u16>,
    /// The body, where every success status has the same one.
    pub body: ResponseBody,
    /// Where success bodies differ (by status, or by media type within a status): one enum
    /// variant each, and `body` is unused.
    pub variants: Vec<SuccessVariant>,
    /// Name of the enum of `variants`.
    pub enum_name: Option<String>,
    /// The data type of the events, where a success response offers `text/event-stream`
    /// (or a sequence of JSON values: `framing`).
    pub events: Option<TypeRef>,
    /// Where the events are a sequence of JSON values (JSON Lines, NDJSON, JSON Text
    /// Sequences) rather than server-sent events: how they are framed.
    pub framing: Option<Framing>,
    /// The headers of every success response (required where all of them require it).
    pub headers: Vec<ResponseHeader>,
    /// Name of the typed headers struct, when headers are declared.
    pub headers_name: Option<String>,
    /// Where another operation's headers struct is the same: its name (this one's is an
    /// alias).
    pub headers_alias: Option<String>,
    pub description: Option<String>,
}

/// How a streamed body of JSON values is framed: its media type and the byte that ends each
/// value (`\n`, or JSON Text Sequences' record separator, which starts each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framing {
    pub media_type: String,
    pub separator: u8,
}

/// One of several success bodies.
#[derive(Debug, Clone)]
pub struct SuccessVariant {
    pub name: String,
    pub status: u16,
    /// The media types that select this variant when its status has several; empty: any.
    pub media_types: Vec<String>,
    pub body: ResponseBody,
    pub description: Option<String>,
}

/// How a form body sends an array property, where its `encoding` says other than repeated
/// keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormArray {
    /// `name[0]=a&name[1]=b` (`style: deepObject`).
    Indexed,
    /// One value joined with the separator (`explode: false`, `spaceDelimited`,
    /// `pipeDelimited`).
    Joined(&'static str),
}

/// How a body is put on the wire, by its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json` and `+json` types.
    Json,
    /// `application/x-www-form-urlencoded` (flat objects).
    Form,
    /// `multipart/form-data`: a part per property.
    Multipart,
    /// `text/*`.
    Text,
    /// A sequence of JSON values sent as they come: JSON Lines, NDJSON, JSON Text Sequences.
    Stream,
    /// Anything else but multipart: raw bytes.
    Bytes,
}

/// A media type without its parameters, lowercased: `Text/Plain; charset=utf-8` → `text/plain`.
pub fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Encoding {
    /// The encoding for a media type; `None` for what is not supported (multipart other
    /// than `form-data`).
    pub fn of(media_type: &str) -> Option<Encoding> {
        let essence = media_essence(media_type);
        if essence == "application/json" || essence.ends_with("+json") {
            Some(Encoding::Json)
        } else if responses::ITEM_STREAMS
            .iter()
            .any(|(name, _)| *name == essence)
        {
            Some(Encoding::Stream)
        } else if essence == "application/x-www-form-urlencoded" {
            Some(Encoding::Form)
        } else if essence.starts_with("text/") {
            Some(Encoding::Text)
        } else if essence == "multipart/form-data" {
            Some(Encoding::Multipart)
        } else if essence.starts_with("multipart/") {
            None
        } else {
            Some(Encoding::Bytes)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Json(TypeRef),
    /// A `text/*` body, as a `String`.
    Text,
    /// A binary body (images, archives, octet streams), as bytes.
    Bytes,
    /// No body, or one the client does not decode.
    Empty,
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    pub wire_name: String,
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

/// Which statuses an error response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    pub pointer: String,
    pub status: StatusMatch,
    pub variant: String,
    pub body: Option<TypeRef>,
    pub description: Option<String>,
    /// Where the body holds the server's human-readable message (`message`, `detail`,
    /// `error.message`…); an empty path where the body is text itself; `None` where its
    /// schema has no such field (the body is shown as JSON).
    pub message: Option<FieldPath>,
}
