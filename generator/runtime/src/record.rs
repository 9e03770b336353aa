//! `Deserialize` for generated structs, written once here instead of derived per struct (and
//! their `Serialize`, in [`write`](fn@write): its module says how).
//!
//! A derived `Deserialize` gives every struct a field-name enum with its own visitor, and a
//! visitor that reads the fields from a map and again from a sequence: about forty lines of
//! code for rustc to check per field, which made up half the time and memory of checking a
//! large client. Here the per-struct part is a table of wire names and a closure building
//! the struct from a tuple of slots (one `Option` per field, [`Slots`], their types inferred
//! from the struct's); reading keys, skipping unknown ones, sequences, duplicate
//! and missing fields are this module's, shared by every struct. What is accepted and every
//! error message are the derive's.
//!
//! Generated code writes, as its `Deserialize::deserialize`:
//!
//! ```
//! # use kapso_codegen_runtime as runtime;
//! # use runtime::serde::{Deserialize, Deserializer};
//! # #[derive(Debug, PartialEq)]
//! # struct Pet { name: String, tag: Option<String> }
//! impl<'de> Deserialize<'de> for Pet {
//!     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         runtime::record::read(
//!             deserializer,
//!             "Pet",
//!             &["name", "tag"],
//!             |(name, tag)| {
//!                 Ok(Pet {
//!                     name: runtime::record::required(name, "name")?,
//!                     tag: runtime::record::optional(tag),
//!                 })
//!             },
//!         )
//!     }
//! }
//! let pet: Pet = runtime::serde_json::from_str(r#"{"name": "Rex", "age": 3}"#).unwrap();
//! assert_eq!(pet, Pet { name: "Rex".into(), tag: None });
//! ```
//!
//! A struct of more than [`MAX_GROUP`] fields has a tuple of groups of slots (its 21st field
//! is the 5th of the second group), each group a tuple of at most that many.

/// Invokes `$impl!` with the type parameters and indexes of every tuple of 1 to
/// [`MAX_GROUP`] items (`A 0, B 1, …`): the tuple impls of [`Slots`] and [`Fields`].
macro_rules! for_each_tuple {
    ($impl:ident) => {
        $impl!(A 0);
        $impl!(A 0, B 1);
        $impl!(A 0, B 1, C 2);
        $impl!(A 0, B 1, C 2, E 3);
        $impl!(A 0, B 1, C 2, E 3, F 4);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9, L 10);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9, L 10, M 11);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9, L 10, M 11, N 12);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9, L 10, M 11, N 12, O 13);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9, L 10, M 11, N 12, O 13, P 14);
        $impl!(A 0, B 1, C 2, E 3, F 4, G 5, H 6, I 7, J 8, K 9, L 10, M 11, N 12, O 13, P 14, Q 15);
    };
}
use for_each_tuple;

mod write;

pub use write::{Field, Fields, field, nullable_field, optional_field, write};

use serde::de::{self, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess};
use serde::{Deserialize, forward_to_deserialize_any};
use std::fmt;
use std::marker::PhantomData;

/// The most slots (or groups) one tuple holds.
pub const MAX_GROUP: usize = 16;

/// The slots of a struct's fields, filled as the input names them: `Option<T>` for one field
/// of type `T`, a tuple of slots for several.
pub trait Slots<'de>: Sized {
    /// How many fields the slots hold.
    const LEN: usize;

    /// The slots with no field read yet.
    fn empty() -> Self;

    /// Reads the value of field `index` (counted within these slots) from `value`.
    fn read<V: Deserializer<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error>;
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Option<T> {
    const LEN: usize = 1;

    fn empty() -> Self {
        None
    }

    fn read<V: Deserializer<'de>>(&mut self, _index: usize, value: V) -> Result<(), V::Error> {
        *self = Some(T::deserialize(value)?);
        Ok(())
    }
}

macro_rules! tuple_slots {
    ($($slot:ident $index:tt),+) => {
        impl<'de, $($slot: Slots<'de>),+> Slots<'de> for ($($slot,)+) {
            const LEN: usize = 0 $(+ $slot::LEN)+;

            fn empty() -> Self {
                ($($slot::empty(),)+)
            }

            fn read<V: Deserializer<'de>>(&mut self, mut index: usize, value: V) -> Result<(), V::Error> {
                $(
                    if index < $slot::LEN {
                        return self.$index.read(index, value);
                    }
                    index -= $slot::LEN;
                )+
                let _ = index;
                IgnoredAny::deserialize(value).map(drop)
            }
        }
    };
}

for_each_tuple!(tuple_slots);

