//! Retrieval and zero-shot classification scores on embeddings already computed (host side).
//! Rankings are by cosine similarity; ties are broken deterministically by the lower index, so a
//! score never depends on sort stability or thread timing.

use std::fmt;

/// Row-major `[rows, dim]` embeddings.
#[derive(Clone, Debug, PartialEq)]
pub struct Embeddings {
    pub dim: usize,
    pub data: Vec<f32>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EvalError {
    #[error("{what}: {len} values do not form rows of {dim}")]
    Ragged {
        what: String,
        len: usize,
        dim: usize,
    },
    #[error("image embeddings have dimension {images}, text embeddings {texts}")]
    DimMismatch { images: usize, texts: usize },
    #[error("{0} is empty")]
    Empty(String),
    #[error("caption {caption} belongs to image {image}, but there are only {images} images")]
    BadOwner {
        caption: usize,
        image: usize,
        images: usize,
    },
    #[error("image {0} has no caption")]
    Uncaptioned(usize),
    #[error("label {label} of example {example} is not a class (there are {classes})")]
    BadLabel {
        example: usize,
        label: usize,
        classes: usize,
    },
    #[error("k must be at least 1")]
    ZeroK,
}

impl Embeddings {
    pub fn new(what: &str, dim: usize, data: Vec<f32>) -> Result<Self, EvalError> {
        if dim == 0 || !data.len().is_multiple_of(dim) {
            return Err(EvalError::Ragged {
                what: what.to_string(),
                len: data.len(),
                dim,
            });
        }
        Ok(Embeddings { dim, data })
    }

    pub fn rows(&self) -> usize {
        self.data.len() / self.dim
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// Each row scaled to unit L2 norm (a zero row stays zero).
    pub fn normalized(&self) -> Embeddings {
        let mut data = self.data.clone();
        for row in data.chunks_mut(self.dim) {
            let norm = row.iter().map(|v| (*v as f64).powi(2)).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|v| *v = (*v as f64 / norm) as f32);
            }
        }
        Embeddings {
            dim: self.dim,
            data,
        }
    }
}

/// `a · b` accumulated in f64.
fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum()
}

/// Cosine similarities `[a.rows, b.rows]`.
pub fn cosine_matrix(a: &Embeddings, b: &Embeddings) -> Vec<Vec<f64>> {
    let (a, b) = (a.normalized(), b.normalized());
    (0..a.rows())
        .map(|i| (0..b.rows()).map(|j| dot(a.row(i), b.row(j))).collect())
        .collect()
}

/// Candidate indices from most to least similar; equal scores keep the lower index first.
pub fn ranking(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[j].total_cmp(&scores[i]).then(i.cmp(&j)));
    order
}

/// Recall@k for the `ks` asked for, as fractions in [0, 1].
#[derive(Clone, Debug, PartialEq)]
pub struct Recall {
    pub ks: Vec<usize>,
    pub image_to_text: Vec<f64>,
    pub text_to_image: Vec<f64>,
}

impl fmt::Display for Recall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.ks.iter().enumerate() {
            write!(
                f,
                "{}i→t R@{k} {:.4}  t→i R@{k} {:.4}",
                if i == 0 { "" } else { "  " },
                self.image_to_text[i],
                self.text_to_image[i]
            )?;
        }
        Ok(())
    }
}

/// Image↔text retrieval. `owner[c]` is the image caption `c` describes (several captions per
/// image allowed; every image needs one). Image→text: a hit at k when any of the image's
/// captions is among the k most similar texts. Text→image: when its own image is among the k most
/// similar images.
pub fn retrieval(
    images: &Embeddings,
    texts: &Embeddings,
    owner: &[usize],
    ks: &[usize],
) -> Result<Recall, EvalError> {
    check_pair(images, texts)?;
    if owner.len() != texts.rows() {
        return Err(EvalError::Ragged {
            what: "caption owners".into(),
            len: owner.len(),
            dim: texts.rows(),
        });
    }
    let n_images = images.rows();
    let mut captioned = vec![false; n_images];
    for (caption, &image) in owner.iter().enumerate() {
        if image >= n_images {
            return Err(EvalError::BadOwner {
                caption,
                image,
                images: n_images,
            });
        }
        captioned[image] = true;
    }
    if let Some(image) = captioned.iter().position(|c| !c) {
        return Err(EvalError::Uncaptioned(image));
    }
    let queries: Vec<usize> = (0..texts.rows()).collect();
    recall_both_ways(images, texts, &queries, |i, c| owner[c] == i, ks)
}

/// Retrieval when several images may share one caption text (the texts are distinct captions;
/// `caption_of_image[i]` is image i's). Image→text: a hit at k when image i's caption is among
/// the k texts most similar to it. Text→image: a hit at k when any image with that caption is
/// among the k images most similar to it; texts no image has are not queries.
pub fn retrieval_shared_captions(
    images: &Embeddings,
    texts: &Embeddings,
    caption_of_image: &[usize],
    ks: &[usize],
) -> Result<Recall, EvalError> {
    check_pair(images, texts)?;
    if caption_of_image.len() != images.rows() {
        return Err(EvalError::Ragged {
            what: "image captions".into(),
            len: caption_of_image.len(),
            dim: images.rows(),
        });
    }
    if let Some((example, &label)) = caption_of_image
        .iter()
        .enumerate()
        .find(|(_, &c)| c >= texts.rows())
    {
        return Err(EvalError::BadLabel {
            example,
            label,
            classes: texts.rows(),
        });
    }
    let queries: Vec<usize> = (0..texts.rows())
        .filter(|t| caption_of_image.contains(t))
        .collect();
    recall_both_ways(images, texts, &queries, |i, c| caption_of_image[i] == c, ks)
}

