//! Tags chosen by the Cargo features of the crate being built: a published SDK declares a
//! feature per tag (`inbox-embeds` for `Inbox Embeds`) and a `full` one; a crate that
//! depends on it with `features = ["inbox-embeds"]` compiles only those operations.

use crate::{Diagnostics, TagCount};
use heck::ToKebabCase;

/// The feature that selects everything.
pub const FULL: &str = "full";

/// The feature name of a tag: `Inbox Embeds` → `inbox-embeds`.
pub fn feature_name(tag: &str) -> String {
    tag.to_kebab_case()
}

/// How Cargo names a feature in `CARGO_FEATURE_*`: upper case, `-` as `_`.
fn env_name(feature: &str) -> String {
    feature.to_uppercase().replace('-', "_")
}

/// The tags the enabled features select (`None`: all, with `full`), and what is wrong with
/// the manifest's features: a tag with no feature to select it (a warning, at the tag in the
/// spec), a tag-like feature (one that enables nothing else) that names no tag (an error).
///
/// `enabled` are the names of the `CARGO_FEATURE_*` variables after the prefix; `declared`
/// the manifest's features with whether each enables nothing else.
pub fn select(
    tags: &[TagCount],
    enabled: &[String],
    declared: &[(String, bool)],
    manifest: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<String>> {
    let is_enabled = |feature: &str| enabled.iter().any(|e| *e == env_name(feature));
    for count in tags {
        let feature = feature_name(&count.tag);
        if !declared.iter().any(|(name, _)| *name == feature) {
            diagnostics.warning(
                count.pointer.clone(),
                format!(
                    "tag `{}` ({} operations) has no feature `{feature}` in the crate's \
                     Cargo.toml, so no user can select it (add `{feature} = []`)",
                    count.tag, count.operations
                ),
            );
        }
    }
    let tag_features: Vec<String> = tags.iter().map(|count| feature_name(&count.tag)).collect();
    for (name, enables_nothing) in declared {
        let ours = *enables_nothing && name != FULL && name != "default";
        if ours && !tag_features.contains(name) {
            let hint = crate::spelling::did_you_mean(name, tag_features.iter().map(String::as_str));
            diagnostics.error_in(
                manifest,
                format!("#/features/{name}"),
                format!("feature `{name}` names no tag of the spec{hint}"),
            );
        }
    }
    if is_enabled(FULL) {
        return None;
    }
    let selected = tags
        .iter()
        .filter(|count| is_enabled(&feature_name(&count.tag)))
        .map(|count| count.tag.clone())
        .collect();
    Some(selected)
}

/// The `[features]` of a manifest: each name, and whether it enables nothing else.
pub fn declared_features(manifest_text: &str) -> Result<Vec<(String, bool)>, String> {
    let manifest: toml::Table = manifest_text
        .parse()
        .map_err(|e: toml::de::Error| e.to_string())?;
    let Some(toml::Value::Table(features)) = manifest.get("features") else {
        return Ok(Vec::new());
    };
    Ok(features
        .iter()
        .map(|(name, enables)| {
            let nothing = enables.as_array().is_some_and(Vec::is_empty);
            (name.clone(), nothing)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> Vec<TagCount> {
        ["Inbox Embeds", "Customers", "untagged"]
            .iter()
            .enumerate()
            .map(|(i, tag)| TagCount {
                tag: tag.to_string(),
                operations: i + 1,
                pointer: format!("#/tags/{i}"),
            })
            .collect()
    }

    const MANIFEST: &str = "[package]\nname = \"sdk\"\n\n[features]\ndefault = [\"full\"]\n\
                            full = []\ninbox-embeds = []\ncustomers = []\nrustls = [\"dep:x\"]\n";

    #[test]
    fn enabled_features_select_their_tags_and_full_selects_all() {
        let declared = declared_features(MANIFEST).expect("a manifest");
        let mut diagnostics = Diagnostics::new("spec.yaml");
        let only = select(
            &tags(),
            &["INBOX_EMBEDS".into()],
            &declared,
            "Cargo.toml",
            &mut diagnostics,
        );
        assert_eq!(only, Some(vec!["Inbox Embeds".to_string()]));
        let all = select(
            &tags(),
            &["FULL".into(), "DEFAULT".into()],
            &declared,
            "Cargo.toml",
            &mut diagnostics,
        );
        assert_eq!(all, None);
    }

    #[test]
    fn a_tag_without_a_feature_warns_and_a_feature_without_a_tag_is_an_error() {
        let manifest = format!("{MANIFEST}costumers = []\n");
        let declared = declared_features(&manifest).expect("a manifest");
        let mut diagnostics = Diagnostics::new("spec.yaml");
        select(&tags(), &[], &declared, "Cargo.toml", &mut diagnostics);
        let text = diagnostics.to_string();
        assert!(
            text.contains("warning: spec.yaml: #/tags/2: tag `untagged` (3 operations) has no feature `untagged`"),
            "{text}"
        );
        assert!(
            text.contains("error: Cargo.toml: #/features/costumers: feature `costumers` names no tag of the spec (did you mean `customers`?)"),
            "{text}"
        );
        // `rustls` enables something else: a feature of the crate, not a tag.
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