/// Reads a struct named `name` (for messages) whose fields' wire names are `fields`, in
/// declaration order, into its slots, and builds it from them with `finish`: from a map
/// (unknown keys skipped) or, as serde's derive accepts it, from a sequence of the fields in
/// order.
pub fn read<'de, D, S, T, F>(
    deserializer: D,
    name: &'static str,
    fields: &'static [&'static str],
    finish: F,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: Slots<'de>,
    F: FnOnce(S) -> Result<T, FieldError>,
{
    debug_assert_eq!(fields.len(), S::LEN, "one slot per field of {name}");
    deserializer.deserialize_struct(
        name,
        fields,
        RecordVisitor {
            name,
            fields,
            finish,
            slots: PhantomData,
        },
    )
}

/// A required field's value, or the derive's answer for a field the input left out: `None`
/// for an `Option` (a required but nullable field), else a `missing field` error.
pub fn required<'de, T: Deserialize<'de>>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, FieldError> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name)),
    }
}

/// An optional field's value: absent (`None`, or `Nullable::Absent`) when the input left it
/// out.
pub fn optional<T: Default>(slot: Option<T>) -> T {
    slot.unwrap_or_default()
}

/// Why a struct could not be built from the fields read, turned into the input's own error
/// (with its position) by [`read`].
#[derive(Debug)]
pub struct FieldError(FieldErrorKind);

#[derive(Debug)]
enum FieldErrorKind {
    Missing(&'static str),
    Other(String),
}

impl FieldError {
    pub(crate) fn into_error<E: Error>(self) -> E {
        match self.0 {
            FieldErrorKind::Missing(name) => E::missing_field(name),
            FieldErrorKind::Other(message) => E::custom(message),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            FieldErrorKind::Missing(name) => write!(f, "missing field `{name}`"),
            FieldErrorKind::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FieldError {}

impl Error for FieldError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Self(FieldErrorKind::Other(message.to_string()))
    }

    fn missing_field(name: &'static str) -> Self {
        Self(FieldErrorKind::Missing(name))
    }
}

struct RecordVisitor<S, F> {
    name: &'static str,
    fields: &'static [&'static str],
    finish: F,
    slots: PhantomData<S>,
}

impl<'de, S, T, F> de::Visitor<'de> for RecordVisitor<S, F>
where
    S: Slots<'de>,
    F: FnOnce(S) -> Result<T, FieldError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = S::empty();
        let mut seen = Seen::new(self.fields.len());
        while let Some(key) = map.next_key_seed(Key(self.fields))? {
            match key {
                Some(index) => {
                    // A field given twice is an error, at the second key (as with the derive).
                    if seen.insert(index) {
                        return Err(A::Error::duplicate_field(self.fields[index]));
                    }
                    map.next_value_seed(FieldSeed {
                        slots: &mut slots,
                        index,
                    })?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        (self.finish)(slots).map_err(FieldError::into_error)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut slots = S::empty();
        for index in 0..self.fields.len() {
            let field = FieldSeed {
                slots: &mut slots,
                index,
            };
            if seq.next_element_seed(field)?.is_none() {
                break;
            }
        }
        (self.finish)(slots).map_err(FieldError::into_error)
    }
}

/// The fields a map has given so far: bits for up to 128 fields, a vector beyond.
enum Seen {
    Few(u128),
    Many(Vec<bool>),
}

impl Seen {
    fn new(fields: usize) -> Self {
        if fields <= 128 {
            Self::Few(0)
        } else {
            Self::Many(vec![false; fields])
        }
    }

    /// Marks field `index` seen; whether it was already.
    fn insert(&mut self, index: usize) -> bool {
        match self {
            Self::Few(bits) => {
                let bit = 1u128 << index;
                let seen = *bits & bit != 0;
                *bits |= bit;
                seen
            }
            Self::Many(seen) => std::mem::replace(&mut seen[index], true),
        }
    }
}

/// A key of the map: the index of the field it names, `None` for one the struct lacks.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl de::Visitor<'_> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index)
            .ok()
            .filter(|index| *index < self.0.len()))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// The value of field `index`, read into its slot.
pub(crate) struct FieldSeed<'a, S> {
    pub(crate) slots: &'a mut S,
    pub(crate) index: usize,
}

impl<'de, S: Slots<'de>> DeserializeSeed<'de> for FieldSeed<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.slots.read(self.index, deserializer)
    }
}

