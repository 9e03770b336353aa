//! `Deserialize` for generated structs, written once here instead of derived per struct.
//!
//! A derived `Deserialize` gives every struct a field-name enum with its own visitor, and a
//! visitor that reads the fields from a map and again from a sequence: about forty lines of
//! code for rustc to check per field, which made up half the time and memory of checking a
//! large client. Here the per-struct part is a table of wire names and a `match` storing
//! field `i` in slot `i` ([`Record`]); reading keys, skipping unknown ones, sequences,
//! duplicate and missing fields are this module's, shared by every struct. What is accepted
//! and every error message are the derive's.
//!
//! Generated code writes, inside its `Deserialize::deserialize`:
//!
//! ```
//! # use kapso_codegen_runtime as runtime;
//! # use runtime::serde::{Deserialize, Deserializer};
//! # #[derive(Debug, PartialEq)]
//! # struct Pet { name: String, tag: Option<String> }
//! impl<'de> Deserialize<'de> for Pet {
//!     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         struct Fields(Option<String>, Option<Option<String>>);
//!         impl<'de> runtime::record::Record<'de> for Fields {
//!             type Value = Pet;
//!             const FIELDS: &'static [&'static str] = &["name", "tag"];
//!             fn read<V: Deserializer<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error> {
//!                 match index {
//!                     0 => runtime::record::slot(&mut self.0, value),
//!                     1 => runtime::record::slot(&mut self.1, value),
//!                     _ => runtime::record::skip(value),
//!                 }
//!             }
//!             fn finish<E: runtime::serde::de::Error>(self) -> Result<Pet, E> {
//!                 Ok(Pet {
//!                     name: runtime::record::required(self.0, "name")?,
//!                     tag: self.1.unwrap_or_default(),
//!                 })
//!             }
//!         }
//!         runtime::record::read(deserializer, "Pet", Fields(None, None))
//!     }
//! }
//! let pet: Pet = runtime::serde_json::from_str(r#"{"name": "Rex", "age": 3}"#).unwrap();
//! assert_eq!(pet, Pet { name: "Rex".into(), tag: None });
//! ```

use serde::de::{self, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess};
use serde::{Deserialize, forward_to_deserialize_any};
use std::fmt;
use std::marker::PhantomData;

/// The fields of a struct being read: one slot per field, filled as the input names them.
pub trait Record<'de>: Sized {
    /// The struct read.
    type Value;

    /// The fields' names on the wire, in declaration order (a sequence holds them in this
    /// order).
    const FIELDS: &'static [&'static str];

    /// Reads the value of field `index` (of [`FIELDS`](Self::FIELDS)) from `value` into its
    /// slot.
    fn read<V: Deserializer<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error>;

    /// The struct from its slots, once the input has no more fields: a required field left
    /// out is an error here ([`required`]).
    fn finish<E: Error>(self) -> Result<Self::Value, E>;
}

/// Reads a struct named `name` (for messages) through `empty`, its slots all `None`: from a
/// map (unknown keys skipped) or, as serde's derive accepts it, from a sequence of the fields
/// in order.
pub fn read<'de, D: Deserializer<'de>, R: Record<'de>>(
    deserializer: D,
    name: &'static str,
    empty: R,
) -> Result<R::Value, D::Error> {
    deserializer.deserialize_struct(
        name,
        R::FIELDS,
        RecordVisitor {
            name,
            record: empty,
        },
    )
}

/// Stores a field's value in its slot.
pub fn slot<'de, T: Deserialize<'de>, V: Deserializer<'de>>(
    slot: &mut Option<T>,
    value: V,
) -> Result<(), V::Error> {
    *slot = Some(T::deserialize(value)?);
    Ok(())
}

/// Reads and drops a value (an index no field has; never reached from [`read`]).
pub fn skip<'de, V: Deserializer<'de>>(value: V) -> Result<(), V::Error> {
    IgnoredAny::deserialize(value).map(drop)
}

/// A required field's value, or the derive's answer for a field the input left out: `None`
/// for an `Option` (a required but nullable field), else a `missing field` error.
pub fn required<'de, T: Deserialize<'de>, E: Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

struct RecordVisitor<R> {
    name: &'static str,
    record: R,
}

impl<'de, R: Record<'de>> de::Visitor<'de> for RecordVisitor<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<R::Value, A::Error> {
        let mut seen = Seen::new(R::FIELDS.len());
        while let Some(key) = map.next_key_seed(Key(R::FIELDS))? {
            match key {
                Some(index) => {
                    // A field given twice is an error, at the second key (as with the derive).
                    if seen.insert(index) {
                        return Err(A::Error::duplicate_field(R::FIELDS[index]));
                    }
                    map.next_value_seed(Field {
                        record: &mut self.record,
                        index,
                    })?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.record.finish()
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<R::Value, A::Error> {
        for index in 0..R::FIELDS.len() {
            let field = Field {
                record: &mut self.record,
                index,
            };
            if seq.next_element_seed(field)?.is_none() {
                break;
            }
        }
        self.record.finish()
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

/// The value of field `index`, read into the record's slot.
struct Field<'a, R> {
    record: &'a mut R,
    index: usize,
}

impl<'de, R: Record<'de>> DeserializeSeed<'de> for Field<'_, R> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.record.read(self.index, deserializer)
    }
}

/// What a left-out field is read from: `None` for an `Option`, else `missing field`
/// (serde's derive does the same).
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: de::Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
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
            struct Fields(Option<i64>, Option<Option<String>>, Option<Option<String>>);
            impl<'de> Record<'de> for Fields {
                type Value = Pet;
                const FIELDS: &'static [&'static str] = &["id", "name", "owner"];
                fn read<V: Deserializer<'de>>(
                    &mut self,
                    index: usize,
                    value: V,
                ) -> Result<(), V::Error> {
                    match index {
                        0 => slot(&mut self.0, value),
                        1 => slot(&mut self.1, value),
                        2 => slot(&mut self.2, value),
                        _ => skip(value),
                    }
                }
                fn finish<E: Error>(self) -> Result<Pet, E> {
                    Ok(Pet {
                        id: required(self.0, "id")?,
                        name: self.1.unwrap_or_default(),
                        owner: required(self.2, "owner")?,
                    })
                }
            }
            read(deserializer, "Pet", Fields(None, None, None))
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
        let id = read(map, "Pet", PetSlots(None)).unwrap();
        assert_eq!(id, 7);
    }

    struct PetSlots(Option<i64>);

    impl<'de> Record<'de> for PetSlots {
        type Value = i64;
        const FIELDS: &'static [&'static str] = &["id"];
        fn read<V: Deserializer<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error> {
            match index {
                0 => slot(&mut self.0, value),
                _ => skip(value),
            }
        }
        fn finish<E: Error>(self) -> Result<i64, E> {
            required(self.0, "id")
        }
    }
}
