//! `multipart/form-data` bodies: a typed body becomes one part per top-level property.
//!
//! Strings, numbers and booleans are text parts, arrays of them repeated parts, objects
//! JSON parts (`application/json`, the OpenAPI default), [`File`]s file parts with their
//! name and media type. Absent and null properties send no part.

use serde::ser::{self, Impossible, Serialize};
use serde_json::Value;

/// A file in a `multipart/form-data` body (an OpenAPI `format: binary` property).
///
/// In JSON, where binary has no standard form, it is the tuple `[bytes, file_name,
/// content_type]`; it decodes from a JSON string (its UTF-8 bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            ..File::default()
        }
    }

    /// The file name sent with the part (default: the property's name).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type (default: `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

/// The newtype name that tells [`Grab`] a value is a [`File`].
const FILE: &str = "$kapso_codegen_runtime::File";

struct ByteSlice<'a>(&'a [u8]);

impl Serialize for ByteSlice<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl Serialize for File {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = (
            ByteSlice(&self.bytes),
            self.file_name.as_deref(),
            self.content_type.as_deref(),
        );
        serializer.serialize_newtype_struct(FILE, &fields)
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}

/// The parts of a body, in property order.
/// The parts of `body`; `content_types` are the spec's `encoding` media types for some
/// properties (text parts sent with it, files without their own), by property name.
pub(crate) fn form(
    body: &impl Serialize,
    content_types: &[(&str, &str)],
) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in properties(body)? {
        let content_type = content_types
            .iter()
            .find(|(property, _)| *property == name)
            .map(|(_, content_type)| *content_type);
        form = add(form, name, value, content_type)?;
    }
    Ok(form)
}

enum Property {
    Files(Vec<File>),
    Json(Value),
}

/// The body's top-level properties, in the order the type declares them: files recognised,
/// everything else as JSON. Each property is serialized once (a file never becomes JSON).
fn properties(body: &impl Serialize) -> Result<Vec<(String, Property)>, String> {
    match body.serialize(Grab { top: true }) {
        Ok(Grabbed::Object(properties)) => Ok(properties),
        Err(GrabError::Failed(error)) => Err(error),
        Ok(_) | Err(GrabError::NotAFile) => {
            let value = serde_json::to_value(body).map_err(|e| e.to_string())?;
            Err(format!(
                "a multipart body must be an object, not {}",
                kind(&value)
            ))
        }
    }
}

fn add(
    mut form: reqwest::multipart::Form,
    name: String,
    value: Property,
    content_type: Option<&str>,
) -> Result<reqwest::multipart::Form, String> {
    use reqwest::multipart::Part;
    let typed = |text: String, content_type: &str| {
        Part::text(text)
            .mime_str(content_type)
            .map_err(|e| e.to_string())
    };
    match value {
        Property::Files(files) => {
            for file in files {
                let file_name = file.file_name.unwrap_or_else(|| name.clone());
                let content_type = file.content_type.unwrap_or_else(|| {
                    content_type
                        .unwrap_or("application/octet-stream")
                        .to_owned()
                });
                let part = Part::bytes(file.bytes)
                    .file_name(file_name)
                    .mime_str(&content_type)
                    .map_err(|e| e.to_string())?;
                form = form.part(name.clone(), part);
            }
        }
        Property::Json(Value::Null) => {}
        Property::Json(Value::Array(items)) if items.iter().all(is_scalar) => {
            for item in items {
                form = add(form, name.clone(), Property::Json(item), content_type)?;
            }
        }
        Property::Json(Value::String(text)) => match content_type {
            Some(content_type) => form = form.part(name, typed(text, content_type)?),
            None => form = form.text(name, text),
        },
        Property::Json(value @ (Value::Number(_) | Value::Bool(_))) => match content_type {
            Some(content_type) => form = form.part(name, typed(value.to_string(), content_type)?),
            None => form = form.text(name, value.to_string()),
        },
        // Objects and arrays of them are JSON parts whatever `encoding` says.
        Property::Json(value) => {
            form = form.part(name, typed(value.to_string(), "application/json")?)
        }
    }
    Ok(form)
}

