//! Zero-shot label ranking for single images, as `siglip zero-shot` shows it: each label scored
//! by SigLIP's own independent probability σ(t·cos + b) and by the softmax of the logits over the
//! labels. Labels are ranked most probable first; equal scores keep the lower label index first.

use super::metrics::{cosine_matrix, ranking, Embeddings, EvalError};

/// One label's scores for one image.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelScore {
    /// Index into the label list.
    pub label: usize,
    /// σ(t·cos + b): the model's probability that the label describes the image, on its own.
    pub sigmoid: f64,
    /// exp(t·cos) normalised over the labels (b cancels).
    pub softmax: f64,
}

/// For each image, every label ranked by its score. `t` is the temperature exp(t'), `b` the bias.
pub fn rank_labels(
    images: &Embeddings,
    labels: &Embeddings,
    t: f64,
    b: f64,
) -> Result<Vec<Vec<LabelScore>>, EvalError> {
    if images.dim != labels.dim {
        return Err(EvalError::DimMismatch {
            images: images.dim,
            texts: labels.dim,
        });
    }
    if labels.rows() == 0 {
        return Err(EvalError::Empty("the label list".into()));
    }
    Ok(cosine_matrix(images, labels)
        .iter()
        .map(|cosines| {
            let logits: Vec<f64> = cosines.iter().map(|c| t * c + b).collect();
            // Shifted by the largest logit so that exp cannot overflow.
            let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = logits.iter().map(|z| (z - top).exp()).sum();
            ranking(&logits)
                .into_iter()
                .map(|label| LabelScore {
                    label,
                    sigmoid: sigmoid(logits[label]),
                    softmax: (logits[label] - top).exp() / total,
                })
                .collect()
        })
        .collect())
}

/// The logistic function, accurate for large |z| on either side.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
