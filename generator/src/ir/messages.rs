//! Which field of an error body holds the server's human-readable message, decided from the
//! body's schema (as finally emitted) so that the generated `Display` reads it directly.

use super::build::Builder;
use super::fields::step;
use super::{Field, FieldPath, FieldStep, Operation, TypeRef};

/// Names of message fields, most telling first: a problem body's `detail` before its
/// `title` (which mostly repeats the reason phrase), OAuth's `error_description` before its
/// `error` code.
const MESSAGE_FIELDS: &[&str] = &[
    "message",
    "detail",
    "error_description",
    "error_message",
    "errormessage",
    "description",
    "title",
    "error",
    "msg",
    "reason",
];

/// Objects a message may sit one level inside (`{"error": {"message": "…"}}`).
const MESSAGE_HOLDERS: &[&str] = &["error", "fault"];

impl Builder<'_> {
    /// Records where each declared error body of `op` holds its message.
    pub(super) fn error_messages(&self, op: &mut Operation) {
        for error in &mut op.errors {
            error.message = error.body.as_ref().and_then(|body| self.message_path(body));
        }
    }

    /// The path to the message in a body of type `body`: empty where the body is text itself.
    fn message_path(&self, body: &TypeRef) -> Option<FieldPath> {
        if self.is_text(body) {
            return Some(FieldPath(Vec::new()));
        }
        let fields = self.struct_fields(body);
        if let Some(step) = self.message_field(fields) {
            return Some(FieldPath(vec![step]));
        }
        MESSAGE_HOLDERS.iter().find_map(|holder| {
            let outer = fields
                .iter()
                .find(|f| f.wire_name.eq_ignore_ascii_case(holder))?;
            let inner = self.message_field(self.struct_fields(&outer.ty))?;
            Some(FieldPath(vec![step(outer), inner]))
        })
    }

    /// The first field, in [`MESSAGE_FIELDS`] order, that holds text.
    fn message_field(&self, fields: &[Field]) -> Option<FieldStep> {
        MESSAGE_FIELDS.iter().find_map(|name| {
            fields
                .iter()
                .find(|f| f.wire_name.eq_ignore_ascii_case(name) && self.is_text(&f.ty))
                .map(step)
        })
    }

    /// Whether `ty` is text, through `Option`, `Box`, `Nullable` and aliases.
    fn is_text(&self, ty: &TypeRef) -> bool {
        *self.unwrapped(ty) == TypeRef::String
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::from_yaml;

    /// The message path of the one error response of a spec whose 400 body is `schema`.
    fn message_of(schema: &str) -> Option<String> {
        let api = from_yaml(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n        '204': {{description: ok}}\n        \
             '400':\n          description: bad\n          content:\n            \
             application/json:\n              schema: {schema}\n"
        ));
        let error = &api.operations[0].errors[0];
        error.message.as_ref().map(|path| path.dotted())
    }

    #[test]
    fn a_problem_bodys_detail_is_its_message_not_its_title() {
        assert_eq!(
            message_of(
                "{type: object, properties: {title: {type: string}, detail: {type: string}, status: {type: integer}}}"
            ),
            Some("detail".to_string())
        );
    }

    #[test]
    fn oauth_error_description_comes_before_the_error_code() {
        assert_eq!(
            message_of(
                "{type: object, required: [error], properties: {error: {type: string}, error_description: {type: string}}}"
            ),
            Some("error_description".to_string())
        );
    }

    #[test]
    fn a_message_inside_an_error_object_is_found() {
        assert_eq!(
            message_of(
                "{type: object, properties: {error: {type: object, properties: {code: {type: string}, message: {type: [string, 'null']}}}}}"
            ),
            Some("error.message".to_string())
        );
    }

    #[test]
    fn a_body_without_text_fields_has_no_message_and_a_text_body_is_one() {
        assert_eq!(
            message_of(
                "{type: object, properties: {code: {type: integer}, message: {type: integer}}}"
            ),
            None
        );
        assert_eq!(message_of("{type: string}"), Some(String::new()));
    }
}
