//! Clients generated from two real specs of `../shared/specs` (checked in under
//! `tests/generated/`, kept fresh by `generate.rs`) compile, and the examples the specs give
//! decode into the generated types and encode back: each file carries its own
//! `example_tests::examples_round_trip` test, run as part of this test binary.

#[allow(dead_code)]
mod museum {
    include!("generated/museum.rs");
}

#[allow(dead_code)]
mod cafe {
    include!("generated/cafe.rs");
}

#[test]
fn the_museum_ticket_example_is_typed() {
    let ticket: museum::types::BuyMuseumTickets = serde_json::from_value(serde_json::json!({
        "ticketType": "general", "ticketDate": "2023-09-07", "email": "todd@example.com"
    }))
    .expect("decodes");
    assert_eq!(ticket.ticket_type, museum::types::TicketType::General);
}
