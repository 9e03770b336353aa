//! `Deserialize` for generated tuple structs (JSON Schema 2020-12 `prefixItems`): the items
//! are read into a tuple of slots ([`Slots`], as a struct's fields are), then, for a tuple
//! that is not closed, what follows them into a `Vec`. Generated code writes:
//!
//! ```
//! # use kapso_codegen_runtime as runtime;
//! # use runtime::serde::{Deserialize, Deserializer};
//! # #[derive(Debug, PartialEq)]
//! /// `prefixItems: [{type: number}, {type: number}]`, `items: {type: string}`.
//! pub struct Point(pub f64, pub f64, pub Vec<String>);
//!
//! impl<'de> Deserialize<'de> for Point {
//!     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         runtime::tuple::read(deserializer, "Point", |(item0, item1), rest| {
//!             Ok(Point(runtime::tuple::item(item0)?, runtime::tuple::item(item1)?, rest))
//!         })
//!     }
//! }
//! let point: Point = runtime::serde_json::from_str(r#"[1.5, 2, "a"]"#).unwrap();
//! assert_eq!(point, Point(1.5, 2.0, vec!["a".into()]));
//! let error = runtime::serde_json::from_str::<Point>("[1.5]").unwrap_err();
//! assert!(error.to_string().starts_with("invalid length 1, expected tuple Point of 2 items"));
//! ```
//!
//! ([`read_closed`] for a tuple with nothing after its items: a longer array is an error.)

use crate::record::{FieldError, FieldSeed, Slots};
use serde::Deserialize;
use serde::de::{self, Deserializer, Error, IgnoredAny, SeqAccess};
use std::fmt;
use std::marker::PhantomData;

/// Reads a tuple named `name` (for messages): its items into slots, the rest into a `Vec`,
/// and builds it with `finish`.
pub fn read<'de, D, S, R, T, F>(
    deserializer: D,
    name: &'static str,
    finish: F,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: Slots<'de>,
    R: Deserialize<'de>,
    F: FnOnce(S, Vec<R>) -> Result<T, FieldError>,
{
    deserializer.deserialize_seq(TupleVisitor::new(name, false, finish))
}

/// [`read`] for a closed tuple: an array longer than its items is an error.
pub fn read_closed<'de, D, S, T>(
    deserializer: D,
    name: &'static str,
    finish: impl FnOnce(S) -> Result<T, FieldError>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: Slots<'de>,
{
    let finish = |slots, _: Vec<IgnoredAny>| finish(slots);
    deserializer.deserialize_seq(TupleVisitor::new(name, true, finish))
}

/// An item's value (the visitor has checked that every item is there).
pub fn item<T>(slot: Option<T>) -> Result<T, FieldError> {
    slot.ok_or_else(|| FieldError::custom("a tuple item is missing"))
}

struct TupleVisitor<S, R, F> {
    name: &'static str,
    closed: bool,
    finish: F,
    types: PhantomData<(S, R)>,
}

impl<S, R, F> TupleVisitor<S, R, F> {
    fn new(name: &'static str, closed: bool, finish: F) -> Self {
        Self {
            name,
            closed,
            finish,
            types: PhantomData,
        }
    }
}

impl<'de, S, R, T, F> de::Visitor<'de> for TupleVisitor<S, R, F>
where
    S: Slots<'de>,
    R: Deserialize<'de>,
    F: FnOnce(S, Vec<R>) -> Result<T, FieldError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tuple {} of {} items", self.name, S::LEN)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut slots = S::empty();
        for index in 0..S::LEN {
            let field = FieldSeed {
                slots: &mut slots,
                index,
            };
            if seq.next_element_seed(field)?.is_none() {
                return Err(A::Error::invalid_length(index, &self));
            }
        }
        let mut rest = Vec::new();
        if self.closed {
            if seq.next_element::<IgnoredAny>()?.is_some() {
                return Err(A::Error::invalid_length(S::LEN + 1, &self));
            }
        } else {
            while let Some(item) = seq.next_element()? {
                rest.push(item);
            }
        }
        (self.finish)(slots, rest).map_err(FieldError::into_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pair(i64, Option<String>);

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read_closed(deserializer, "Pair", |(a, b)| Ok(Pair(item(a)?, item(b)?)))
        }
    }

    #[test]
    fn a_closed_tuple_takes_exactly_its_items() {
        let pair: Pair = serde_json::from_str(r#"[1, null]"#).unwrap();
        assert_eq!(pair, Pair(1, None));
        let error = serde_json::from_str::<Pair>("[1, \"a\", 2]").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid length 3, expected tuple Pair of 2 items"),
            "{error}"
        );
        let error = serde_json::from_str::<Pair>("[]").unwrap_err();
        assert!(error.to_string().starts_with("invalid length 0"), "{error}");
        let error = serde_json::from_str::<Pair>(r#"{"a": 1}"#).unwrap_err();
        assert!(
            error.to_string().contains("expected tuple Pair of 2 items"),
            "{error}"
        );
    }
}
