//! `record!`: a dataset record type whose unknown fields are kept.
//!
//! serde's `flatten` would keep them too, but it buffers every field of
//! every record before typing it, which costs the loader a large share of
//! its time on a big file. The visitor generated here types the known
//! fields as they come (keys borrowed from the input, no allocation) and
//! collects only the unknown ones into `extra`.
//!
//! Each record also describes its own shape (`SHAPE`: its fields, what each
//! holds, which are required), so the loader's diagnostic pass can say what
//! a file that does not fit the format should hold, in the format's words.

use serde::Deserialize;

/// What a field holds, as far as a message about a file needs to know.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    String,
    Bool,
    /// Any finite number.
    Number,
    /// A whole number, 0 or more.
    Count,
    /// The inner value, or null.
    Nullable(&'static Expect),
    List(&'static Expect),
    Record(&'static RecordShape),
}

/// A record's fields, in declaration order.
#[derive(Debug)]
pub struct RecordShape {
    /// The type's name (`Relation`).
    pub name: &'static str,
    pub fields: &'static [FieldShape],
}

#[derive(Debug)]
pub struct FieldShape {
    /// The field's JSON key.
    pub key: &'static str,
    pub expect: Expect,
    /// Absent is an error (fields declared without `or default`).
    pub required: bool,
}

/// A type a record field may have.
pub trait Shaped {
    const EXPECT: Expect;
}

impl Shaped for String {
    const EXPECT: Expect = Expect::String;
}

impl Shaped for bool {
    const EXPECT: Expect = Expect::Bool;
}

impl Shaped for f64 {
    const EXPECT: Expect = Expect::Number;
}

impl Shaped for u64 {
    const EXPECT: Expect = Expect::Count;
}

impl<T: Shaped> Shaped for Option<T> {
    const EXPECT: Expect = Expect::Nullable(&T::EXPECT);
}

impl<T: Shaped> Shaped for Vec<T> {
    const EXPECT: Expect = Expect::List(&T::EXPECT);
}

/// An object key: borrowed from the input when it holds no escape.
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(s))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(s))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Declares a record: `pub field: Type = "json key"`, with `or default`
/// for a field that may be absent. The struct gets `extra` for the fields
/// the format does not know; `Serialize` writes them back after the known
/// ones; `SHAPE` describes the fields.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty = $key:literal $(or $default:ident)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $key)]
                pub $field: $ty,
            )*
            /// Fields the format does not know, kept as written.
            #[serde(flatten)]
            #[schemars(skip)]
            pub extra: $crate::data::Extra,
        }

        impl $name {
            /// The record's fields, what each holds and which are required.
            pub const SHAPE: $crate::data::record::RecordShape = $crate::data::record::RecordShape {
                name: stringify!($name),
                fields: &[$(
                    $crate::data::record::FieldShape {
                        key: $key,
                        expect: <$ty as $crate::data::record::Shaped>::EXPECT,
                        required: record!(@required $($default)?),
                    },
                )*],
            };
        }

        impl $crate::data::record::Shaped for $name {
            const EXPECT: $crate::data::record::Expect = $crate::data::record::Expect::Record(&Self::SHAPE);
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct RecordVisitor;
                impl<'de> serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("an object (a ", stringify!($name), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        let mut extra = $crate::data::Extra::new();
                        while let Some(key) = map.next_key::<$crate::data::record::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    $key => {
                                        if $field.is_some() {
                                            return Err(serde::de::Error::duplicate_field($key));
                                        }
                                        $field = Some(map.next_value()?);
                                    }
                                )*
                                _ => {
                                    let value = map.next_value()?;
                                    if extra.insert(key.as_str().to_string(), value).is_some() {
                                        return Err(serde::de::Error::custom(format_args!(
                                            "duplicate field `{}`",
                                            key.as_str()
                                        )));
                                    }
                                }
                            }
                        }
                        Ok($name {
                            $( $field: match $field {
                                Some(value) => value,
                                None => record!(@missing $key $($default)?),
                            }, )*
                            extra,
                        })
                    }
                }
                // As a struct: serde_json then reports a list given for a record
                // at the list's first character.
                d.deserialize_struct(stringify!($name), &[$($key),*], RecordVisitor)
            }
        }
    };
    (@missing $key:literal default) => { Default::default() };
    (@missing $key:literal) => { return Err(serde::de::Error::missing_field($key)) };
    (@required default) => { false };
    (@required) => { true };
}
