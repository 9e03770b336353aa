//! Operations: each path + method becomes a request builder with typed parameters, body,
//! security; its responses (`responses.rs`) and pagination (`pagination.rs`) are read next.

use super::build::Builder;
use super::schema::{Place, SchemaRef};
use super::{
    Encoding, FormArray, Operation, Param, ParamLocation, QueryStyle, RequestBody, ResponseBody,
    SecurityScheme, Success, TypeRef,
};
use crate::naming::{self, Scope};
use crate::pointer;
use indexmap::IndexMap;
use openapiv3::{Components, Parameter, ParameterSchemaOrContent, ReferenceOr};

/// How many `$ref` hops a parameter, body or response may take before we call it a loop.
const MAX_REF_HOPS: usize = 32;

/// Names the types an operation declares beside its builder, once its responses are read:
/// its success headers, its success enum (several success bodies) and its error enum.
fn name_declared_types(type_names: &mut Scope, op: &mut Operation) {
    let mut claim = |suffix| Some(type_names.claim(&naming::suffixed(&op.builder_name, suffix)));
    if !op.success.headers.is_empty() {
        op.success.headers_name = claim("Headers");
    }
    if !op.success.variants.is_empty() {
        op.success.enum_name = claim("Response");
    }
    // Always: a first declared error is then a new variant, not a new type.
    op.error_name = type_names.claim(&naming::suffixed(&op.builder_name, "Error"));
}

