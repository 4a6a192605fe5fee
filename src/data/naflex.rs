//! NaFlex (SigLIP 2) image preprocessing on the host, as `transformers`' `Siglip2ImageProcessor`
//! does it with its PIL backend: the image is resized, keeping its aspect ratio, to the largest
//! whole number of patches per side that fits the patch budget, as PIL resizes (bilinear,
//! antialiased, 8 bits: [`resize_like_pil`]); mapped to
//! [-1, 1]; cut into `p×p` patches flattened in (row, column, channel) order; zero-padded to the
//! budget with a mask of the real patches. Every image so gives the same static shapes.

use image::Rgb32FImage;

use super::image_ops::resize_like_pil;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NaFlexError {
    #[error(
        "a {height}×{width} image needs at least {rows}×{cols} patches of {patch} px to keep its \
         aspect ratio, more than max_num_patches {budget}"
    )]
    OverBudget {
        height: usize,
        width: usize,
        patch: usize,
        budget: usize,
        rows: usize,
        cols: usize,
    },
    #[error("patch size 0 or max_num_patches 0 (patch {patch}, budget {budget})")]
    Zero { patch: usize, budget: usize },
}

/// One preprocessed image.
#[derive(Clone, Debug, PartialEq)]
pub struct NaFlexImage {
    /// `[max_num_patches, patch·patch·3]` values in [-1, 1]; padding patches are zero.
    pub patches: Vec<f32>,
    /// `[max_num_patches]`: whether each patch is real.
    pub mask: Vec<bool>,
    /// Rows and columns of real patches (`spatial_shapes`).
    pub grid: (usize, usize),
}

/// The resize target `(height, width)` in pixels, multiples of `patch`: `transformers`'
/// `get_image_size_for_max_num_patches`, a bisection over the scale (from 1e-6 to 100, stopping
/// at a width of 1e-5) for the largest scale whose patch count fits `budget`. Each side becomes
/// `max(patch, ceil(side · scale / patch) · patch)`.
pub fn target_size(
    height: usize,
    width: usize,
    patch: usize,
    budget: usize,
) -> Result<(usize, usize), NaFlexError> {
    if patch == 0 || budget == 0 {
        return Err(NaFlexError::Zero { patch, budget });
    }
    const EPS: f64 = 1e-5;
    let scaled = |scale: f64, side: usize| -> usize {
        let patches = (side as f64 * scale / patch as f64).ceil() as usize;
        (patches * patch).max(patch)
    };
    let count = |scale: f64| (scaled(scale, height) / patch) * (scaled(scale, width) / patch);
    let (mut lo, mut hi) = (EPS / 10.0, 100.0);
    while hi - lo >= EPS {
        let mid = (lo + hi) / 2.0;
        if count(mid) <= budget {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (h, w) = (scaled(lo, height), scaled(lo, width));
    if (h / patch) * (w / patch) > budget {
        return Err(NaFlexError::OverBudget {
            height,
            width,
            patch,
            budget,
            rows: h / patch,
            cols: w / patch,
        });
    }
    Ok((h, w))
}

/// `image` (RGB, values 0..255) preprocessed for a budget of `budget` patches of `patch` px.
pub fn preprocess(
    image: &Rgb32FImage,
    patch: usize,
    budget: usize,
) -> Result<NaFlexImage, NaFlexError> {
    let (width, height) = image.dimensions();
    let (h, w) = target_size(height as usize, width as usize, patch, budget)?;
    let resized = resize_like_pil(image, h as u32, w as u32);
    let (rows, cols) = (h / patch, w / patch);
    let patch_len = patch * patch * 3;
    let mut patches = vec![0f32; budget * patch_len];
    let pixels = resized.as_raw();
    for r in 0..rows {
        for c in 0..cols {
            let out = &mut patches[(r * cols + c) * patch_len..][..patch_len];
            for y in 0..patch {
                let start = ((r * patch + y) * w + c * patch) * 3;
                let line = &pixels[start..start + patch * 3];
                for (o, &v) in out[y * patch * 3..][..patch * 3].iter_mut().zip(line) {
                    // transformers: rescale by 1/255, then normalise with mean = std = 0.5.
                    *o = ((v as f64 / 255.0 - 0.5) / 0.5) as f32;
                }
            }
        }
    }
    let mask = (0..budget).map(|i| i < rows * cols).collect();
    Ok(NaFlexImage {
        patches,
        mask,
        grid: (rows, cols),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_images_fill_the_largest_square_grid() {
        // 256 patches of 16 px: a 512×512 image becomes 16×16 patches.
        assert_eq!(target_size(512, 512, 16, 256), Ok((256, 256)));
        // A budget of 24 fits 4×4 but not 5×5.
        assert_eq!(target_size(16, 16, 4, 24), Ok((16, 16)));
    }

    #[test]
    fn a_strip_too_long_for_the_budget_is_refused() {
        let err = target_size(1, 100_000_000, 4, 16).unwrap_err();
        assert!(
            matches!(err, NaFlexError::OverBudget { rows: 1, cols, .. } if cols > 16),
            "{err}"
        );
        assert!(err.to_string().contains("max_num_patches 16"), "{err}");
    }
}