/// Recall@k both ways when `matches(image, text)` says which pairs are right; every image is a
/// query, and the texts in `text_queries` (each must match some image).
fn recall_both_ways(
    images: &Embeddings,
    texts: &Embeddings,
    text_queries: &[usize],
    matches: impl Fn(usize, usize) -> bool,
    ks: &[usize],
) -> Result<Recall, EvalError> {
    if ks.contains(&0) {
        return Err(EvalError::ZeroK);
    }
    let sim = cosine_matrix(images, texts);
    let first_hit = |scores: &[f64], hit: &dyn Fn(usize) -> bool| {
        ranking(scores)
            .iter()
            .position(|&j| hit(j))
            .expect("every query has a right answer")
    };
    let i2t: Vec<usize> = (0..images.rows())
        .map(|i| first_hit(&sim[i], &|c| matches(i, c)))
        .collect();
    let t2i: Vec<usize> = text_queries
        .iter()
        .map(|&c| {
            let column: Vec<f64> = sim.iter().map(|row| row[c]).collect();
            first_hit(&column, &|i| matches(i, c))
        })
        .collect();
    Ok(Recall {
        ks: ks.to_vec(),
        image_to_text: recall_at(&i2t, ks),
        text_to_image: recall_at(&t2i, ks),
    })
}

/// The fraction of `ranks` (0-based rank of the first right answer per query) below each k.
fn recall_at(ranks: &[usize], ks: &[usize]) -> Vec<f64> {
    ks.iter()
        .map(|&k| ranks.iter().filter(|&&r| r < k).count() as f64 / ranks.len() as f64)
        .collect()
}

fn check_pair(images: &Embeddings, texts: &Embeddings) -> Result<(), EvalError> {
    if images.dim != texts.dim {
        return Err(EvalError::DimMismatch {
            images: images.dim,
            texts: texts.dim,
        });
    }
    if images.rows() == 0 {
        return Err(EvalError::Empty("image embeddings".into()));
    }
    if texts.rows() == 0 {
        return Err(EvalError::Empty("text embeddings".into()));
    }
    Ok(())
}

/// One embedding per class: the mean of its prompt embeddings (each L2-normalised first), then
/// normalised again (CLIP / big_vision). `prompts` is `[classes · templates, dim]`, class-major.
pub fn class_embeddings(prompts: &Embeddings, templates: usize) -> Result<Embeddings, EvalError> {
    if templates == 0 || !prompts.rows().is_multiple_of(templates) {
        return Err(EvalError::Ragged {
            what: "prompt embeddings per class".into(),
            len: prompts.rows(),
            dim: templates,
        });
    }
    let unit = prompts.normalized();
    let mut data = Vec::with_capacity(prompts.rows() / templates * prompts.dim);
    for class in unit.data.chunks(templates * prompts.dim) {
        for d in 0..prompts.dim {
            let sum: f64 = (0..templates)
                .map(|t| class[t * prompts.dim + d] as f64)
                .sum();
            data.push((sum / templates as f64) as f32);
        }
    }
    Ok(Embeddings {
        dim: prompts.dim,
        data,
    }
    .normalized())
}

/// Zero-shot top-k accuracy for each k: an image counts when its label is among the k classes most
/// similar to it.
pub fn zero_shot_accuracy(
    images: &Embeddings,
    classes: &Embeddings,
    labels: &[usize],
    ks: &[usize],
) -> Result<Vec<f64>, EvalError> {
    check_pair(images, classes)?;
    if ks.contains(&0) {
        return Err(EvalError::ZeroK);
    }
    if labels.len() != images.rows() {
        return Err(EvalError::Ragged {
            what: "labels".into(),
            len: labels.len(),
            dim: images.rows(),
        });
    }
    if let Some((example, &label)) = labels
        .iter()
        .enumerate()
        .find(|(_, &l)| l >= classes.rows())
    {
        return Err(EvalError::BadLabel {
            example,
            label,
            classes: classes.rows(),
        });
    }
    let sim = cosine_matrix(images, classes);
    let ranks: Vec<usize> = sim
        .iter()
        .zip(labels)
        .map(|(row, &label)| ranking(row).iter().position(|&c| c == label).unwrap())
        .collect();
    Ok(recall_at(&ranks, ks))
}

/// Label cleaning before prompting: lowercase, `_` and `-` read as spaces, other punctuation
/// dropped, whitespace collapsed.
pub fn clean_label(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c.is_whitespace() {
                c.to_lowercase().next().unwrap_or(c)
            } else if c == '_' || c == '-' {
                ' '
            } else {
                '\0'
            }
        })
        .filter(|&c| c != '\0')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