fn is_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What [`Grab`] keeps of a value: enough to find files, nothing else.
enum Grabbed {
    File(File),
    Files(Vec<File>),
    /// The properties of the body (only at the top).
    Object(Vec<(String, Property)>),
    Bytes(Vec<u8>),
    Text(Option<String>),
    Tuple(Vec<Grabbed>),
    Other,
}

/// A property of the body: its files, or else its JSON value.
fn property<T: Serialize + ?Sized>(value: &T) -> Result<Property, GrabError> {
    match value.serialize(Grab { top: false }) {
        Ok(Grabbed::File(file)) => Ok(Property::Files(vec![file])),
        Ok(Grabbed::Files(files)) => Ok(Property::Files(files)),
        _ => serde_json::to_value(value)
            .map(Property::Json)
            .map_err(|e| GrabError::Failed(e.to_string())),
    }
}

/// A serializer that finds files. At the top (`top`) it takes the body object apart into its
/// properties; below, it gives up at the first value that cannot be or hold a file.
#[derive(Clone, Copy)]
struct Grab {
    top: bool,
}

#[derive(Debug)]
enum GrabError {
    /// The value is no file (and, at the top, no object): looked at no further.
    NotAFile,
    /// A property could not be serialized.
    Failed(String),
}

impl std::fmt::Display for GrabError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrabError::NotAFile => f.write_str("not a file"),
            GrabError::Failed(error) => f.write_str(error),
        }
    }
}

impl std::error::Error for GrabError {}

impl ser::Error for GrabError {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        GrabError::Failed(message.to_string())
    }
}

macro_rules! other {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Grabbed, GrabError> { Ok(Grabbed::Other) })*
    };
}

impl ser::Serializer for Grab {
    type Ok = Grabbed;
    type Error = GrabError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Impossible<Grabbed, GrabError>;
    type SerializeTupleVariant = Impossible<Grabbed, GrabError>;
    type SerializeMap = Fields;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Grabbed, GrabError>;

