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
    #[error("image {image} has caption {caption}, but there are only {texts} texts")]
    BadCaption {
        image: usize,
        caption: usize,
        texts: usize,
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

/// Image↔text retrieval for any relation between images and texts: `captions[i]` lists the
/// texts that describe image `i` (at least one; a text may describe several images, as when
/// captions are compared as strings). Image→text: a hit at k when any of the image's texts is
/// among the k texts most similar to it. Text→image: a hit at k when any image the text describes
/// is among the k images most similar to it; texts that describe no image are not queries.
pub fn retrieval(
    images: &Embeddings,
    texts: &Embeddings,
    captions: &[Vec<usize>],
    ks: &[usize],
) -> Result<Recall, EvalError> {
    check_pair(images, texts)?;
    if captions.len() != images.rows() {
        return Err(EvalError::Ragged {
            what: "captions per image".into(),
            len: captions.len(),
            dim: images.rows(),
        });
    }
    let mut described = vec![false; texts.rows()];
    for (image, own) in captions.iter().enumerate() {
        if own.is_empty() {
            return Err(EvalError::Uncaptioned(image));
        }
        for &caption in own {
            if caption >= texts.rows() {
                return Err(EvalError::BadCaption {
                    image,
                    caption,
                    texts: texts.rows(),
                });
            }
            described[caption] = true;
        }
    }
    let queries: Vec<usize> = (0..texts.rows()).filter(|&t| described[t]).collect();
    recall_both_ways(images, texts, &queries, |i, c| captions[i].contains(&c), ks)
}

/// Recall@k of a random ranking, averaged over queries: a query with `m` right answers among `n`
/// candidates misses the first k with probability C(n − m, k) / C(n, k).
pub fn chance_recall(right_per_query: &[usize], candidates: usize, k: usize) -> f64 {
    let miss = |m: usize| -> f64 {
        (0..k.min(candidates))
            .map(|j| (candidates.saturating_sub(m + j)) as f64 / (candidates - j) as f64)
            .product()
    };
    let total: f64 = right_per_query.iter().map(|&m| 1.0 - miss(m)).sum();
    total / right_per_query.len() as f64
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

/// A class name as big_vision prompts it (`prompt_engineering.get_class_names`): `_` read as a
/// space, ASCII punctuation other than `,` dropped (so `t-shirt` becomes `tshirt`), lowercased,
/// whitespace collapsed and trimmed.
pub fn clean_label(label: &str) -> String {
    canonicalize(label, ",")
}

/// A prompt template as big_vision cleans it: as [`clean_label`], but keeping each `{}` (the
/// class name's place) instead of commas.
pub fn clean_template(template: &str) -> String {
    canonicalize(template, "{}")
}

/// big_vision's `_canonicalize(text, keep_punctuation_exact_string=keep)`.
fn canonicalize(text: &str, keep: &str) -> String {
    let spaced = text.replace('_', " ");
    let stripped: Vec<String> = spaced
        .split(keep)
        .map(|part| part.chars().filter(|c| !c.is_ascii_punctuation()).collect())
        .collect();
    stripped
        .join(keep)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The prompts of `classes` under `templates`, class-major (all templates of class 0 first), as
/// [`class_embeddings`] expects them: each template's `{}` replaced by the cleaned class name.
pub fn prompts(classes: &[String], templates: &[String]) -> Vec<String> {
    let templates: Vec<String> = templates.iter().map(|t| clean_template(t)).collect();
    classes
        .iter()
        .flat_map(|class| {
            let name = clean_label(class);
            templates
                .iter()
                .map(move |t| t.replace("{}", &name))
                .collect::<Vec<_>>()
        })
        .collect()
}
