//! `Serialize` for generated structs, written once here instead of derived per struct.
//!
//! A derived `Serialize` writes, per field, a call through the serializer's associated types
//! and a `?`, and a length expression; for rustc that is about as much to check per field
//! as the derived `Deserialize` was. Here the per-struct part is one tuple of [`Field`]s, each
//! a wire name, a reference to the value and whether it is left out; the calls are this
//! module's. What goes on the wire is the derive's: `serialize_struct` with the count of
//! fields written, then `serialize_field` or `skip_field` per field, in declaration order.
//!
//! ```
//! # use kapso_codegen_runtime as runtime;
//! # use runtime::serde::{Serialize, Serializer};
//! # struct Pet { name: String, tag: Option<String> }
//! impl Serialize for Pet {
//!     fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         runtime::record::write(
//!             serializer,
//!             "Pet",
//!             (
//!                 runtime::record::field("name", &self.name),
//!                 runtime::record::optional_field("tag", &self.tag),
//!             ),
//!         )
//!     }
//! }
//! let pet = Pet { name: "Rex".into(), tag: None };
//! assert_eq!(runtime::serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex"}"#);
//! ```
//!
//! A struct of more than [`MAX_GROUP`](super::MAX_GROUP) fields has a tuple of groups of
//! fields, as its slots are grouped to read it.

use crate::Nullable;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Writes the struct named `name` with `fields` (a [`Field`], or a tuple of them).
pub fn write<S: Serializer, F: Fields>(
    serializer: S,
    name: &'static str,
    fields: F,
) -> Result<S::Ok, S::Error> {
    let mut state = serializer.serialize_struct(name, fields.count())?;
    fields.write(&mut state)?;
    state.end()
}

/// A field to write: its wire name, its value, and whether it is left out.
pub struct Field<'a, T: ?Sized> {
    name: &'static str,
    value: &'a T,
    skip: bool,
}

impl<'a, T: ?Sized> Field<'a, T> {
    fn new(name: &'static str, value: &'a T, skip: bool) -> Self {
        Field { name, value, skip }
    }
}

/// A field that is always written.
pub fn field<'a, T: Serialize + ?Sized>(name: &'static str, value: &'a T) -> Field<'a, T> {
    Field::new(name, value, false)
}

/// An optional field, left out when it is `None`.
pub fn optional_field<'a, T: Serialize>(
    name: &'static str,
    value: &'a Option<T>,
) -> Field<'a, Option<T>> {
    Field::new(name, value, value.is_none())
}

/// A field that may be null, left out when it is [`Nullable::Absent`].
pub fn nullable_field<'a, T: Serialize>(
    name: &'static str,
    value: &'a Nullable<T>,
) -> Field<'a, Nullable<T>> {
    Field::new(name, value, value.is_absent())
}

/// The fields of a struct to write: a [`Field`], or a tuple of `Fields`.
pub trait Fields {
    /// How many fields are written (not left out).
    fn count(&self) -> usize;

    /// Writes them, in order, into `state`.
    fn write<S: SerializeStruct>(&self, state: &mut S) -> Result<(), S::Error>;
}

impl<T: Serialize + ?Sized> Fields for Field<'_, T> {
    fn count(&self) -> usize {
        usize::from(!self.skip)
    }

    fn write<S: SerializeStruct>(&self, state: &mut S) -> Result<(), S::Error> {
        if self.skip {
            state.skip_field(self.name)
        } else {
            state.serialize_field(self.name, self.value)
        }
    }
}

macro_rules! tuple_fields {
    ($($field:ident $index:tt),+) => {
        impl<$($field: Fields),+> Fields for ($($field,)+) {
            fn count(&self) -> usize {
                0 $(+ self.$index.count())+
            }

            fn write<S: SerializeStruct>(&self, state: &mut S) -> Result<(), S::Error> {
                $(self.$index.write(state)?;)+
                Ok(())
            }
        }
    };
}

super::for_each_tuple!(tuple_fields);

#[cfg(test)]
mod tests {
    use super::*;

    struct Wide {
        values: Vec<Option<u32>>,
    }

    impl Serialize for Wide {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let v = &self.values;
            let f = |i: usize| optional_field(NAMES[i], &v[i]);
            // Seventeen fields: a group of sixteen and a group of one.
            let first = (
                f(0),
                f(1),
                f(2),
                f(3),
                f(4),
                f(5),
                f(6),
                f(7),
                f(8),
                f(9),
                f(10),
                f(11),
                f(12),
                f(13),
                f(14),
                f(15),
            );
            write(serializer, "Wide", (first, (f(16),)))
        }
    }

    const NAMES: [&str; 17] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
    ];

    #[test]
    fn fields_are_written_in_order_and_left_out_ones_skipped() {
        let mut values = vec![None; 17];
        values[1] = Some(1);
        values[16] = Some(16);
        let json = serde_json::to_string(&Wide { values }).unwrap();
        assert_eq!(json, r#"{"b":1,"q":16}"#);
    }

    #[test]
    fn nullable_fields_are_left_out_only_when_absent() {
        struct Patch(Nullable<String>, Nullable<String>, Nullable<String>);
        impl Serialize for Patch {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let fields = (
                    nullable_field("a", &self.0),
                    nullable_field("b", &self.1),
                    nullable_field("c", &self.2),
                );
                write(serializer, "Patch", fields)
            }
        }
        let patch = Patch(
            Nullable::Absent,
            Nullable::Null,
            Nullable::Value("x".into()),
        );
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"b":null,"c":"x"}"#
        );
    }

    /// The length given to `serialize_struct` counts the fields written, as the derive's does
    /// (formats that write the length first depend on it).
    #[test]
    fn the_length_counts_the_fields_written() {
        let fields = (
            field("a", &1),
            optional_field("b", &None::<u8>),
            field("c", "x"),
        );
        assert_eq!(fields.count(), 2);
    }
}
