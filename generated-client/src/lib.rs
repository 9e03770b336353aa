//! Rust client for the [Kapso Platform API](https://docs.kapso.ai): `WhatsApp` messaging —
//! customers, phone numbers, broadcasts, conversations, inbox embeds.
//!
//! The code is generated from `spec/kapso-platform-api.yaml` by `kapso-codegen` on every
//! build where the spec changed; edit the spec, not the generated code.
//!
//! ```no_run
//! use kapso::types::ListInboxEmbedsStatus;
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let client = kapso::Client::new("your-api-key")?;
//!     let embeds = client
//!         .list_inbox_embeds()
//!         .status(ListInboxEmbedsStatus::Active)
//!         .per_page(50)
//!         .send()
//!         .await?;
//!     println!("{} of {:?} embeds", embeds.body.data.len(), embeds.headers.x_total);
//!     Ok(())
//! }
//! ```

#![deny(
    missing_docs,
    missing_debug_implementations,
    rust_2018_idioms,
    unused_qualifications
)]
#![warn(clippy::pedantic)]

/// The runtime the generated code builds on: errors, responses, the client builder.
pub use kapso_codegen_runtime as runtime;
pub use runtime::{Error, Response};

kapso_codegen_runtime::include_client!();

/// The README's Rust examples, compiled (and the runnable ones run) as doctests; one tests
/// with the typed mocks, so they run with the `mock` feature (as `cargo test --workspace`
/// builds this crate).
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