impl<'a> Builder<'a> {
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let mut fn_names = Scope::reserving(naming::CLIENT_MEMBERS);
        let mut type_names = Scope::for_types();
        let mut operations = Vec::new();
        let api = self.api;
        for (path, item) in &api.paths.paths {
            let path_at = pointer::join("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                self.diagnostics.warning(
                    path_at,
                    "a `$ref` to a path item is not supported yet; the path is skipped",
                );
                continue;
            };
            let others = self.other_methods.get(path).into_iter().flatten();
            let path_operations = item
                .iter()
                .map(|(method, operation)| (method, pointer::join(&path_at, method), operation))
                .chain(others.map(|(method, operation)| {
                    let at = crate::openapi32::operation_pointer(&path_at, method);
                    (method.as_str(), at, operation)
                }));
            for (method, at, operation) in path_operations {
                if !self.selected(operation) {
                    continue;
                }
                let id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {path}"));
                let name = self.operation_name(&id, &at, &fn_names);
                let builder_name = type_names.claim(&naming::upper_camel(&name, "Operation"));
                let mut op = Operation {
                    fn_name: fn_names.claim(&naming::snake(&name, "operation")),
                    params: {
                        let params = self.params(
                            &item.parameters,
                            &operation.parameters,
                            &path_at,
                            &at,
                            &builder_name,
                        );
                        self.fit_to_template(path, &at, params)
                    },
                    body: self.request_body(operation.request_body.as_ref(), &at, &builder_name),
                    success: Success {
                        statuses: Vec::new(),
                        body: ResponseBody::Empty,
                        variants: Vec::new(),
                        enum_name: None,
                        events: None,
                        framing: None,
                        headers: Vec::new(),
                        headers_name: None,
                        headers_alias: None,
                        description: None,
                    },
                    errors: Vec::new(),
                    error_name: String::new(),
                    security: self.security(operation.security.as_ref(), schemes, &at),
                    pagination: None,
                    accept: String::new(),
                    pointer: at.clone(),
                    id,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    summary: operation.summary.clone(),
                    description: operation.description.clone(),
                    deprecated: operation.deprecated,
                    builder_name,
                };
                self.responses(&operation.responses, &mut op);
                name_declared_types(&mut type_names, &mut op);
                operations.push(op);
            }
        }
        operations
    }

    /// Follows `$ref`s into a `components` section; the pointer returned is where the item
    /// really is, so later problems are reported there.
    pub(super) fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        at: &str,
        section: &str,
        entries: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'a T, String)> {
        let mut item = item;
        let mut at = at.to_string();
        for _ in 0..MAX_REF_HOPS {
            let reference = match item {
                ReferenceOr::Item(value) => return Some((value, at)),
                ReferenceOr::Reference { reference } => reference,
            };
            let target = pointer::component_key(reference, section).and_then(|key| {
                let found = entries(self.api.components.as_ref()?).get(&key)?;
                Some((found, key))
            });
            match target {
                Some((found, key)) => {
                    item = found;
                    at = pointer::join(&format!("#/components/{section}"), &key);
                }
                None => {
                    let found = match pointer::tokens(reference).as_deref() {
                        Some([components, other, _])
                            if components == "components" && other != section =>
                        {
                            format!(" (it points into `components/{other}`)")
                        }
                        _ => {
                            let keys = self.api.components.as_ref().map(entries);
                            let wrong = pointer::last_token(reference).unwrap_or_default();
                            let known = keys.into_iter().flat_map(|k| k.keys().map(String::as_str));
                            crate::spelling::did_you_mean(&wrong, known)
                        }
                    };
                    let message = format!(
                        "`$ref: {reference}` does not point at an entry of `components/{section}`{found}"
                    );
                    self.unresolved(&at, message, "left out");
                    return None;
                }
            }
        }
        self.diagnostics
            .error(at, "`$ref` chain does not end (a loop?)");
        None
    }

    /// The operation's parameters, path-level ones first (an operation-level one of the same
    /// name and place replaces it), with names unique among the builder's members.
    fn params(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        operation_level: &'a [ReferenceOr<Parameter>],
        path_at: &str,
        at: &str,
        builder_name: &str,
    ) -> Vec<Param> {
        let mut resolved: Vec<(&'a Parameter, String)> = Vec::new();
        let levels = [
            (path_level, pointer::join(path_at, "parameters")),
            (operation_level, pointer::join(at, "parameters")),
        ];
        for (list, list_at) in &levels {
            for (index, param) in list.iter().enumerate() {
                let param_at = pointer::join(list_at, &index.to_string());
                let Some((param, param_at)) =
                    self.resolve(param, &param_at, "parameters", |c| &c.parameters)
                else {
                    continue;
                };
                let (name, place) = (&param.parameter_data_ref().name, location(param));
                resolved.retain(|(existing, _)| {
                    !(existing.parameter_data_ref().name == *name && location(existing) == place)
                });
                resolved.push((param, param_at));
            }
        }
        let mut names = Scope::reserving(naming::BUILDER_MEMBERS);
        resolved
            .into_iter()
            .map(|(param, param_at)| self.param(param, param_at, builder_name, &mut names))
            .collect()
    }

    fn param(
        &mut self,
        param: &'a Parameter,
        param_at: String,
        builder_name: &str,
        names: &mut Scope,
    ) -> Param {
        let data = param.parameter_data_ref();
        let location = location(param);
        let style = match param {
            Parameter::Query { style, .. } => QueryStyle::of(style),
            _ => QueryStyle::Form,
        };
        let (ty, schema) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema = SchemaRef::of(schema);
                let place = Place::new(builder_name, &data.name).unshared();
                let schema_at = pointer::join(&param_at, "schema");
                (self.schema_type(schema, &schema_at, &place), Some(schema))
            }
            ParameterSchemaOrContent::Content(_) => {
                self.diagnostics.warning(
                    pointer::join(&param_at, "content"),
                    "a parameter with `content` is sent as a plain string",
                );
                (TypeRef::String, None)
            }
        };
        // Absence is the builder's `Option`; a nullable parameter is the same as an absent
        // one. A `format: binary` parameter is text like any other.
        let ty = match ty {
            TypeRef::Option(inner) if *inner == TypeRef::File => TypeRef::String,
            TypeRef::Option(inner) => *inner,
            TypeRef::File => TypeRef::String,
            ty => ty,
        };
        Param {
            wire_name: data.name.clone(),
            name: names.claim(&naming::snake(&data.name, "param")),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            doc: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            constraints: schema.map(SchemaRef::constraints).unwrap_or_default(),
            // The OpenAPI default: `explode` only for the `form` style.
            explode: data.explode.unwrap_or(style == QueryStyle::Form),
            style,
            pointer: param_at,
        }
    }

    /// The type of a request body of `encoding`, typed by its media type object's schema.
    fn request_body_type(
        &mut self,
        encoding: Encoding,
        media: &'a openapiv3::MediaType,
        media_at: &str,
        builder_name: &str,
    ) -> TypeRef {
        let schema_at = pointer::join(media_at, "schema");
        match (encoding, &media.schema) {
            (Encoding::Text, _) => TypeRef::String,
            (Encoding::Bytes, _) => TypeRef::Bytes,
            // The schema is the items' (3.2's `itemSchema` is read as `schema`).
            (Encoding::Stream, Some(schema)) => {
                let place = Place::new(builder_name, "Item");
                let item = self.schema_type(SchemaRef::of(schema), &schema_at, &place);
                TypeRef::BodyStream(Box::new(item))
            }
            (Encoding::Stream, None) => TypeRef::BodyStream(Box::new(TypeRef::Json)),
            (_, Some(schema)) => {
                let place = Place::new(builder_name, "Body");
                self.schema_type(SchemaRef::of(schema), &schema_at, &place)
            }
            (_, None) => TypeRef::Json,
        }
    }

    fn request_body(
        &mut self,
        body: Option<&'a ReferenceOr<openapiv3::RequestBody>>,
        at: &str,
        builder_name: &str,
    ) -> Option<RequestBody> {
        let body_at = pointer::join(at, "requestBody");
        let (body, body_at) =
            self.resolve(body?, &body_at, "requestBodies", |c| &c.request_bodies)?;
        let content_at = pointer::join(&body_at, "content");
        // The first media type by preference: JSON, then streamed JSON values, forms,
        // multipart, text, binary.
        let chosen = [
            Encoding::Json,
            Encoding::Stream,
            Encoding::Form,
            Encoding::Multipart,
            Encoding::Text,
            Encoding::Bytes,
        ]
        .into_iter()
        .find_map(|wanted| {
            body.content
                .iter()
                .find(|(media_type, _)| Encoding::of(media_type) == Some(wanted))
                .map(|(media_type, media)| (media_type, media, wanted))
        });
        let Some((media_type, media, encoding)) = chosen else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.diagnostics.warning(
                content_at,
                format!("request bodies of type {types:?} are not supported yet; the operation has no body setter"),
            );
            return None;
        };
        let media_at = pointer::join(&content_at, media_type);
        let ty = self.request_body_type(encoding, media, &media_at, builder_name);
        if encoding == Encoding::Json {
            self.media_examples(media, &media_at, &ty);
        }
        let form_arrays = if encoding == Encoding::Form {
            form_arrays(media)
        } else {
            Vec::new()
        };
        let part_content_types = if encoding == Encoding::Multipart {
            part_content_types(media)
        } else {
            Vec::new()
        };
        let other_media_types = body
            .content
            .keys()
            .filter(|other| *other != media_type)
            .cloned()
            .collect();
        Some(RequestBody {
            other_media_types,
            pointer: media_at,
            media_type: media_type.clone(),
            encoding,
            ty,
            form_arrays,
            part_content_types,
            required: body.required,
            doc: body.description.clone(),
        })
    }

    fn security(
        &mut self,
        requirements: Option<&'a Vec<openapiv3::SecurityRequirement>>,
        schemes: &[SecurityScheme],
        at: &str,
    ) -> Vec<Vec<String>> {
        let (requirements, requirements_at) = match requirements {
            Some(requirements) => (requirements, pointer::join(at, "security")),
            None => match &self.api.security {
                Some(requirements) => (requirements, "#/security".to_string()),
                None => return Vec::new(),
            },
        };
        let declared = self.api.components.as_ref().map(|c| &c.security_schemes);
        let mut alternatives = Vec::new();
        for requirement in requirements {
            let mut alternative = Vec::new();
            let mut satisfiable = true;
            for key in requirement.keys() {
                if schemes.iter().any(|scheme| &scheme.key == key) {
                    alternative.push(key.clone());
                } else if !declared.is_some_and(|declared| declared.contains_key(key)) {
                    satisfiable = false;
                    self.undeclared_scheme(key, &requirements_at);
                }
            }
            if satisfiable {
                alternatives.push(alternative);
            }
        }
        alternatives
    }
}