    other! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_unit(); serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_str(self, value: &str) -> Result<Grabbed, GrabError> {
        Ok(Grabbed::Text(Some(value.to_owned())))
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<Grabbed, GrabError> {
        Ok(Grabbed::Bytes(value.to_vec()))
    }

    fn serialize_none(self) -> Result<Grabbed, GrabError> {
        Ok(Grabbed::Text(None))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Grabbed, GrabError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Grabbed, GrabError> {
        let inner = value.serialize(self)?;
        if name != FILE {
            return Ok(inner);
        }
        match inner {
            Grabbed::Tuple(fields) => {
                let mut fields = fields.into_iter();
                let (
                    Some(Grabbed::Bytes(bytes)),
                    Some(Grabbed::Text(file_name)),
                    Some(Grabbed::Text(content_type)),
                ) = (fields.next(), fields.next(), fields.next())
                else {
                    return Err(GrabError::NotAFile);
                };
                Ok(Grabbed::File(File {
                    bytes,
                    file_name,
                    content_type,
                }))
            }
            _ => Err(GrabError::NotAFile),
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<Grabbed, GrabError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Collect, GrabError> {
        Ok(Collect(Vec::new()))
    }

    fn serialize_tuple(self, _: usize) -> Result<Collect, GrabError> {
        Ok(Collect(Vec::new()))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, GrabError> {
        Err(GrabError::NotAFile)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, GrabError> {
        Err(GrabError::NotAFile)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Fields, GrabError> {
        self.object()
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, GrabError> {
        self.object()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, GrabError> {
        Err(GrabError::NotAFile)
    }
}

impl Grab {
    /// The body object's properties; below the top, an object is no file.
    fn object(self) -> Result<Fields, GrabError> {
        if self.top {
            Ok(Fields::default())
        } else {
            Err(GrabError::NotAFile)
        }
    }
}

/// The elements of a sequence or tuple: a list of files, or the fields of a [`File`].
struct Collect(Vec<Grabbed>);

impl Collect {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) {
        let item = value.serialize(Grab { top: false });
        self.0.push(item.unwrap_or(Grabbed::Other));
    }

    fn finish(self) -> Grabbed {
        if !self.0.is_empty() && self.0.iter().all(|item| matches!(item, Grabbed::File(_))) {
            let files = self.0.into_iter().filter_map(|item| match item {
                Grabbed::File(file) => Some(file),
                _ => None,
            });
            Grabbed::Files(files.collect())
        } else {
            Grabbed::Tuple(self.0)
        }
    }
}

impl ser::SerializeSeq for Collect {
    type Ok = Grabbed;
    type Error = GrabError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GrabError> {
        self.push(value);
        Ok(())
    }

    fn end(self) -> Result<Grabbed, GrabError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for Collect {
    type Ok = Grabbed;
    type Error = GrabError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GrabError> {
        self.push(value);
        Ok(())
    }

    fn end(self) -> Result<Grabbed, GrabError> {
        Ok(Grabbed::Tuple(self.0))
    }
}

/// The properties of the body, by name (flattened fields arrive as map entries).
#[derive(Default)]
struct Fields {
    fields: Vec<(String, Property)>,
    key: Option<String>,
}

impl ser::SerializeStruct for Fields {
    type Ok = Grabbed;
    type Error = GrabError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), GrabError> {
        self.fields.push((key.to_owned(), property(value)?));
        Ok(())
    }

    fn end(self) -> Result<Grabbed, GrabError> {
        Ok(Grabbed::Object(self.fields))
    }
}

impl ser::SerializeMap for Fields {
    type Ok = Grabbed;
    type Error = GrabError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), GrabError> {
        self.key = match key.serialize(Grab { top: false })? {
            Grabbed::Text(Some(key)) => Some(key),
            _ => None,
        };
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), GrabError> {
        if let Some(key) = self.key.take() {
            self.fields.push((key, property(value)?));
        }
        Ok(())
    }

    fn end(self) -> Result<Grabbed, GrabError> {
        Ok(Grabbed::Object(self.fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Upload {
        name: String,
        count: i64,
        tags: Vec<String>,
        meta: serde_json::Value,
        photo: File,
        #[serde(skip_serializing_if = "Option::is_none")]
        thumbnail: Option<File>,
        attachments: Vec<File>,
        note: Option<String>,
    }

    #[test]
    fn files_are_found_among_the_properties() {
        let upload = Upload {
            name: "Cappuccino".into(),
            count: 2,
            tags: vec!["hot".into(), "milk".into()],
            meta: serde_json::json!({"a": 1}),
            photo: File::new(vec![0x89, b'P', b'N', b'G']).file_name("cup.png"),
            thumbnail: None,
            attachments: vec![File::new(b"one".to_vec()), File::new(b"two".to_vec())],
            note: None,
        };
        let parts = properties(&upload).unwrap();
        let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "name",
                "count",
                "tags",
                "meta",
                "photo",
                "attachments",
                "note"
            ]
        );
        let files = |name: &str| match &parts.iter().find(|(n, _)| n == name).unwrap().1 {
            Property::Files(files) => files.clone(),
            Property::Json(value) => panic!("{name} is JSON: {value}"),
        };
        assert_eq!(files("photo")[0].bytes(), [0x89, b'P', b'N', b'G']);
        assert_eq!(files("photo")[0].file_name.as_deref(), Some("cup.png"));
        assert_eq!(files("attachments").len(), 2);
        assert!(matches!(
            parts[0].1,
            Property::Json(Value::String(ref s)) if s == "Cappuccino"
        ));
        assert!(properties(&vec![1, 2]).is_err());
    }
}
