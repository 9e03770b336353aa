//! OpenAPI Overlay 1.0: a document of `actions`, each a JSONPath `target` (RFC 9535, by
//! `serde_json_path`) with an `update` merged into every node it selects or `remove: true`,
//! applied in order to the spec before it is read — the standard way to patch a vendor's spec
//! without editing it. Problems in an overlay are reported at its own pointers
//! (`fixes.yaml:7:13: #/actions/2/target: …`).

use crate::diagnostics::Diagnostics;
use crate::pointer;
use serde_json::Value;
use serde_json_path::JsonPath;
use serde_json_path::PathElement;
use std::path::Path;

/// Applies the overlay at `path` to `document`; its problems go to `diagnostics`, in its file,
/// and so do later problems with the nodes it put into the spec (`diagnostics` reports them
/// at the overlay's own pointers).
pub fn apply_file(path: &Path, document: &mut Value, diagnostics: &mut Diagnostics) {
    let file = path.display().to_string();
    let mut own = Diagnostics::new(file.clone());
    let mut grafts = Vec::new();
    if let Some(overlay) = crate::load::read(path, &mut own) {
        grafts = apply(&overlay, document, &mut own);
    }
    for diagnostic in own {
        diagnostics.add(diagnostic);
    }
    for (spec_pointer, overlay_pointer) in grafts {
        diagnostics.graft(spec_pointer, file.clone(), overlay_pointer);
    }
}

/// Applies `overlay` to `document`, reporting problems of the overlay to `diagnostics`
/// (whose file is the overlay's). Returns where in the spec each node the overlay put there
/// is, with where it is in the overlay.
pub fn apply(
    overlay: &Value,
    document: &mut Value,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut grafts = Vec::new();
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => diagnostics.warning(
            "#/overlay",
            format!("Overlay version {version}: read as 1.0, the version this generator knows"),
        ),
        None => {
            diagnostics.error(
                "#",
                "not an OpenAPI Overlay: it has no `overlay` version (`overlay: 1.0.0`)",
            );
            return grafts;
        }
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        diagnostics.error("#/actions", "an overlay needs a list of `actions`");
        return grafts;
    };
    for (index, action) in actions.iter().enumerate() {
        let at = format!("#/actions/{index}");
        let Some(selected) = select(action, &at, document, diagnostics) else {
            continue;
        };
        let remove = action.get("remove").and_then(Value::as_bool) == Some(true);
        match (remove, action.get("update")) {
            (true, _) => {
                for steps in selected.iter().rev() {
                    remove_node(document, steps);
                }
            }
            (false, Some(update)) => {
                let update_at = pointer::join(&at, "update");
                for steps in &selected {
                    if let Some(node) = node_mut(document, steps) {
                        let target = steps.iter().fold("#".to_string(), |at, step| match step {
                            Step::Index(index) => pointer::join(&at, &index.to_string()),
                            Step::Name(name) => pointer::join(&at, name),
                        });
                        merge(node, update, &target, &update_at, &mut grafts);
                    }
                }
            }
            (false, None) => diagnostics.warning(
                at,
                "the action has neither `update` nor `remove: true`; it does nothing",
            ),
        }
    }
    grafts
}

/// The locations the `target` of the action at `at` selects, in document order (so that,
/// removed in reverse, later array items go first and the indices of the others hold);
/// `None`, with the problem reported, where it has no target, does not parse or selects
/// nothing.
fn select(
    action: &Value,
    at: &str,
    document: &Value,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Vec<Step>>> {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        diagnostics.error(at, "an action needs a `target` (a JSONPath expression)");
        return None;
    };
    let target_at = pointer::join(at, "target");
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(error) => {
            diagnostics.error(
                target_at,
                format!("`{target}` is not a JSONPath expression (RFC 9535): {error}"),
            );
            return None;
        }
    };
    let mut selected: Vec<Vec<Step>> = path
        .query_located(document)
        .dedup()
        .iter()
        .map(|node| node.location().iter().map(Step::of).collect())
        .collect();
    if selected.is_empty() {
        diagnostics.warning(
            target_at,
            format!("`{target}` selects nothing in the spec; the action does nothing"),
        );
        return None;
    }
    selected.sort();
    Some(selected)
}

/// A step of a selected node's location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Name(String),
}

impl Step {
    fn of(element: &PathElement<'_>) -> Step {
        match element {
            PathElement::Index(index) => Step::Index(*index),
            PathElement::Name(name) => Step::Name((*name).to_string()),
        }
    }
}

