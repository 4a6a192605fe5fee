//! NaFlex (SigLIP 2) image preprocessing on the host, as `transformers`' `Siglip2ImageProcessor`
//! does it with its PIL backend: the image is resized, keeping its aspect ratio, to the largest
//! whole number of patches per side that fits the patch budget, as PIL resizes (bilinear,
//! antialiased, 8 bits: [`resize_like_pil`]); mapped to
//! [-1, 1]; cut into `p×p` patches flattened in (row, column, channel) order; zero-padded to the
//! budget with a mask of the real patches. Every image so gives the same static shapes.
//!
//! Each image also gets the linear map from the model's learned square position-embedding grid
//! to its own patch grid ([`posemb_resize_matrix`]): `torch.nn.functional.interpolate(mode=
//! "bilinear", align_corners=False, antialias=True)`, which `transformers`' `Siglip2Model` uses,
//! written out as a matrix: separable triangle-filter weights whose support widens by the shrink
//! factor, normalised over the input pixels they cover. [`NaFlexInput::pack_image`] packs the
//! three (patches, map, mask) into one `[max_num_patches, packed_width]` row per image, which
//! batches, shards and caches like a square image's pixels; [`NaFlexInput::split`] cuts a batch
//! of them into the train step's three inputs.

use image::Rgb32FImage;

use super::image_ops::resize_like_pil;
use crate::tensor::HostTensor;

#[derive(Clone, Debug, thiserror::Error, PartialEq)]
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
    #[error("a {rows}×{cols} patch grid does not fit a budget of {budget} patches")]
    Grid {
        rows: usize,
        cols: usize,
        budget: usize,
    },
    #[error("packed NaFlex images must be [b, {max_num_patches}, {width}], got {shape:?}")]
    PackedShape {
        max_num_patches: usize,
        width: usize,
        shape: Vec<i64>,
    },
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

/// What a NaFlex image tower takes per image, fixed by its model: patch size, patch budget and
/// the side of its learned position-embedding grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NaFlexInput {
    pub patch: usize,
    pub max_num_patches: usize,
    pub posemb_grid: usize,
}

impl NaFlexInput {
    /// Values of one flattened patch (`p·p·3`).
    pub fn patch_len(&self) -> usize {
        self.patch * self.patch * 3
    }

    /// Values per patch of a packed image: its `p·p·3` pixels, its `grid²` position-embedding
    /// weights (a row of [`posemb_resize_matrix`]) and a last 1 for a real patch, 0 for padding.
    pub fn packed_width(&self) -> usize {
        self.patch_len() + self.posemb_grid * self.posemb_grid + 1
    }

    /// `image` (RGB, values 0..255) preprocessed and packed: `[max_num_patches, packed_width]`
    /// values, row-major.
    pub fn pack_image(&self, image: &Rgb32FImage) -> Result<Vec<f32>, NaFlexError> {
        let flex = preprocess(image, self.patch, self.max_num_patches)?;
        let resize = posemb_resize_matrix(self.posemb_grid, flex.grid, self.max_num_patches)?;
        let (patch_len, grid_len) = (self.patch_len(), self.posemb_grid * self.posemb_grid);
        let mut out = Vec::with_capacity(self.max_num_patches * self.packed_width());
        for (i, &real) in flex.mask.iter().enumerate() {
            out.extend_from_slice(&flex.patches[i * patch_len..][..patch_len]);
            out.extend(resize[i * grid_len..][..grid_len].iter().map(|&w| w as f32));
            out.push(if real { 1.0 } else { 0.0 });
        }
        Ok(out)
    }

    /// Packed images `[b, max_num_patches, packed_width]` f32 cut into the NaFlex tower's inputs:
    /// patches `[b, N, p·p·3]` f32, position-embedding maps `[b, N, grid²]` f32 and the mask of
    /// real patches `[b, N]` i32 (1 real, 0 padding).
    pub fn split(
        &self,
        packed: &HostTensor,
    ) -> Result<(HostTensor, HostTensor, HostTensor), NaFlexError> {
        let (n, width) = (self.max_num_patches, self.packed_width());
        let values = match packed.to_vec::<f32>() {
            Ok(v) if packed.shape.len() == 3 && packed.shape[1..] == [n as i64, width as i64] => v,
            _ => {
                return Err(NaFlexError::PackedShape {
                    max_num_patches: n,
                    width,
                    shape: packed.shape.clone(),
                })
            }
        };
        let (patch_len, grid_len) = (self.patch_len(), width - self.patch_len() - 1);
        let rows = values.len() / width;
        let (mut patches, mut resize, mut mask) = (
            Vec::with_capacity(rows * patch_len),
            Vec::with_capacity(rows * grid_len),
            Vec::with_capacity(rows),
        );
        for row in values.chunks_exact(width) {
            patches.extend_from_slice(&row[..patch_len]);
            resize.extend_from_slice(&row[patch_len..patch_len + grid_len]);
            mask.push(i32::from(row[width - 1] > 0.5));
        }
        let b = packed.shape[0];
        let tensor = |shape: &[i64], values: &[f32]| -> HostTensor {
            HostTensor::from_slice(shape, values).expect("sized by the packed shape")
        };
        Ok((
            tensor(&[b, n as i64, patch_len as i64], &patches),
            tensor(&[b, n as i64, grid_len as i64], &resize),
            HostTensor::from_slice(&[b, n as i64], &mask).expect("sized by the packed shape"),
        ))
    }
}

