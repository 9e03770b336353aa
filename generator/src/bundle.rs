//! Bundle: a spec split over several files becomes one document. Relative-file `$ref`s are
//! followed: schemas are hoisted into `components/schemas` under their file (or fragment)
//! name, so they keep a name of their own; everything else (path items, parameters,
//! responses…) is inlined where it is referenced. `$ref`s under `x-` extensions and inside
//! examples are data and are not followed.

use crate::diagnostics::Diagnostics;
use crate::keywords::Context;
use crate::pointer;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

struct Bundler<'d> {
    root: PathBuf,
    /// The folder files may be read from (the root's, resolved), unless anywhere is allowed.
    allowed_dir: Option<PathBuf>,
    documents: HashMap<PathBuf, Value>,
    /// Files in the order they were first read (the root first).
    files: Vec<PathBuf>,
    /// (file, fragment) of each hoisted schema → its key in `components/schemas`.
    hoisted_names: HashMap<(PathBuf, String), String>,
    hoisted: Vec<(String, Value)>,
    taken: std::collections::HashSet<String>,
    /// What is being inlined right now, to tell a `$ref` loop from a repeated use.
    inlining: Vec<(PathBuf, String)>,
    /// URL prefixes and the local copies they stand for (`--ref-map`).
    ref_map: &'d [(String, PathBuf)],
    /// The root document's `$self` (OpenAPI 3.2: its own URI), and the folder URL it is in,
    /// which stands for the root's folder: `$ref`s to that URI or below it are local.
    self_uri: Option<(String, String)>,
    diagnostics: &'d mut Diagnostics,
}

/// Resolves every relative-file `$ref` of `document` (read from `root`); returns every file
/// the spec consists of, the root first.
/// Files outside the root's folder tree are refused unless `allow_outside` (a spec from
/// elsewhere should not make a build script read arbitrary files).
///
/// `$ref`s to URLs are followed where `ref_map` maps a prefix of theirs to a local copy; the
/// others are left for the IR stage, which reads each as an untyped value (with one warning
/// per URL).
pub fn bundle(
    root: &Path,
    document: &mut Value,
    allow_outside: bool,
    ref_map: &[(String, PathBuf)],
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let root = normalize_path(root);
    let allowed_dir = if allow_outside {
        None
    } else {
        let dir = root
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()))
    };
    let mut taken = std::collections::HashSet::new();
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        taken.extend(schemas.keys().cloned());
    }
    let self_uri = document
        .get("$self")
        .and_then(Value::as_str)
        .filter(|uri| uri.contains("://"))
        .map(|uri| {
            let uri = uri.split('#').next().unwrap_or(uri);
            let folder = uri.rfind('/').map_or(uri, |end| &uri[..=end]);
            (uri.to_string(), folder.to_string())
        });
    let mut bundler = Bundler {
        root: root.clone(),
        self_uri,
        allowed_dir,
        documents: HashMap::new(),
        files: vec![root.clone()],
        hoisted_names: HashMap::new(),
        hoisted: Vec::new(),
        taken,
        inlining: Vec::new(),
        ref_map,
        diagnostics,
    };
    bundler.walk(document, &root, &mut String::from("#"), Context::Document);
    if !bundler.hoisted.is_empty() {
        if let Some(root_object) = document.as_object_mut() {
            let components = root_object
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(components) = components.as_object_mut() {
                let schemas = components
                    .entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(schemas) = schemas.as_object_mut() {
                    schemas.extend(bundler.hoisted.drain(..));
                }
            }
        }
    }
    bundler.files
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