fn node_mut<'v>(mut value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    for step in steps {
        value = match (step, value) {
            (Step::Name(name), Value::Object(map)) => map.get_mut(name)?,
            (Step::Index(index), Value::Array(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(value)
}

fn remove_node(document: &mut Value, steps: &[Step]) {
    let Some((last, parent)) = steps.split_last() else {
        // The root selected: nothing to remove it from.
        return;
    };
    match (node_mut(document, parent), last) {
        (Some(Value::Object(map)), Step::Name(name)) => {
            map.shift_remove(name);
        }
        (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

/// Overlay 1.0's update: an object's members merged into the object selected (recursively;
/// other values replace what is there), an array's items appended to the array selected.
/// Every node put in is recorded in `grafts` (its pointer in the spec, `target`…, and in the
/// overlay, `update`…).
fn merge(
    target: &mut Value,
    update: &Value,
    target_at: &str,
    update_at: &str,
    grafts: &mut Vec<(String, String)>,
) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                let (target_at, update_at) =
                    (pointer::join(target_at, key), pointer::join(update_at, key));
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value, &target_at, &update_at, grafts);
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                        grafts.push((target_at, update_at));
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => {
            for (index, item) in update.iter().enumerate() {
                let at = pointer::join(target_at, &target.len().to_string());
                grafts.push((at, pointer::join(update_at, &index.to_string())));
                target.push(item.clone());
            }
        }
        (Value::Array(target), update) => {
            let at = pointer::join(target_at, &target.len().to_string());
            grafts.push((at, update_at.to_string()));
            target.push(update.clone());
        }
        (target, update) => {
            *target = update.clone();
            grafts.push((target_at.to_string(), update_at.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn applied(overlay: Value, mut document: Value) -> (Value, Diagnostics) {
        let mut diagnostics = Diagnostics::new("fix.yaml");
        apply(&overlay, &mut document, &mut diagnostics);
        (document, diagnostics)
    }

    #[test]
    fn updates_merge_into_every_selected_node_and_removals_remove_them() {
        let document = json!({
            "paths": {
                "/a": {"get": {"operationId": "a", "tags": ["x"]}},
                "/b": {"get": {"operationId": "b", "tags": ["y"], "deprecated": true}}
            },
            "components": {"schemas": {"Pet": {"type": "object", "properties": {"id": {"type": "string"}}}}}
        });
        let overlay = json!({
            "overlay": "1.0.0",
            "info": {"title": "fixes", "version": "1"},
            "actions": [
                {"target": "$.paths.*.get", "update": {"x-rust-name": "renamed"}},
                {"target": "$.paths.*[?@.deprecated == true]", "remove": true},
                {"target": "$.components.schemas.Pet.properties", "update": {"name": {"type": "string"}}},
                {"target": "$.paths['/a'].get.tags", "update": "z"}
            ]
        });
        let (document, diagnostics) = applied(overlay, document);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(document["paths"]["/a"]["get"]["x-rust-name"], "renamed");
        assert_eq!(document["paths"]["/b"], json!({}));
        assert_eq!(
            document["components"]["schemas"]["Pet"]["properties"],
            json!({"id": {"type": "string"}, "name": {"type": "string"}})
        );
        assert_eq!(document["paths"]["/a"]["get"]["tags"], json!(["x", "z"]));
    }

    #[test]
    fn a_bad_target_is_an_error_at_the_action_and_an_empty_selection_a_warning() {
        let overlay = json!({
            "overlay": "1.0.0",
            "actions": [
                {"target": "$.paths[", "remove": true},
                {"target": "$.nothing", "remove": true}
            ]
        });
        let (_, diagnostics) = applied(overlay, json!({"paths": {}}));
        let text = diagnostics.to_string();
        assert!(
            text.contains("error: fix.yaml: #/actions/0/target: `$.paths[` is not a JSONPath expression (RFC 9535)"),
            "{text}"
        );
        assert!(
            text.contains("warning: fix.yaml: #/actions/1/target: `$.nothing` selects nothing"),
            "{text}"
        );
    }

    #[test]
    fn removing_several_array_items_removes_each_selected_one() {
        let overlay = json!({
            "overlay": "1.0.0",
            "actions": [{"target": "$.list[?@ > 1]", "remove": true}]
        });
        let (document, _) = applied(overlay, json!({"list": [1, 2, 3, 1, 4]}));
        assert_eq!(document["list"], json!([1, 1]));
    }
}
