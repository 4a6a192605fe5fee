//! NaFlex (SigLIP 2) geometry that the image tower's program takes as inputs, made on the host so
//! the program keeps static shapes for a patch budget: the linear map from the learned square
//! position-embedding grid to one image's patch grid. It is `torch.nn.functional.interpolate(mode=
//! "bilinear", align_corners=False, antialias=True)`, which `transformers`' `Siglip2Model` uses,
//! written out as a matrix: separable triangle-filter weights whose support widens by the shrink
//! factor, normalised over the input pixels they cover.

use serde::{Deserialize, Serialize};

use super::ModelError;
use crate::graph::Tensor;

/// `model.image.naflex` in YAML: `{max_num_patches: N}`, the patch budget of every image (the
/// programs' static sequence length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NaFlexConfig {
    pub max_num_patches: usize,
}

impl NaFlexConfig {
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.max_num_patches == 0 {
            return Err(ModelError::Config("naflex max_num_patches is 0".into()));
        }
        Ok(())
    }
}

/// One image as a single `[max_patches, packed_width]` f32 input (what the embedding programs
/// take, one tensor per image like a square image's pixels): per patch its `p·p·3` values, its
/// `grid²` position-embedding weights (a row of [`posemb_resize_matrix`]) and a last 1 for a
/// real patch, 0 for padding. [`unpack`] splits it in the program.
pub fn packed_width(patch: usize, grid: usize) -> usize {
    patch * patch * 3 + grid * grid + 1
}

/// Packs one image's `patches` `[max_patches, p·p·3]`, `mask` and resize matrix (see
/// [`packed_width`]).
pub fn pack(patches: &[f32], mask: &[bool], resize: &[f64]) -> Vec<f32> {
    let n = mask.len();
    let (patch_len, grid_len) = (patches.len() / n, resize.len() / n);
    let mut out = Vec::with_capacity(n * (patch_len + grid_len + 1));
    for (i, &real) in mask.iter().enumerate() {
        out.extend_from_slice(&patches[i * patch_len..][..patch_len]);
        out.extend(resize[i * grid_len..][..grid_len].iter().map(|&w| w as f32));
        out.push(if real { 1.0 } else { 0.0 });
    }
    out
}

/// Packed images `[B, N, packed_width]` → patches `[B, N, p·p·3]`, resize `[B, N, grid²]` and the
/// mask (pred `[B, N]`).
pub fn unpack(packed: &Tensor, patch_len: i64) -> (Tensor, Tensor, Tensor) {
    let width = packed.dim(2);
    let patches = packed.slice_axis(2, 0, patch_len);
    let resize = packed.slice_axis(2, patch_len, width - 1);
    let flag = packed.slice_axis(2, width - 1, width);
    let flag = flag.reshape(&[packed.dim(0), packed.dim(1)]);
    let real = flag.gt(&flag.scalar_like(0.5));
    (patches, resize, real)
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
) -> Result<Vec<f64>, ModelError> {
    if height == 0 || width == 0 || height * width > max_patches {
        return Err(ModelError::Input(format!(
            "a {height}×{width} patch grid does not fit a budget of {max_patches} patches"
        )));
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
