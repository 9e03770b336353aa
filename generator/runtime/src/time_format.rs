//! `time`'s date-times and dates on the wire as RFC 3339 (`2026-08-01T09:30:00Z`) and
//! ISO 8601 (`2026-08-01`), in every shape generated code holds them (`Option`, `Vec`, maps,
//! `Nullable`, `Box`): generated fields of those types say
//! `#[serde(with = "runtime::time_format")]` (`time`'s own serde formats are not these).

use crate::nullable::Nullable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use time::format_description::well_known::Rfc3339;

/// A shape holding `time` values that [`serialize`] and [`deserialize`] write and read.
pub trait Shape: Sized {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `serialize_with` of generated fields.
pub fn serialize<T: Shape, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_in(serializer)
}

/// `deserialize_with` of generated fields.
pub fn deserialize<'de, T: Shape, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_in(deserializer)
}

struct Out<'a, T>(&'a T);

impl<T: Shape> Serialize for Out<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_in(serializer)
    }
}

struct In<T>(T);

impl<'de, T: Shape> Deserialize<'de> for In<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_in(deserializer).map(In)
    }
}

impl Shape for time::OffsetDateTime {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        time::OffsetDateTime::parse(&text, &Rfc3339).map_err(serde::de::Error::custom)
    }
}

impl Shape for time::Date {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = format!(
            "{:04}-{:02}-{:02}",
            self.year(),
            u8::from(self.month()),
            self.day()
        );
        serializer.serialize_str(&text)
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_date(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

/// `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

impl<T: Shape> Shape for Option<T> {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Out(value)),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<In<T>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

impl<T: Shape> Shape for Nullable<T> {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize_in(serializer),
            // Absent fields are skipped before they get here.
            Nullable::Null | Nullable::Absent => serializer.serialize_none(),
        }
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<In<T>>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value.0),
            None => Nullable::Null,
        })
    }
}

impl<T: Shape> Shape for Box<T> {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_in(serializer)
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_in(deserializer).map(Box::new)
    }
}

impl<T: Shape> Shape for Vec<T> {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Out))
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = Vec::<In<T>>::deserialize(deserializer)?;
        Ok(values.into_iter().map(|value| value.0).collect())
    }
}

impl<T: Shape> Shape for BTreeMap<String, T> {
    fn serialize_in<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Out(value))))
    }

    fn deserialize_in<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = BTreeMap::<String, In<T>>::deserialize(deserializer)?;
        Ok(values
            .into_iter()
            .map(|(key, value)| (key, value.0))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        #[serde(with = "super")]
        at: time::OffsetDateTime,
        #[serde(with = "super", default)]
        on: Option<Vec<time::Date>>,
        #[serde(with = "super", default, skip_serializing_if = "Nullable::is_absent")]
        patch: Nullable<time::OffsetDateTime>,
    }

    #[test]
    fn date_times_and_dates_go_out_and_come_back_in_rfc_3339_in_every_shape() {
        let json = serde_json::json!({
            "at": "2026-08-01T09:30:00Z",
            "on": ["2026-08-01", "2026-12-31"],
            "patch": null
        });
        let sample: Sample = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(sample.at.unix_timestamp(), 1_785_576_600);
        assert_eq!(sample.patch, Nullable::Null);
        assert_eq!(serde_json::to_value(&sample).unwrap(), json);
        let absent: Sample =
            serde_json::from_str(r#"{"at": "2026-08-01T09:30:00+02:00"}"#).unwrap();
        assert_eq!(absent.patch, Nullable::Absent);
        assert!(serde_json::from_str::<Sample>(r#"{"at": "yesterday"}"#).is_err());
    }
}
