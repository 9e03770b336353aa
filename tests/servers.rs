//! Servers: the base URL from the spec's first server, its variables at their defaults, and
//! `Client::server_url` to set them (the pagination fixture's server has two).

use kapso_fixture_clients::pagination::Client;

#[test]
fn server_variables_make_the_base_url() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://us.api.example.com/v1");
    assert_eq!(
        Client::server_url("eu", "v2"),
        "https://eu.api.example.com/v2"
    );
}
