//! [`Options`]: the settings of one generation run, which every stage reads and none owns.

/// The crate generated code imports its runtime from, unless configured otherwise.
pub const DEFAULT_RUNTIME_CRATE: &str = "kapso_codegen_runtime";

/// Settings of one generation run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path of the runtime crate in the generated code (`kapso_codegen_runtime`).
    pub runtime_crate: String,
    /// Emit a `#[cfg(test)]` test checking that the spec's examples decode into the
    /// generated types and encode back to the same JSON.
    pub example_tests: bool,
    /// Emit a `mock` module of typed mocks (compiled with the including crate's `mock`
    /// feature, which turns on the runtime's).
    pub mocks: bool,
    /// Follow `$ref`s to files outside the spec's folder tree (refused by default).
    pub allow_refs_outside_spec_dir: bool,
    /// Generate only the types that operations and webhooks use (all component schemas by
    /// default). Specs such as GitHub's carry many schemas nothing refers to.
    pub only_used_types: bool,
    /// Detect how operations page and give them `stream()` (on by default); an operation's
    /// `x-kapso-pagination` applies either way.
    pub detect_pagination: bool,
    /// Generate only the operations with one of these tags (operations without tags are
    /// [`UNTAGGED`]), and only the types they use unless `all_schemas`; `None`: every
    /// operation.
    pub tags: Option<Vec<String>>,
    /// With `tags`, still generate every component schema (users decode webhook payloads
    /// that only live in `components`).
    pub all_schemas: bool,
    /// `$ref`s to URLs starting with a prefix here are read from the local file or folder
    /// it maps to (a build has no network); the others are read as untyped values.
    pub ref_map: Vec<(String, std::path::PathBuf)>,
    /// How the output is shaped beyond the spec: replaced types, the date-time crate,
    /// derives, attributes, renames and overlays (a settings file, `Config` or CLI flags).
    pub customization: crate::Customization,
    /// A settings file (`kapso-codegen.toml`) to read the customization from, before
    /// `customization`'s own rules; `None`: the spec's folder's `kapso-codegen.toml`, where it
    /// exists.
    pub settings_file: Option<std::path::PathBuf>,
    /// `$ref`s that cannot be followed (to a component that does not exist, to a URL no
    /// `ref_map` covers) are errors; by default each is read as any value, with a warning.
    pub strict: bool,
}

/// The tag of operations that have none, for selecting them.
pub const UNTAGGED: &str = "untagged";

impl Options {
    /// Whether the options can be used at all: the runtime crate must be a Rust path.
    /// Checked before any spec is read.
    pub fn check(&self) -> Result<(), &'static str> {
        match syn::parse_str::<syn::Path>(&self.runtime_crate) {
            Ok(_) => Ok(()),
            Err(_) => {
                Err("the runtime crate (`runtime_crate`, `--runtime-crate`) is not a Rust path")
            }
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            runtime_crate: DEFAULT_RUNTIME_CRATE.to_string(),
            example_tests: false,
            mocks: false,
            allow_refs_outside_spec_dir: false,
            only_used_types: false,
            detect_pagination: true,
            tags: None,
            all_schemas: false,
            ref_map: Vec::new(),
            customization: crate::Customization::default(),
            settings_file: None,
            strict: false,
        }
    }
}
