//! Embedding records: what SigLiT trains on instead of image records. Each is a `tf.Example`
//! holding a frozen image tower's embedding of one source record's image (`image/embedding`,
//! float_list), that record's captions and label under the data set's own keys, and the source
//! record's byte offset in its shard (`source/offset`), which seeds the record's random draws
//! (caption choice) exactly as the image pipeline seeds them, so training on embeddings sees the
//! same captions in the same order.

use prost::Message;

use super::example::{text_fields, Example, Feature, FeatureKeys, FeatureKind, RawExample};

/// Feature holding the embedding (float_list).
pub const EMBEDDING_KEY: &str = "image/embedding";
/// Feature holding the source record's byte offset (int64_list).
pub const SOURCE_OFFSET_KEY: &str = "source/offset";

/// One embedding record, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbeddedExample {
    pub embedding: Vec<f32>,
    pub captions: Vec<String>,
    pub label: Option<i64>,
    pub source_offset: u64,
}

/// The embedding record of `source` (found at `source_offset` in its shard): its captions and
/// label under `keys`, its image replaced by `embedding`.
pub fn encode(
    source: &RawExample,
    keys: &FeatureKeys,
    embedding: &[f32],
    source_offset: u64,
) -> Vec<u8> {
    let mut example = source.to_example(keys);
    let features = &mut example
        .features
        .get_or_insert_with(Default::default)
        .feature;
    features.remove(&keys.image);
    features.insert(EMBEDDING_KEY.into(), Feature::floats(embedding.to_vec()));
    features.insert(
        SOURCE_OFFSET_KEY.into(),
        Feature::int64(vec![source_offset as i64]),
    );
    example.encode_to_vec()
}

impl EmbeddedExample {
    /// Parses an embedding record; captions and label as [`RawExample::parse`] reads them.
    pub fn parse(payload: &[u8], keys: &FeatureKeys) -> Result<Self, String> {
        let example = Example::decode(payload).map_err(|e| format!("not a tf.Example: {e}"))?;
        let not_embedding = |what: &str| {
            format!("feature `{what}` is missing or of the wrong kind: not an embedding record")
        };
        let embedding = match example.feature(EMBEDDING_KEY).and_then(|f| f.kind.as_ref()) {
            Some(FeatureKind::FloatList(list)) => list.value.clone(),
            _ => return Err(not_embedding(EMBEDDING_KEY)),
        };
        let source_offset = match example
            .feature(SOURCE_OFFSET_KEY)
            .and_then(|f| f.kind.as_ref())
        {
            Some(FeatureKind::Int64List(list)) if list.value.len() == 1 && list.value[0] >= 0 => {
                list.value[0] as u64
            }
            _ => return Err(not_embedding(SOURCE_OFFSET_KEY)),
        };
        let (captions, label) = text_fields(&example, keys).map_err(|e| e.to_string())?;
        Ok(EmbeddedExample {
            embedding,
            captions,
            label,
            source_offset,
        })
    }
}
