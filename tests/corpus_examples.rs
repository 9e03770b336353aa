//! Clients generated from two real specs (`tests/specs/`, by `kapso-fixture-clients`'s build
//! script) compile and type their examples; every example the specs give is checked to decode
//! into the generated types and encode back by each client's own
//! `example_tests::examples_round_trip` test (`cargo test -p kapso-fixture-clients`).

use kapso_fixture_clients::museum;

#[test]
fn the_museum_ticket_example_is_typed() {
    let ticket: museum::types::BuyMuseumTickets = serde_json::from_value(serde_json::json!({
        "ticketType": "general", "ticketDate": "2023-09-07", "email": "todd@example.com"
    }))
    .expect("decodes");
    assert_eq!(ticket.ticket_type, museum::types::TicketType::General);
}
