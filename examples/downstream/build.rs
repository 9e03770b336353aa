fn main() -> Result<(), kapso_codegen::Error> {
    kapso_codegen::Config::new()
        .spec("../../spec/kapso-platform-api.yaml")
        // This crate's own page metadata in place of a generated twin.
        .replace_type("PaginationMeta", "crate::paging::PageMeta")
        // Embeds as set members and map keys.
        .derive("InboxEmbed", "Eq")
        .derive("InboxEmbed", "Hash")
        // A shorter name than the spec's.
        .rename_type("InboxEmbedListResponse", "EmbedPage")
        // A `mock` module for tests, compiled with this crate's `mock` feature.
        .mocks(true)
        .generate()?;
    Ok(())
}