impl Builder<'_> {
    /// Whether the operation carries one of the selected tags (all are, without a selection).
    fn selected(&self, operation: &openapiv3::Operation) -> bool {
        match &self.settings.tags {
            Some(selected) => super::tags_of(operation)
                .iter()
                .any(|tag| selected.iter().any(|s| s == tag)),
            None => true,
        }
    }

    /// Adds to the selected tags their children, and theirs (OpenAPI 3.2 tags' `parent`):
    /// selecting a tag selects the operations of the tags below it.
    pub(super) fn select_child_tags(&mut self) {
        let Some(selected) = &mut self.settings.tags else {
            return;
        };
        let parents: Vec<(&str, &str)> = self
            .api
            .tags
            .iter()
            .filter_map(|tag| {
                let parent = tag.extensions.get(crate::openapi32::TAG_PARENT)?.as_str()?;
                Some((tag.name.as_str(), parent))
            })
            .collect();
        loop {
            let children: Vec<String> = parents
                .iter()
                .filter(|(child, parent)| {
                    selected.iter().any(|s| s == parent) && !selected.iter().any(|s| s == child)
                })
                .map(|(child, _)| child.to_string())
                .collect();
            if children.is_empty() {
                return;
            }
            selected.extend(children);
        }
    }

    /// Tags selected that no operation carries: errors naming the nearest tag.
    pub(super) fn check_selected_tags(&mut self) {
        let Some(selected) = &self.settings.tags else {
            return;
        };
        let known = super::operation_tags(self.api, self.other_methods);
        let names: Vec<&str> = known.iter().map(|count| count.tag.as_str()).collect();
        for tag in selected.iter().filter(|tag| !names.contains(&tag.as_str())) {
            let hint = crate::spelling::did_you_mean(tag, names.iter().copied());
            self.diagnostics.error(
                "#",
                format!("no operation has the tag `{tag}`{hint} (`--list-tags` lists them)"),
            );
        }
    }

    /// Path parameters fitted to the path template, which has one safe reading where they
    /// disagree: a `{variable}` no parameter declares is a required string (else it would be
    /// sent as the literal `{variable}`); a declared path parameter the template does not
    /// hold is left out (it has nowhere to go). Each with a warning.
    fn fit_to_template(&mut self, path: &str, at: &str, mut params: Vec<Param>) -> Vec<Param> {
        let variables = template_variables(path);
        params.retain(|param| {
            let in_template = param.location != ParamLocation::Path
                || variables.contains(&param.wire_name.as_str());
            if !in_template {
                self.diagnostics.warning(
                    &param.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is left out",
                        param.wire_name
                    ),
                );
            }
            in_template
        });
        let mut names = Scope::reserving(naming::BUILDER_MEMBERS);
        for param in &params {
            names.claim(&param.name);
        }
        for variable in variables {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == variable);
            if declared {
                continue;
            }
            self.diagnostics.warning(
                at,
                format!(
                    "the path `{path}` has a variable `{{{variable}}}` that no parameter declares; \
                     it is taken as a required string"
                ),
            );
            params.push(Param {
                pointer: at.to_string(),
                wire_name: variable.to_string(),
                name: names.claim(&naming::snake(variable, "param")),
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::String,
                doc: None,
                deprecated: false,
                constraints: Default::default(),
                style: QueryStyle::Form,
                explode: false,
            });
        }
        params
    }

    /// A requirement naming a scheme `components/securitySchemes` does not declare: the spec
    /// has one safe reading (that alternative cannot be met, so it is left out), said once per
    /// scheme name.
    fn undeclared_scheme(&mut self, key: &str, at: &str) {
        if !self.undeclared_schemes.insert(key.to_string()) {
            return;
        }
        let declared: Vec<&str> = self
            .api
            .components
            .iter()
            .flat_map(|c| c.security_schemes.keys().map(String::as_str))
            .collect();
        let hint = crate::spelling::did_you_mean(key, declared.iter().copied());
        self.diagnostics.warning(
            at,
            format!(
                "security scheme `{key}` is not declared in `components/securitySchemes`{hint}; \
                 requirements naming it are left out (send its credential with \
                 `ClientBuilder::default_header`)"
            ),
        );
    }
}

