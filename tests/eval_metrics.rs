//! Retrieval and zero-shot scores on hand-made embeddings whose answers are known.

use siglip::eval::metrics::{
    class_embeddings, clean_label, ranking, retrieval, retrieval_shared_captions,
    zero_shot_accuracy, Embeddings, EvalError,
};

fn identity(n: usize) -> Embeddings {
    let mut data = vec![0.0; n * n];
    for i in 0..n {
        data[i * n + i] = 1.0;
    }
    Embeddings::new("identity", n, data).unwrap()
}

/// Rows of the identity permuted: row `i` is unit vector `perm[i]`.
fn permuted(perm: &[usize]) -> Embeddings {
    let n = perm.len();
    let mut data = vec![0.0; n * n];
    for (i, &p) in perm.iter().enumerate() {
        data[i * n + p] = 1.0;
    }
    Embeddings::new("permuted", n, data).unwrap()
}

#[test]
fn identity_embeddings_give_perfect_recall() {
    let e = identity(5);
    let r = retrieval(&e, &e, &[0, 1, 2, 3, 4], &[1, 5]).unwrap();
    assert_eq!(r.image_to_text, vec![1.0, 1.0]);
    assert_eq!(r.text_to_image, vec![1.0, 1.0]);
}

#[test]
fn a_known_permutation_gives_the_expected_recall() {
    // Texts are the identity; images 0 and 1 swapped their directions, so 3 of 5 images find
    // their caption at rank 1 and the two swapped ones find it at rank 2 (the other direction is
    // orthogonal and tied with the rest at 0, and wins the tie only when its index is lower).
    let images = permuted(&[1, 0, 2, 3, 4]);
    let texts = identity(5);
    let r = retrieval(&images, &texts, &[0, 1, 2, 3, 4], &[1, 2, 5]).unwrap();
    // Image 0 points at text 1: its own caption 0 ties at 0 with texts 2..4 and comes first among
    // them by index, so rank 2. Image 1 points at text 0: caption 1 ties with 2..4, rank 2.
    assert_eq!(r.image_to_text, vec![0.6, 1.0, 1.0]);
    assert_eq!(r.text_to_image, vec![0.6, 1.0, 1.0]);
}

#[test]
fn ties_are_broken_by_lower_index() {
    assert_eq!(ranking(&[0.5, 0.9, 0.5, 0.9]), vec![1, 3, 0, 2]);
    // All embeddings identical: every query ranks candidate 0 first.
    let same = Embeddings::new("same", 2, vec![1.0, 0.0, 1.0, 0.0, 1.0, 0.0]).unwrap();
    let r = retrieval(&same, &same, &[0, 1, 2], &[1, 2, 3]).unwrap();
    assert_eq!(r.image_to_text, vec![1.0 / 3.0, 2.0 / 3.0, 1.0]);
    assert_eq!(r.text_to_image, vec![1.0 / 3.0, 2.0 / 3.0, 1.0]);
}

#[test]
fn several_captions_per_image() {
    // 2 images, 4 captions: captions 0,2 describe image 0; 1,3 image 1. Caption 3 points the
    // wrong way.
    let images = Embeddings::new("img", 2, vec![1.0, 0.0, 0.0, 1.0]).unwrap();
    let texts = Embeddings::new("txt", 2, vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.1, 1.0, 0.0]).unwrap();
    let r = retrieval(&images, &texts, &[0, 1, 0, 1], &[1]).unwrap();
    assert_eq!(r.image_to_text, vec![1.0]);
    assert_eq!(r.text_to_image, vec![0.75]);
}

#[test]
fn zero_shot_averages_prompts_per_class() {
    // 2 classes × 2 templates. Class 0's prompts are (1,0) and (1,1)/√2 → mean direction at 22.5°;
    // class 1's are (0,1) twice.
    let s = 1.0 / 2f32.sqrt();
    let prompts = Embeddings::new("prompts", 2, vec![1.0, 0.0, s, s, 0.0, 1.0, 0.0, 2.0]).unwrap();
    let classes = class_embeddings(&prompts, 2).unwrap();
    let angle = std::f64::consts::PI / 8.0;
    assert!(
        (classes.data[0] as f64 - angle.cos()).abs() < 3e-7,
        "f32 storage"
    );
    assert!(
        (classes.data[1] as f64 - angle.sin()).abs() < 3e-7,
        "f32 storage"
    );
    assert_eq!(&classes.data[2..], &[0.0, 1.0]);
    // An image at 30° is closer to class 0 (22.5°) than class 1 (90°); one at 60° to class 1.
    let at = |deg: f64| {
        let r = deg.to_radians();
        [r.cos() as f32, r.sin() as f32]
    };
    let images = Embeddings::new("img", 2, [at(30.0), at(60.0), at(80.0)].concat()).unwrap();
    let acc = zero_shot_accuracy(&images, &classes, &[0, 0, 1], &[1, 2]).unwrap();
    assert_eq!(acc, vec![2.0 / 3.0, 1.0]);
}

#[test]
fn bad_inputs_are_errors() {
    let e = identity(3);
    assert_eq!(
        retrieval(&e, &e, &[0, 1, 5], &[1]),
        Err(EvalError::BadOwner {
            caption: 2,
            image: 5,
            images: 3
        })
    );
    assert_eq!(
        retrieval(&e, &e, &[0, 1, 1], &[1]),
        Err(EvalError::Uncaptioned(2))
    );
    assert_eq!(retrieval(&e, &e, &[0, 1, 2], &[0]), Err(EvalError::ZeroK));
    assert!(Embeddings::new("x", 2, vec![1.0; 3]).is_err());
    assert!(matches!(
        zero_shot_accuracy(&e, &identity(2), &[0, 1, 2], &[1]),
        Err(EvalError::DimMismatch { .. })
    ));
    assert!(matches!(
        zero_shot_accuracy(&e, &e, &[0, 1, 3], &[1]),
        Err(EvalError::BadLabel { .. })
    ));
}

#[test]
fn labels_are_cleaned_like_prompts_expect() {
    assert_eq!(clean_label("Grinning Face!"), "grinning face");
    assert_eq!(clean_label("  t-shirt_"), "t shirt");
    assert_eq!(clean_label("O'Neil, Jr."), "oneil jr");
}

#[test]
fn images_sharing_a_caption() {
    // Captions t0 = (1,0), t1 = (0,1), t2 = (-1,0) (no image has t2, so it is not a query).
    // Image 1 has caption t1 but points almost along t0: its caption comes second.
    let images = Embeddings::new("img", 2, vec![1.0, 0.0, 1.0, 0.1, 0.0, 1.0]).unwrap();
    let texts = Embeddings::new("txt", 2, vec![1.0, 0.0, 0.0, 1.0, -1.0, 0.0]).unwrap();
    let r = retrieval_shared_captions(&images, &texts, &[0, 1, 1], &[1, 2]).unwrap();
    assert_eq!(r.image_to_text, vec![2.0 / 3.0, 1.0]);
    // t0 finds image 0 first; t1 finds image 2 (one of its two images) first.
    assert_eq!(r.text_to_image, vec![1.0, 1.0]);
    assert!(matches!(
        retrieval_shared_captions(&images, &texts, &[0, 3, 1], &[1]),
        Err(EvalError::BadLabel { .. })
    ));
}
