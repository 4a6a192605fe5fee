//! `tf.Example` protos (hand-written prost structs matching tensorflow's `example.proto` and
//! `feature.proto`) and extraction of the image / caption / label fields the trainer needs.

use std::collections::BTreeMap;

use prost::Message;
use serde::{Deserialize, Serialize};

/// `tensorflow.Example`: `Features features = 1`.
#[derive(Clone, PartialEq, Message)]
pub struct Example {
    #[prost(message, optional, tag = "1")]
    pub features: Option<Features>,
}

/// `tensorflow.Features`: `map<string, Feature> feature = 1`. Kept sorted so that an example
/// always serializes to the same bytes (a hash map would write its keys in a random order).
#[derive(Clone, PartialEq, Message)]
pub struct Features {
    #[prost(btree_map = "string, message", tag = "1")]
    pub feature: BTreeMap<String, Feature>,
}

/// `tensorflow.Feature`: `oneof kind { BytesList bytes_list = 1; FloatList float_list = 2;
/// Int64List int64_list = 3; }`.
#[derive(Clone, PartialEq, Message)]
pub struct Feature {
    #[prost(oneof = "FeatureKind", tags = "1, 2, 3")]
    pub kind: Option<FeatureKind>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
pub enum FeatureKind {
    #[prost(message, tag = "1")]
    BytesList(BytesList),
    #[prost(message, tag = "2")]
    FloatList(FloatList),
    #[prost(message, tag = "3")]
    Int64List(Int64List),
}

/// `repeated bytes value = 1`.
#[derive(Clone, PartialEq, Message)]
pub struct BytesList {
    #[prost(bytes = "vec", repeated, tag = "1")]
    pub value: Vec<Vec<u8>>,
}

/// `repeated float value = 1 [packed = true]`.
#[derive(Clone, PartialEq, Message)]
pub struct FloatList {
    #[prost(float, repeated, tag = "1")]
    pub value: Vec<f32>,
}

/// `repeated int64 value = 1 [packed = true]`.
#[derive(Clone, PartialEq, Message)]
pub struct Int64List {
    #[prost(int64, repeated, tag = "1")]
    pub value: Vec<i64>,
}

impl Feature {
    pub fn bytes(values: Vec<Vec<u8>>) -> Self {
        Feature {
            kind: Some(FeatureKind::BytesList(BytesList { value: values })),
        }
    }

    pub fn int64(values: Vec<i64>) -> Self {
        Feature {
            kind: Some(FeatureKind::Int64List(Int64List { value: values })),
        }
    }

    pub fn floats(values: Vec<f32>) -> Self {
        Feature {
            kind: Some(FeatureKind::FloatList(FloatList { value: values })),
        }
    }
}

impl Example {
    pub fn from_features(features: impl IntoIterator<Item = (String, Feature)>) -> Self {
        Example {
            features: Some(Features {
                feature: features.into_iter().collect(),
            }),
        }
    }

    pub fn feature(&self, key: &str) -> Option<&Feature> {
        self.features.as_ref()?.feature.get(key)
    }
}

/// Names of the features holding each field (configurable; defaults follow common image-text sets).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeatureKeys {
    /// Encoded image bytes (bytes_list, first entry used).
    pub image: String,
    /// Caption(s): bytes_list with one or more UTF-8 entries.
    pub caption: String,
    /// Optional class label (int64_list, first entry used).
    pub label: Option<String>,
}

impl Default for FeatureKeys {
    fn default() -> Self {
        FeatureKeys {
            image: "image/encoded".into(),
            caption: "caption".into(),
            label: None,
        }
    }
}

/// The fields of one record the pipeline uses, still undecoded.
#[derive(Clone, Debug, PartialEq)]
pub struct RawExample {
    pub image: Vec<u8>,
    pub captions: Vec<String>,
    pub label: Option<i64>,
}

/// Why a record's payload could not give a [`RawExample`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExampleError {
    #[error("not a tf.Example proto: {0}")]
    Proto(String),
    #[error("missing feature `{0}`")]
    Missing(String),
    #[error("feature `{key}` is not a {expected}")]
    WrongKind { key: String, expected: &'static str },
    #[error("feature `{0}` is empty")]
    Empty(String),
    #[error("caption is not UTF-8")]
    CaptionUtf8,
}

fn bytes_values<'a>(example: &'a Example, key: &str) -> Result<&'a [Vec<u8>], ExampleError> {
    match example.feature(key).map(|f| &f.kind) {
        None | Some(None) => Err(ExampleError::Missing(key.into())),
        Some(Some(FeatureKind::BytesList(list))) if list.value.is_empty() => {
            Err(ExampleError::Empty(key.into()))
        }
        Some(Some(FeatureKind::BytesList(list))) => Ok(&list.value),
        Some(Some(_)) => Err(ExampleError::WrongKind {
            key: key.into(),
            expected: "bytes_list",
        }),
    }
}

/// The captions and (when `keys.label` is set) the label of `example`.
pub fn text_fields(
    example: &Example,
    keys: &FeatureKeys,
) -> Result<(Vec<String>, Option<i64>), ExampleError> {
    let captions = bytes_values(example, &keys.caption)?
        .iter()
        .map(|c| String::from_utf8(c.clone()).map_err(|_| ExampleError::CaptionUtf8))
        .collect::<Result<Vec<_>, _>>()?;
    let label = match &keys.label {
        None => None,
        Some(key) => match example.feature(key).map(|f| &f.kind) {
            None | Some(None) => return Err(ExampleError::Missing(key.clone())),
            Some(Some(FeatureKind::Int64List(list))) => Some(
                *list
                    .value
                    .first()
                    .ok_or_else(|| ExampleError::Empty(key.clone()))?,
            ),
            Some(Some(_)) => {
                return Err(ExampleError::WrongKind {
                    key: key.clone(),
                    expected: "int64_list",
                })
            }
        },
    };
    Ok((captions, label))
}

impl RawExample {
    /// Parses a serialized `tf.Example` and pulls out the configured fields.
    pub fn parse(payload: &[u8], keys: &FeatureKeys) -> Result<Self, ExampleError> {
        let example = Example::decode(payload).map_err(|e| ExampleError::Proto(e.to_string()))?;
        let image = bytes_values(&example, &keys.image)?[0].clone();
        let (captions, label) = text_fields(&example, keys)?;
        Ok(RawExample {
            image,
            captions,
            label,
        })
    }

    /// Serializes as a `tf.Example` under the given keys (the inverse of [`RawExample::parse`]).
    pub fn to_example(&self, keys: &FeatureKeys) -> Example {
        let mut features = vec![
            (keys.image.clone(), Feature::bytes(vec![self.image.clone()])),
            (
                keys.caption.clone(),
                Feature::bytes(
                    self.captions
                        .iter()
                        .map(|c| c.as_bytes().to_vec())
                        .collect(),
                ),
            ),
        ];
        if let (Some(key), Some(label)) = (&keys.label, self.label) {
            features.push((key.clone(), Feature::int64(vec![label])));
        }
        Example::from_features(features)
    }
}
