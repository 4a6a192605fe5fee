//! Retrieval and zero-shot scores on hand-made embeddings whose answers are known.

use siglip::eval::metrics::{
    chance_recall, class_embeddings, clean_label, clean_template, prompts, ranking, retrieval,
    zero_shot_accuracy, Embeddings, EvalError,
};

/// One caption per image: image i's is text `of[i]`.
fn one_each(of: &[usize]) -> Vec<Vec<usize>> {
    of.iter().map(|&t| vec![t]).collect()
}

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
    let r = retrieval(&e, &e, &one_each(&[0, 1, 2, 3, 4]), &[1, 5]).unwrap();
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
    let r = retrieval(&images, &texts, &one_each(&[0, 1, 2, 3, 4]), &[1, 2, 5]).unwrap();
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
    let r = retrieval(&same, &same, &one_each(&[0, 1, 2]), &[1, 2, 3]).unwrap();
    assert_eq!(r.image_to_text, vec![1.0 / 3.0, 2.0 / 3.0, 1.0]);
    assert_eq!(r.text_to_image, vec![1.0 / 3.0, 2.0 / 3.0, 1.0]);
}

#[test]
fn several_captions_per_image() {
    // 2 images, 4 captions: captions 0,2 describe image 0; 1,3 image 1. Caption 3 points the
    // wrong way.
    let images = Embeddings::new("img", 2, vec![1.0, 0.0, 0.0, 1.0]).unwrap();
    let texts = Embeddings::new("txt", 2, vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.1, 1.0, 0.0]).unwrap();
    let r = retrieval(&images, &texts, &[vec![0, 2], vec![1, 3]], &[1]).unwrap();
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
        retrieval(&e, &e, &[vec![0], vec![1], vec![5]], &[1]),
        Err(EvalError::BadCaption {
            image: 2,
            caption: 5,
            texts: 3
        })
    );
    assert_eq!(
        retrieval(&e, &e, &[vec![0], vec![1, 2], vec![]], &[1]),
        Err(EvalError::Uncaptioned(2))
    );
    assert!(matches!(
        retrieval(&e, &e, &one_each(&[0, 1]), &[1]),
        Err(EvalError::Ragged { .. })
    ));
    assert_eq!(
        retrieval(&e, &e, &one_each(&[0, 1, 2]), &[0]),
        Err(EvalError::ZeroK)
    );
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
fn labels_and_templates_are_cleaned_as_big_vision_does() {
    // big_vision's _canonicalize: `_` is a space, ASCII punctuation goes (`-` too), class names
    // keep commas and templates keep `{}`; lowercase; whitespace collapsed.
    assert_eq!(clean_label("Grinning Face!"), "grinning face");
    assert_eq!(clean_label("  t-shirt_"), "tshirt");
    assert_eq!(clean_label("O'Neil,  Jr."), "oneil, jr");
    assert_eq!(clean_label("Piñata"), "piñata");
    assert_eq!(clean_template("A photo of a {}."), "a photo of a {}");
    assert_eq!(clean_template("{a} {}, {"), "a {}");
    assert_eq!(
        prompts(
            &["Grinning_Face".into(), "Dog".into()],
            &["{}".into(), "A photo of a {}.".into()]
        ),
        [
            "grinning face",
            "a photo of a grinning face",
            "dog",
            "a photo of a dog"
        ]
    );
}

#[test]
fn images_sharing_a_caption() {
    // Captions t0 = (1,0), t1 = (0,1), t2 = (-1,0) (no image has t2, so it is not a query).
    // Image 1 has caption t1 but points almost along t0: its caption comes second.
    let images = Embeddings::new("img", 2, vec![1.0, 0.0, 1.0, 0.1, 0.0, 1.0]).unwrap();
    let texts = Embeddings::new("txt", 2, vec![1.0, 0.0, 0.0, 1.0, -1.0, 0.0]).unwrap();
    let r = retrieval(&images, &texts, &one_each(&[0, 1, 1]), &[1, 2]).unwrap();
    assert_eq!(r.image_to_text, vec![2.0 / 3.0, 1.0]);
    // t0 finds image 0 first; t1 finds image 2 (one of its two images) first.
    assert_eq!(r.text_to_image, vec![1.0, 1.0]);
}