/// Where a parameter goes.
fn location(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The `{variables}` of a path template, in order, each once.
fn template_variables(path: &str) -> Vec<&str> {
    let mut variables = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        let variable = &rest[start + 1..start + length];
        if !variable.is_empty() && !variables.contains(&variable) {
            variables.push(variable);
        }
        rest = &rest[start + length + 1..];
    }
    variables
}

/// The form properties whose `encoding` sends arrays otherwise than as repeated keys. (The
/// normalize pass has written out `explode`, whose default `openapiv3` misreads.)
fn form_arrays(media: &openapiv3::MediaType) -> Vec<(String, FormArray)> {
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let style = encoding
                .style
                .as_ref()
                .map_or(QueryStyle::Form, QueryStyle::of);
            let style = match (style, encoding.explode) {
                (QueryStyle::Form, true) => return None,
                (QueryStyle::DeepObject, _) => FormArray::Indexed,
                (style, _) => FormArray::Joined(style.separator()),
            };
            Some((name.clone(), style))
        })
        .collect()
}

/// The media types a multipart body's `encoding` gives its parts (the first, where it lists
/// several).
fn part_content_types(media: &openapiv3::MediaType) -> Vec<(String, String)> {
    media
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let first = encoding.content_type.as_deref()?.split(',').next()?.trim();
            (!first.is_empty()).then(|| (name.clone(), first.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ir::{ParamLocation, TypeRef, from_yaml};

    fn operation(path: &str, body: &str) -> crate::ir::Operation {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n{body}      \
             responses: {{'204': {{description: ok}}}}\n"
        );
        from_yaml(&spec).operations.remove(0)
    }

    #[test]
    fn parameters_named_like_builder_members_are_renamed() {
        let op = operation(
            "/a",
            "      operationId: new\n      parameters: [{name: send, in: query, schema: {type: string}}, \
             {name: stream, in: query, schema: {type: integer}}]\n",
        );
        assert_eq!(op.fn_name, "new_2");
        let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["send_2", "stream_2"]);
        assert_eq!(op.params[1].ty, TypeRef::I64);
    }

    #[test]
    fn path_parameters_follow_the_template() {
        let op = operation(
            "/a/{id}/{extra}",
            "      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n",
        );
        let path: Vec<(&str, &TypeRef)> = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| (p.wire_name.as_str(), &p.ty))
            .collect();
        assert_eq!(path, [("id", &TypeRef::I64), ("extra", &TypeRef::String)]);
        assert!(op.params.iter().all(|p| p.required));
    }
}
