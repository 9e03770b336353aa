//! Bytes carried in JSON as base64 text: a string schema's `contentEncoding: base64`
//! ([`Base64`]) or `base64url` ([`Base64Url`]). The value holds the decoded bytes; serde
//! writes them encoded and reads them back.

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Reading accepts either alphabet, padded or not: servers differ in what they send.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(true)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decodes `text` in either alphabet.
fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    STANDARD
        .decode(text)
        .or_else(|error| URL_SAFE.decode(text).map_err(|_| error))
}

macro_rules! encoded_bytes {
    ($(#[$doc:meta])* $name:ident, $engine:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub Vec<u8>);

        impl $name {
            /// The bytes.
            pub fn into_vec(self) -> Vec<u8> {
                self.0
            }

            /// The bytes as they are sent: encoded.
            pub fn encode(&self) -> String {
                $engine.encode(&self.0)
            }

            /// The bytes `text` encodes, in either alphabet, padded or not.
            pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
                decode(text).map(Self)
            }
        }

        impl std::ops::Deref for $name {
            type Target = [u8];

            fn deref(&self) -> &[u8] {
                &self.0
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        impl From<Vec<u8>> for $name {
            fn from(bytes: Vec<u8>) -> Self {
                Self(bytes)
            }
        }

        impl From<&[u8]> for $name {
            fn from(bytes: &[u8]) -> Self {
                Self(bytes.to_vec())
            }
        }

        impl From<$name> for Vec<u8> {
            fn from(value: $name) -> Vec<u8> {
                value.0
            }
        }

        /// The encoded text, as sent in a query string or header.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.encode())
            }
        }

        /// The encoded text: the bytes are often large or binary.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.encode())
            }
        }

        impl std::str::FromStr for $name {
            type Err = base64::DecodeError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::decode(text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.encode())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Text;

                impl Visitor<'_> for Text {
                    type Value = $name;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }

                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$name, E> {
                        $name::decode(text).map_err(|error| E::custom(format!("{} ({error})", $what)))
                    }
                }

                deserializer.deserialize_str(Text)
            }
        }
    };
}

encoded_bytes!(
    /// Bytes sent as base64 text (`contentEncoding: base64`; RFC 4648 §4, padded).
    Base64,
    STANDARD,
    "base64 text"
);

encoded_bytes!(
    /// Bytes sent as base64url text (`contentEncoding: base64url`; RFC 4648 §5, padded).
    Base64Url,
    URL_SAFE,
    "base64url text"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_encoded_and_reads_either_alphabet() {
        let bytes = Base64(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""+/8B""#);
        let url = Base64Url(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_string(&url).unwrap(), r#""-_8B""#);
        for text in [r#""+/8B""#, r#""-_8B""#] {
            assert_eq!(serde_json::from_str::<Base64>(text).unwrap(), bytes);
            assert_eq!(serde_json::from_str::<Base64Url>(text).unwrap(), url);
        }
        // Padding is written, and read whether there or not.
        assert_eq!(Base64(b"hi".to_vec()).to_string(), "aGk=");
        assert_eq!(Base64::decode("aGk").unwrap().0, b"hi");
        assert_eq!(
            format!("{:?}", Base64Url(b"hi".to_vec())),
            r#"Base64Url("aGk=")"#
        );
    }

    #[test]
    fn text_that_is_not_base64_is_an_error() {
        let error = serde_json::from_str::<Base64>(r#""not base64!""#).unwrap_err();
        assert!(
            error.to_string().starts_with("base64 text (Invalid"),
            "{error}"
        );
        let error = serde_json::from_str::<Base64>("12").unwrap_err();
        assert!(
            error.to_string().contains("expected base64 text"),
            "{error}"
        );
    }
}
