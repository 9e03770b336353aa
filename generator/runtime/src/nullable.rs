//! [`Nullable`]: a request field that can be left out, set to null, or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional, nullable field of a request body. `Absent` leaves it out of the JSON (the
/// server keeps what it has), `Null` sends `null` (the server clears it), `Value` sends it.
///
/// ```
/// use kapso_codegen_runtime::Nullable;
///
/// let rename: Nullable<String> = "New name".to_string().into();
/// let clear: Nullable<String> = Nullable::Null;
/// assert_eq!(rename.as_option(), Some(&"New name".to_string()));
/// assert_eq!(clear.as_option(), None);
/// assert!(Nullable::<String>::default().is_absent());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Left out of the body.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if set: absent and null both read as `None`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if set: absent and null both give `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `Some` sets the field, `None` sends `null` (to leave it out, use `Nullable::Absent`).
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            // `Absent` is skipped by the field's `skip_serializing_if`; alone it is null.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// A present `null` is `Null`; a missing field is `Absent` through `#[serde(default)]`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
    }

    #[test]
    fn three_states_on_the_wire() {
        let json = |name| serde_json::to_string(&Patch { name }).unwrap();
        assert_eq!(json(Nullable::Absent), "{}");
        assert_eq!(json(Nullable::Null), r#"{"name":null}"#);
        assert_eq!(json("x".to_string().into()), r#"{"name":"x"}"#);
        let read = |text| serde_json::from_str::<Patch>(text).unwrap().name;
        assert_eq!(read("{}"), Nullable::Absent);
        assert_eq!(read(r#"{"name":null}"#), Nullable::Null);
        assert_eq!(read(r#"{"name":"x"}"#), Nullable::Value("x".to_string()));
    }
}
