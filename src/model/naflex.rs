//! NaFlex (SigLIP 2) in the image tower's programs: the patch budget of the config, and the
//! packed images of `data::naflex` cut apart inside a program. The host makes everything that
//! depends on an image's shape (its patches and the map from the learned position-embedding grid
//! to its patch grid), so the programs keep static shapes for a budget.

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

/// Packed images `[B, N, packed_width]` (`data::naflex::NaFlexInput::pack_image`) → patches
/// `[B, N, p·p·3]`, resize `[B, N, grid²]` and the mask (pred `[B, N]`).
pub fn unpack(packed: &Tensor, patch_len: i64) -> (Tensor, Tensor, Tensor) {
    let width = packed.dim(2);
    let patches = packed.slice_axis(2, 0, patch_len);
    let resize = packed.slice_axis(2, patch_len, width - 1);
    let flag = packed.slice_axis(2, width - 1, width);
    let flag = flag.reshape(&[packed.dim(0), packed.dim(1)]);
    let real = flag.gt(&flag.scalar_like(0.5));
    (patches, resize, real)
}