/// `[out_len][in_len]` weights of 1-D antialiased bilinear resampling from `in_len` to
/// `out_len` samples (PyTorch's `_upsample_bilinear2d_aa` weights, in f64).
pub fn interpolation_weights(in_len: usize, out_len: usize) -> Vec<Vec<f64>> {
    let scale = in_len as f64 / out_len as f64;
    // Shrinking widens the triangle to `scale` input pixels each side; stretching keeps it at 1.
    let (support, inv_scale) = if scale >= 1.0 {
        (scale, 1.0 / scale)
    } else {
        (1.0, 1.0)
    };
    (0..out_len)
        .map(|o| {
            let centre = scale * (o as f64 + 0.5);
            // Input pixel i (centre i + 0.5) has weight tri((i + 0.5 − centre) / support).
            let lo = ((centre - support + 0.5).floor().max(0.0)) as usize;
            let hi = (((centre + support + 0.5).floor()) as usize).min(in_len);
            let mut row = vec![0.0; in_len];
            for (i, w) in row.iter_mut().enumerate().take(hi).skip(lo) {
                *w = (1.0 - ((i as f64 - centre + 0.5) * inv_scale).abs()).max(0.0);
            }
            let total: f64 = row.iter().sum();
            if total != 0.0 {
                row.iter_mut().for_each(|w| *w /= total);
            }
            row
        })
        .collect()
}

/// Row-major `[max_patches, grid²]` matrix taking the learned `grid × grid` position embedding
/// (rows in (y, x) order) to an image of `height × width` patches: row `y·width + x` holds the
/// weights of that patch; the rows of padding patches (from `height·width` on) are zero.
pub fn posemb_resize_matrix(
    grid: usize,
    (height, width): (usize, usize),
    max_patches: usize,
) -> Result<Vec<f64>, NaFlexError> {
    if height == 0 || width == 0 || height * width > max_patches {
        return Err(NaFlexError::Grid {
            rows: height,
            cols: width,
            budget: max_patches,
        });
    }
    let (rows, cols) = (
        interpolation_weights(grid, height),
        interpolation_weights(grid, width),
    );
    let mut matrix = vec![0.0; max_patches * grid * grid];
    for (y, wy) in rows.iter().enumerate() {
        for (x, wx) in cols.iter().enumerate() {
            let row = &mut matrix[(y * width + x) * grid * grid..][..grid * grid];
            for (gy, &a) in wy.iter().enumerate() {
                for (gx, &b) in wx.iter().enumerate() {
                    row[gy * grid + gx] = a * b;
                }
            }
        }
    }
    Ok(matrix)
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

    #[test]
    fn same_size_is_the_identity() {
        let w = interpolation_weights(4, 4);
        for (o, row) in w.iter().enumerate() {
            for (i, &v) in row.iter().enumerate() {
                assert_eq!(v, if i == o { 1.0 } else { 0.0 });
            }
        }
    }

    #[test]
    fn halving_averages_pairs_and_doubling_interpolates() {
        // Shrinking 4 → 2: support 2, first centre 1; inputs 0..3 (centres 0.5..3.5) lie 0.5,
        // 0.5, 1.5, 2.5 from it → triangle 0.75, 0.75, 0.25, 0, normalised by their sum 1.75.
        let w = interpolation_weights(4, 2);
        let expect0 = [0.75 / 1.75, 0.75 / 1.75, 0.25 / 1.75, 0.0];
        for (got, want) in w[0].iter().zip(expect0) {
            assert!((got - want).abs() < 1e-15, "{:?}", w[0]);
        }
        // Stretching 2 → 4: output 1 (centre 0.75) is 3/4 of input 0 and 1/4 of input 1.
        let w = interpolation_weights(2, 4);
        assert_eq!(w[0], [1.0, 0.0]);
        assert_eq!(w[1], [0.75, 0.25]);
        assert_eq!(w[2], [0.25, 0.75]);
    }

    #[test]
    fn a_grid_that_does_not_fit_the_budget_is_refused() {
        let err = posemb_resize_matrix(4, (3, 3), 8).unwrap_err();
        assert!(err.to_string().contains("3×3"), "{err}");
    }
}