/// What a left-out field is read from: `None` for an `Option`, else `missing field`
/// (serde's derive does the same).
struct Missing(&'static str);

impl<'de> Deserializer<'de> for Missing {
    type Error = FieldError;

    fn deserialize_any<V: de::Visitor<'de>>(self, _visitor: V) -> Result<V::Value, FieldError> {
        Err(FieldError::missing_field(self.0))
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, FieldError> {
        visitor.visit_none()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written as the generator writes it, beside the same struct derived.
    #[derive(Debug, PartialEq)]
    struct Pet {
        id: i64,
        name: Option<String>,
        owner: Option<String>,
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read(
                deserializer,
                "Pet",
                &["id", "name", "owner"],
                |(id, name, owner)| {
                    Ok(Pet {
                        id: required(id, "id")?,
                        name: optional(name),
                        owner: required(owner, "owner")?,
                    })
                },
            )
        }
    }

    mod derived {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        pub struct Pet {
            pub id: i64,
            #[serde(default)]
            pub name: Option<String>,
            pub owner: Option<String>,
        }
    }

    fn both(json: &str) -> (Result<Pet, String>, Result<derived::Pet, String>) {
        (
            serde_json::from_str(json).map_err(|e| e.to_string()),
            serde_json::from_str(json).map_err(|e| e.to_string()),
        )
    }

    #[test]
    fn reads_as_the_derive_reads() {
        let cases = [
            r#"{"id": 1, "name": "Rex", "owner": "Ada"}"#,
            r#"{"owner": null, "id": 2}"#,
            r#"{"id": 3, "unknown": {"deep": [1, 2]}, "name": null}"#,
            r#"{"name": "Rex"}"#,
            r#"{"id": 1, "id": 2}"#,
            r#"{"id": "one"}"#,
            r#"[4, "Rex", "Ada"]"#,
            r#"[]"#,
            r#""a string""#,
            r#"{"id": 1"#,
        ];
        for json in cases {
            let (ours, derived) = both(json);
            match (&ours, &derived) {
                (Ok(pet), Ok(derived)) => {
                    assert_eq!(
                        (pet.id, &pet.name, &pet.owner),
                        (derived.id, &derived.name, &derived.owner),
                        "{json}"
                    );
                }
                (Err(ours), Err(derived)) if json.starts_with('[') => {
                    // The derive counts elements; a missing one is named by field here.
                    assert!(
                        ours.contains("missing field") || ours == derived,
                        "{json}: {ours}"
                    );
                }
                (Err(ours), Err(derived)) => assert_eq!(ours, derived, "{json}"),
                _ => panic!("{json}: ours {ours:?}, derived {derived:?}"),
            }
        }
    }

    #[test]
    fn a_short_sequence_leaves_the_rest_to_finish() {
        // The derive counts elements (`invalid length 1, expected struct … with 3 elements`);
        // here the fields a sequence leaves out are left out as in a map: `None` for an
        // `Option`, else `missing field`.
        let pet: Pet = serde_json::from_str("[5]").unwrap();
        assert_eq!((pet.id, pet.name, pet.owner), (5, None, None));
        let error = serde_json::from_str::<Pet>("[]").unwrap_err();
        assert_eq!(error.to_string(), "missing field `id` at line 1 column 2");
    }

    #[test]
    fn names_the_struct_and_the_fields_in_errors() {
        let error = serde_json::from_str::<Pet>(r#"{"name": "Rex"}"#).unwrap_err();
        assert_eq!(error.to_string(), "missing field `id` at line 1 column 15");
        let error = serde_json::from_str::<Pet>("true").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: boolean `true`, expected struct Pet at line 1 column 4"
        );
        let error = serde_json::from_str::<Pet>(r#"{"id": 1, "id": 1}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "duplicate field `id` at line 1 column 14"
        );
    }

    #[test]
    fn reads_from_a_map_with_other_key_types() {
        // A deserializer that hands keys over as field indexes (as bincode-like formats may).
        use serde::de::value::{Error as ValueError, MapDeserializer};
        let map = MapDeserializer::<_, ValueError>::new(vec![(0u64, 7i64)].into_iter());
        let id = read(map, "Pet", &["id"], |slots: (Option<i64>,)| {
            required(slots.0, "id")
        });
        assert_eq!(id.unwrap(), 7);
    }

    /// Forty fields: groups of sixteen, as the generator writes a struct that large.
    #[test]
    fn reads_groups_of_slots() {
        type O = Option<u8>;
        type Group = (O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O);
        const NAMES: [&str; 40] = [
            "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13",
            "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25",
            "f26", "f27", "f28", "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37",
            "f38", "f39",
        ];
        type All = (Group, Group, (O, O, O, O, O, O, O, O));
        assert_eq!(<All as Slots>::LEN, 40);
        let json = r#"{"f0": 1, "f15": 2, "f16": 3, "f20": 4, "f39": 5, "f40": 6}"#;
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let slots = read(&mut deserializer, "Big", &NAMES, |slots: All| Ok(slots)).unwrap();
        assert_eq!(
            (slots.0.0, slots.0.15, slots.1.0, slots.1.4),
            (Some(1), Some(2), Some(3), Some(4))
        );
        assert_eq!((slots.2.7, slots.2.6, slots.0.1), (Some(5), None, None));
        let json = r#"[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]"#;
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let slots = read(&mut deserializer, "Big", &NAMES, |slots: All| Ok(slots)).unwrap();
        assert_eq!(
            (slots.0.15, slots.1.1, slots.1.2),
            (Some(15), Some(17), None)
        );
    }
}
