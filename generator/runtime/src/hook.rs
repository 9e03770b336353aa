//! Middleware: user code that sees each request before it is sent and each response before
//! it is decoded — a header of a company-wide auth layer, metrics, logging. A small trait of
//! our own rather than `reqwest-middleware`: it runs inside the client's own send loop, so
//! every retry attempt is seen (with its number), the credentials and the `tracing` span are
//! already in place, and a crate needs no second HTTP stack to use it.

/// Which call a request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The operation's `operationId` (or method and path where the spec gives none).
    pub operation: &'static str,
    /// 1 for the first attempt, 2 for the first retry…
    pub attempt: u32,
}

/// Sees each request before it is sent and each response before it is decoded
/// (`ClientBuilder::hook`). Both methods do nothing unless implemented.
pub trait Hook: Send + Sync {
    /// Called before each attempt is sent; may change the request (add a header…).
    fn on_request(&self, request: &mut reqwest::Request, call: Call) {
        let _ = (request, call);
    }

    /// Called when an attempt's response arrives, before its status is read or its body
    /// decoded.
    fn on_response(&self, response: &reqwest::Response, call: Call) {
        let _ = (response, call);
    }
}