#[test]
fn several_captions_per_image_and_shared_captions_at_once() {
    // Image 0 = (1,0) has texts 0 = (1,0) and 2 = (0,1); image 1 = (0,1) has text 2 only;
    // image 2 = (0.6,0.8) has text 1 = (-1,0).
    let images = Embeddings::new("img", 2, vec![1.0, 0.0, 0.0, 1.0, 0.6, 0.8]).unwrap();
    let texts = Embeddings::new("txt", 2, vec![1.0, 0.0, -1.0, 0.0, 0.0, 1.0]).unwrap();
    let r = retrieval(&images, &texts, &[vec![0, 2], vec![2], vec![1]], &[1, 2, 10]).unwrap();
    // i→t: image 0 ranks t0 first (hit@1); image 1 ranks t2 first (hit@1); image 2 ranks
    // t2 (0.8), t0 (0.6), t1 (-0.6): its caption comes third.
    assert_eq!(r.image_to_text, vec![2.0 / 3.0, 2.0 / 3.0, 1.0]);
    // t→i: t0 ranks image 0 first; t1 ranks image 1 (0), image 2 (-0.6), image 0 (-1): second
    // is its image; t2 ranks image 1 first, one of its two images.
    assert_eq!(r.text_to_image, vec![2.0 / 3.0, 1.0, 1.0]);
}

#[test]
fn zero_shot_on_identity_and_a_known_permutation() {
    let classes = identity(4);
    let acc = zero_shot_accuracy(&identity(4), &classes, &[0, 1, 2, 3], &[1, 5]).unwrap();
    assert_eq!(acc, vec![1.0, 1.0]);
    // Images 1 and 2 point at each other's class; below it, their own class ties at 0 with the
    // rest, and ties go to the lower class index.
    let images = permuted(&[0, 2, 1, 3]);
    let acc = zero_shot_accuracy(&images, &classes, &[0, 1, 2, 3], &[1, 2, 3]).unwrap();
    // Image 1 (at class 2) ranks 2, then ties 0, 1, 3 by index: own class 1 third.
    // Image 2 (at class 1) ranks 1, then ties 0, 2, 3: own class 2 third.
    assert_eq!(acc, vec![0.5, 0.5, 1.0]);
}

#[test]
fn chance_recall_is_exact() {
    // One right answer among n: k / n.
    assert_eq!(chance_recall(&[1, 1], 10, 1), 0.1);
    assert_eq!(chance_recall(&[1], 10, 5), 0.5);
    // Two right among 10 at k = 2: 1 − C(8,2)/C(10,2) = 1 − 28/45.
    assert!((chance_recall(&[2], 10, 2) - 17.0 / 45.0).abs() < 1e-15);
    // k past the candidates: always a hit; no right answer: never.
    assert_eq!(chance_recall(&[1], 3, 5), 1.0);
    assert_eq!(chance_recall(&[0], 3, 2), 0.0);
    // Averaged over queries, against counting every ordering of 5 candidates (right ones 0..m).
    for (m, k) in [(1, 1), (2, 2), (3, 2), (2, 4)] {
        let orders = permutations(5);
        let hits = orders
            .iter()
            .filter(|order| order[..k].iter().any(|&c| c < m))
            .count();
        let want = hits as f64 / orders.len() as f64;
        let got = chance_recall(&[m], 5, k);
        assert!((got - want).abs() < 1e-15, "m {m} k {k}: {got} vs {want}");
    }
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut p = rest.clone();
            p.insert(at, n - 1);
            out.push(p);
        }
    }
    out
}
