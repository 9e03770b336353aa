//! Webhooks (OpenAPI 3.1): the payloads the API sends to its users become types, so a
//! receiver can decode them.

use super::build::Builder;
use super::schema::{Place, SchemaRef};
use crate::naming;
use crate::parse::Webhooks;
use crate::pointer;
use openapiv3::ReferenceOr;

impl<'a> Builder<'a> {
    pub(super) fn webhook_payloads(&mut self, webhooks: &'a Webhooks) -> Vec<super::TypeRef> {
        let mut payloads = Vec::new();
        for (name, item) in webhooks {
            let item_at = pointer::join("#/webhooks", name);
            let ReferenceOr::Item(item) = item else {
                self.diagnostics.warning(
                    item_at,
                    "a `$ref` to a webhook path item is not supported; the webhook is skipped",
                );
                continue;
            };
            for (method, operation) in item.iter() {
                let Some(body) = &operation.request_body else {
                    continue;
                };
                let at = pointer::join(&pointer::join(&item_at, method), "requestBody");
                let Some((body, body_at)) =
                    self.resolve(body, &at, "requestBodies", |c| &c.request_bodies)
                else {
                    continue;
                };
                let content_at = pointer::join(&body_at, "content");
                for (media_type, media) in &body.content {
                    let Some(schema) = &media.schema else {
                        continue;
                    };
                    let schema_at =
                        pointer::join(&pointer::join(&content_at, media_type), "schema");
                    let base = operation.operation_id.as_deref().unwrap_or(name);
                    let place = Place {
                        name: naming::suffixed(&naming::upper_camel(base, "Webhook"), "Webhook"),
                        key: naming::snake(base, "webhook"),
                    };
                    payloads.push(self.schema_type(SchemaRef::of(schema), &schema_at, &place));
                }
            }
        }
        payloads
    }
}