impl Bundler<'_> {
    /// Follows the `$ref`s under `value`, which is at `at` in `file`; `at` is one buffer for
    /// the whole walk, left as it was given.
    fn walk(&mut self, value: &mut Value, file: &Path, at: &mut String, context: Context) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    if reference.starts_with('#') && file == self.root {
                        // Into the root document, from there: it stays as it is.
                        return;
                    }
                    let reference = reference.clone();
                    if let Some(replacement) = self.follow(&reference, object, file, at, context) {
                        *value = replacement;
                    }
                    return;
                }
                for (key, child) in object.iter_mut() {
                    let end = at.len();
                    if context == Context::Schema && key == "discriminator" {
                        pointer::push(at, key);
                        self.rewrite_mapping(child, file, at);
                    } else if let Some(child_context) = context.child(key, at) {
                        pointer::push(at, key);
                        self.walk(child, file, at, child_context);
                    }
                    at.truncate(end);
                }
            }
            Value::Array(items) => {
                let item_context = if context == Context::SchemaList {
                    Context::Schema
                } else {
                    context
                };
                for (index, item) in items.iter_mut().enumerate() {
                    let end = at.len();
                    pointer::push(at, &index.to_string());
                    self.walk(item, file, at, item_context);
                    at.truncate(end);
                }
            }
            _ => {}
        }
    }

    /// The replacement for a `$ref` object, or `None` to leave it as it is.
    fn follow(
        &mut self,
        reference: &str,
        object: &mut Map<String, Value>,
        file: &Path,
        at: &str,
        context: Context,
    ) -> Option<Value> {
        let (target, fragment) = self.target(reference, file, at)?;
        if target == self.root {
            // Into the root document: a local reference there.
            object.insert("$ref".into(), Value::String(fragment));
            return None;
        }
        let component_key = pointer::component_key(at, "schemas").filter(|_| file == self.root);
        if let Some(key) = component_key {
            // `components/schemas/Name: {$ref: Name.yaml}` names the schema already.
            self.hoisted_names
                .insert((target.clone(), fragment.clone()), key);
            let mut content = self.fetch(&target, &fragment, file, at, reference)?;
            self.walk(
                &mut content,
                &target,
                &mut fragment.clone(),
                Context::Schema,
            );
            return Some(content);
        }
        if context == Context::Schema {
            let name = self.hoist(&target, &fragment, file, at)?;
            let mut replacement = object.clone();
            let local = pointer::join("#/components/schemas", &name);
            replacement.insert("$ref".into(), Value::String(local));
            return Some(Value::Object(replacement));
        }
        self.inline(reference, object, (&target, &fragment), (file, at), context)
    }

    /// The file a `$ref` points into and the fragment there (`#` for the whole file); `None`
    /// (reported) for URLs and, unless allowed, files outside the spec's folder.
    fn target(&mut self, reference: &str, file: &Path, at: &str) -> Option<(PathBuf, String)> {
        let (target_file, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, format!("#{fragment}")),
            None => (reference, "#".to_string()),
        };
        let under_self = self.self_uri.as_ref().and_then(|(uri, folder)| {
            if target_file == uri {
                Some(self.root.clone())
            } else {
                let rest = target_file.strip_prefix(folder.as_str())?;
                Some(self.root.parent().unwrap_or(Path::new("")).join(rest))
            }
        });
        let target = if target_file.is_empty() {
            file.to_path_buf()
        } else if let Some(local) = under_self {
            // Below the root's `$self`: a file beside the root, as a relative `$ref` is.
            normalize_path(&local)
        } else if target_file.contains("://") {
            // A URL: a local copy the user named, read wherever it is; else not followed.
            let local = self.ref_map.iter().find_map(|(prefix, path)| {
                let rest = target_file.strip_prefix(prefix.as_str())?;
                let rest = rest.trim_start_matches('/');
                Some(if rest.is_empty() {
                    path.clone()
                } else {
                    path.join(rest)
                })
            });
            return local.map(|path| (normalize_path(&path), fragment));
        } else {
            normalize_path(&file.parent().unwrap_or(Path::new("")).join(target_file))
        };
        if let Some(allowed) = &self.allowed_dir {
            // A file that does not exist is reported when it is read.
            let outside =
                std::fs::canonicalize(&target).is_ok_and(|resolved| !resolved.starts_with(allowed));
            if outside {
                let message = format!(
                    "`$ref: {reference}` points outside the spec's folder ({}); allow it with \
                     `Config::allow_refs_outside_spec_dir(true)` or `--allow-refs-outside`",
                    allowed.display()
                );
                self.error(file, at, message);
                return None;
            }
        }
        Some((target, fragment))
    }

    /// The content of a `$ref` to something other than a schema (a path item, a parameter…),
    /// put where the `$ref` was.
    fn inline(
        &mut self,
        reference: &str,
        object: &Map<String, Value>,
        (target, fragment): (&Path, &str),
        (file, at): (&Path, &str),
        context: Context,
    ) -> Option<Value> {
        let key = (target.to_path_buf(), fragment.to_string());
        if self.inlining.contains(&key) {
            self.error(
                file,
                at,
                format!("`$ref: {reference}` refers back to itself (a `$ref` loop)"),
            );
            return None;
        }
        let mut content = self.fetch(target, fragment, file, at, reference)?;
        self.inlining.push(key);
        self.walk(&mut content, target, &mut fragment.to_string(), context);
        self.inlining.pop();
        // 3.1 lets a reference override the target's summary and description.
        if let Value::Object(content) = &mut content {
            for sibling in ["summary", "description"] {
                if let Some(text) = object.get(sibling) {
                    content.insert(sibling.into(), text.clone());
                }
            }
        }
        Some(content)
    }

    /// `discriminator.mapping` values that name schemas in other files point at their
    /// hoisted copies.
    fn rewrite_mapping(&mut self, discriminator: &mut Value, file: &Path, at: &str) {
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        for (value, target) in mapping.iter_mut() {
            let Value::String(reference) = target else {
                continue;
            };
            let is_reference = reference.contains('#')
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| reference.ends_with(ext));
            if !is_reference {
                continue;
            }
            let mut object =
                Map::from_iter([("$ref".to_string(), Value::String(reference.clone()))]);
            let value_at = pointer::join(&pointer::join(at, "mapping"), value);
            let reference = reference.clone();
            let followed = self.follow(&reference, &mut object, file, &value_at, Context::Schema);
            if let Some(Value::String(local)) = followed
                .as_ref()
                .and_then(|v| v.get("$ref"))
                .or(object.get("$ref"))
            {
                *target = Value::String(local.clone());
            }
        }
    }

    /// Moves an external schema into `components/schemas` (once) and returns its key.
    fn hoist(&mut self, target: &Path, fragment: &str, file: &Path, at: &str) -> Option<String> {
        let key = (target.to_path_buf(), fragment.to_string());
        if let Some(name) = self.hoisted_names.get(&key) {
            return Some(name.clone());
        }
        let reference = format!("{}{fragment}", target.display());
        let mut content = self.fetch(target, fragment, file, at, &reference)?;
        let base = pointer::last_token(fragment)
            .filter(|last| !last.is_empty())
            .or_else(|| {
                target
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| "Schema".to_string());
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or(base);
        self.taken.insert(name.clone());
        // Named before walking, so a schema that refers to itself finds its own name.
        self.hoisted_names.insert(key, name.clone());
        self.walk(
            &mut content,
            target,
            &mut fragment.to_string(),
            Context::Schema,
        );
        self.hoisted.push((name.clone(), content));
        Some(name)
    }

    /// The value at `fragment` in `target`, reading the file the first time.
    fn fetch(
        &mut self,
        target: &Path,
        fragment: &str,
        file: &Path,
        at: &str,
        reference: &str,
    ) -> Option<Value> {
        if !self.documents.contains_key(target) {
            let mut file_diagnostics = Diagnostics::new(target.display().to_string());
            let Some(document) = crate::load::read(target, &mut file_diagnostics) else {
                let reason = file_diagnostics
                    .iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                self.error(file, at, format!("`$ref: {reference}`: {reason}"));
                return None;
            };
            self.files.push(target.to_path_buf());
            self.documents.insert(target.to_path_buf(), document);
        }
        let document = self.documents.get(target)?;
        let found = if fragment == "#" {
            Some(document)
        } else {
            fragment
                .strip_prefix('#')
                .and_then(|pointer| document.pointer(pointer))
        };
        match found {
            Some(value) => Some(value.clone()),
            None => {
                self.error(
                    file,
                    at,
                    format!(
                        "`$ref: {reference}`: no `{fragment}` in {}",
                        target.display()
                    ),
                );
                None
            }
        }
    }

    fn error(&mut self, file: &Path, at: &str, message: String) {
        self.diagnostics
            .error_in(&file.display().to_string(), at, message);
    }
}
