//! Clients generated from the test fixtures (`tests/fixtures/`) and small real specs
//! (`tests/specs/`) by `build.rs`, compiled once for every test that calls them.
//!
//! The lints below are what a strict downstream crate sets: generated code must pass them
//! (`cargo clippy --workspace -- -D warnings` checks it here).
#![deny(
    missing_docs,
    missing_debug_implementations,
    rust_2018_idioms,
    unreachable_pub,
    unused_qualifications
)]
#![warn(clippy::pedantic)]

macro_rules! client {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub mod $name {
            kapso_codegen_runtime::include_client!(stringify!($name));
        }
    };
}

client!(
    /// `fixtures/nullable-3.1.yaml`: absent vs null, read-only and write-only fields.
    nullable
);
client!(
    /// `fixtures/composition-3.1.yaml`: `allOf`, `oneOf`, `anyOf`, discriminators.
    composition
);
client!(
    /// `fixtures/hostile-text.yaml`: spec text written to break generated code and its docs.
    hostile_text
);
client!(
    /// `fixtures/bodies-3.1.yaml`: every body and response shape.
    bodies
);
client!(
    /// `fixtures/auth-params-3.1.yaml`: every security scheme, parameters everywhere.
    auth_params
);
client!(
    /// `fixtures/pagination-3.1.yaml`: every way of paging.
    pagination
);
client!(
    /// `fixtures/reserved-names-3.1.yaml`: names generated code uses itself, keywords, prelude
    /// types.
    reserved_names
);
client!(
    /// `fixtures/refs-3.1.yaml`: `$ref`s to schemas inside other objects.
    refs
);
client!(
    /// `fixtures/error-bodies-3.1.yaml`: error messages behind nullable, boxed and aliased
    /// types.
    error_bodies
);
client!(
    /// `fixtures/inline-only-3.1.yaml`: no component schemas, an inline event type.
    inline_only
);
client!(
    /// `fixtures/openapi-3.2.yaml`: the QUERY method, `additionalOperations`, a `querystring`
    /// parameter, streamed `itemSchema` bodies.
    openapi32
);
client!(
    /// `fixtures/customize/openapi.yaml` with the `kapso-codegen.toml` beside it: types
    /// replaced by [`shop`]'s, jiff date-times, derives, attributes, renames, an overlay.
    customize
);

client!(
    /// `fixtures/customize/openapi.yaml` as `customize`, with `time` date-times.
    customize_time
);

/// The crate's own types that `fixtures/customize/kapso-codegen.toml` puts in place of
/// generated ones.
pub mod shop {
    use kapso_codegen_runtime::serde::{Deserialize, Serialize};

    /// An amount of money, in the crate's own type (the spec's `Money` schema).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(crate = "kapso_codegen_runtime::serde")]
    pub struct Money {
        /// The amount, as the API writes it (`"12.50"`).
        pub amount: Decimal,
        /// ISO 4217 code.
        pub currency: String,
    }

    /// A decimal number kept as written (every `format: decimal` of the spec).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(crate = "kapso_codegen_runtime::serde", transparent)]
    pub struct Decimal(pub String);

    impl std::fmt::Display for Decimal {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }
}

client!(
    /// `fixtures/swagger-2.0.yaml`: every Swagger 2.0 construct the converter reads.
    swagger2
);
client!(
    /// `specs/oai-v2-petstore-expanded.json`: the OAI petstore, in Swagger 2.0.
    petstore_v2
);
client!(
    /// `specs/redocly-museum.yaml`: Redocly's museum example.
    museum
);
client!(
    /// `specs/redocly-cafe/openapi.yaml`: Redocly's multi-file cafe.
    cafe
);

/// `fixtures/pagination-3.1.yaml` again, in a private module, as a binary crate includes its
/// client, and none of it called: what an including crate leaves unused must not warn.
mod private_include {
    kapso_codegen_runtime::include_client!("pagination");
}
