//! The train step as one program on D replicas: forward of both towers on this replica's shard,
//! the loss share, backward, gradients summed over replicas (the shares sum to the global loss,
//! so the summed gradient is the global one), then the optimizer update.
//!
//! Its signature, by name: inputs `params/<path>` (every parameter), `opt/<slot>/<path>` and
//! `opt/count` (optimizer state), `sched`, `batch/images` `[b, H, W, 3]`, `batch/tokens`
//! `[b, L]` i32 (a NaFlex image tower takes, instead of the images, `batch/patches`
//! `[b, N, p·p·3]`, `batch/posemb_resize` `[b, N, grid²]` and `batch/mask` `[b, N]` i32, as
//! `data::naflex` makes them; for SigLiT on embedding shards, `batch/image_embeddings` `[b, E]`
//! instead of the images, and then no `params/img/...` input: the program has no image tower);
//! outputs `params/<path>` (trainable parameters only), `opt/...`,
//! `metrics/loss` (global), `metrics/grad_norm`. Every input that is also an output is donated
//! to it; frozen parameters (SigLiT) are plain inputs with no gradient, state or decay. Every
//! float input and output is in the step's `dtype`.

use std::collections::BTreeMap;

use anyhow::{bail, ensure, Result};

use crate::graph::{grad, Graph, Tensor};
use crate::loss::{self, LossKind};
use crate::model::params::{Compute, Params};
use crate::model::two_towers::{self, TwoTowerConfig, IMAGE};
use crate::optim::{OptState, Optimizer, OptimizerConfig};
use crate::program::{join, NamedModule, NamedValues};
use crate::tensor::DType;

pub use crate::checkpoint::{OPT, PARAMS};
pub const COUNT: &str = "opt/count";
pub const SCHED: &str = "sched";
pub const IMAGES: &str = "batch/images";
pub const IMAGE_EMBEDDINGS: &str = "batch/image_embeddings";
pub const PATCHES: &str = "batch/patches";
pub const POSEMB_RESIZE: &str = "batch/posemb_resize";
pub const MASK: &str = "batch/mask";
pub const TOKENS: &str = "batch/tokens";
pub const LOSS: &str = "metrics/loss";
pub const GRAD_NORM: &str = "metrics/grad_norm";

/// Everything that fixes the train-step program.
#[derive(Clone, Debug)]
pub struct StepSpec {
    pub model: TwoTowerConfig,
    pub loss: LossKind,
    /// Includes which parameters are frozen (`optimizer.params.frozen`).
    pub optimizer: OptimizerConfig,
    pub replicas: usize,
    /// Pairs per replica.
    pub local_batch: i64,
    /// Dtype of parameters, optimizer state, float data, `sched` and metrics: `F32` as
    /// `siglip train` runs it, `F64` where tests hold the step to an outside reference.
    pub dtype: DType,
    /// Dtype of the towers' matmuls (`runtime.dtype`): `dtype`, or `Bf16` with everything
    /// else still in `dtype`.
    pub compute_dtype: DType,
    /// Recompute each encoder block in the backward pass (`runtime.remat`).
    pub remat: bool,
}

/// What the image side of the step takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageInput {
    /// `batch/images`, through the image tower in the program.
    Pixels,
    /// `batch/image_embeddings`: the outputs of the frozen image tower, computed beforehand
    /// (read from SigLiT's embedding shards); the program holds no image tower.
    Embeddings,
}

impl ImageInput {
    /// The names of the step's image-side data inputs for `model`.
    pub fn input_names(self, model: &TwoTowerConfig) -> &'static [&'static str] {
        match self {
            ImageInput::Pixels if model.image.naflex.is_some() => &[PATCHES, POSEMB_RESIZE, MASK],
            ImageInput::Pixels => &[IMAGES],
            ImageInput::Embeddings => &[IMAGE_EMBEDDINGS],
        }
    }

    /// Whether the step takes the parameter `path` as an input.
    pub fn takes_param(self, path: &str) -> bool {
        self == ImageInput::Pixels || !path.starts_with(&format!("{IMAGE}/"))
    }
}

/// Builds the train step on images (see the module header for its signature).
pub fn build(spec: &StepSpec) -> Result<NamedModule> {
    build_with(spec, ImageInput::Pixels)
}

/// Builds the train step with its image side taken as `image_input` says.
pub fn build_with(spec: &StepSpec, image_input: ImageInput) -> Result<NamedModule> {
    spec.model.validate()?;
    ensure!(
        matches!(spec.dtype, DType::F32 | DType::F64),
        "the train step runs in f32 or f64, not {}",
        spec.dtype
    );
    let specs = spec.model.param_specs()?;
    let optimizer = Optimizer::new(&spec.optimizer, specs.iter().map(|p| p.path.as_str()))?;
    if let Some(p) = specs
        .iter()
        .find(|p| !image_input.takes_param(&p.path) && !optimizer.is_frozen(&p.path))
    {
        bail!(
            "a step on image embeddings needs a frozen image tower, but {} is trained \
             (optimizer.params.frozen)",
            p.path
        );
    }
    let g = Graph::with_replicas(spec.replicas);

    let mut trainable = BTreeMap::new();
    let mut all = BTreeMap::new();
    let mut shapes = BTreeMap::new();
    for p in specs.iter().filter(|p| image_input.takes_param(&p.path)) {
        let t = g.parameter(&join(PARAMS, &p.path), spec.dtype, &p.shape);
        if optimizer.is_frozen(&p.path) {
            all.insert(p.path.clone(), t.stop_gradient());
        } else {
            trainable.insert(p.path.clone(), t.clone());
            shapes.insert(p.path.clone(), p.shape.clone());
            all.insert(p.path.clone(), t);
        }
    }
    let slots: BTreeMap<String, BTreeMap<String, Tensor>> = optimizer
        .state_shapes(&shapes)
        .into_iter()
        .map(|(slot, tree)| {
            let values = tree
                .into_iter()
                .map(|(path, shape)| {
                    let name = join(&join(OPT, &slot), &path);
                    let t = g.parameter(&name, spec.dtype, &shape);
                    (path, t)
                })
                .collect();
            (slot, values)
        })
        .collect();
    let count = g.parameter(COUNT, DType::I32, &[]);
    let sched = g.parameter(SCHED, spec.dtype, &[]);
    let b = spec.local_batch;
    let image = &spec.model.image;
    let image_data: Vec<Tensor> = match (image_input, image.naflex_input()) {
        (ImageInput::Pixels, None) => {
            let size = image.image_size as i64;
            vec![g.parameter(IMAGES, spec.dtype, &[b, size, size, 3])]
        }
        (ImageInput::Pixels, Some(input)) => {
            let n = input.max_num_patches as i64;
            let grid_len = (input.posemb_grid * input.posemb_grid) as i64;
            let patches = g.parameter(PATCHES, spec.dtype, &[b, n, input.patch_len() as i64]);
            let resize = g.parameter(POSEMB_RESIZE, spec.dtype, &[b, n, grid_len]);
            let mask = g.parameter(MASK, DType::I32, &[b, n]);
            let real = mask.gt(&g.full(0.0, DType::I32, &[b, n]));
            vec![patches, resize, real]
        }
        (ImageInput::Embeddings, _) => {
            let dim = image.embed_dim() as i64;
            vec![g.parameter(IMAGE_EMBEDDINGS, spec.dtype, &[b, dim])]
        }
    };
    let tokens = g.parameter(
        TOKENS,
        DType::I32,
        &[spec.local_batch, spec.model.text.max_len as i64],
    );

    let compute = Compute {
        matmul_dtype: Some(spec.compute_dtype),
        remat: spec.remat,
    };
    let params = Params::from_tensors(all);
    let emb = match (image_input, &image_data[..]) {
        (ImageInput::Pixels, [patches, resize, real]) => two_towers::forward_naflex(
            &spec.model,
            &params,
            compute,
            (patches, resize, real),
            &tokens,
        )?,
        (ImageInput::Pixels, [images]) => {
            two_towers::forward_with(&spec.model, &params, compute, images, &tokens)?
        }
        (ImageInput::Embeddings, [embeddings]) => two_towers::forward_on_image_embeddings(
            &spec.model,
            &params,
            compute,
            embeddings,
            &tokens,
        )?,
        _ => unreachable!("image_data is built above for each image input"),
    };
    let share = loss::loss(spec.loss, &emb.image, &emb.text, &emb.t_prime, &emb.bias);
    let wrt: Vec<&Tensor> = trainable.values().collect();
    let grads: BTreeMap<String, Tensor> = trainable
        .keys()
        .cloned()
        .zip(grad(&share, &wrt))
        .map(|(k, g)| {
            let g = if spec.replicas > 1 {
                g.all_reduce_sum()
            } else {
                g
            };
            (k, g)
        })
        .collect();
    let update = optimizer.update(&trainable, &grads, &OptState { slots, count }, &sched)?;

    let mut outputs = NamedValues::new();
    outputs.insert_tree(PARAMS, update.params)?;
    for (slot, tree) in update.state.slots {
        outputs.insert_tree(&join(OPT, &slot), tree)?;
    }
    outputs.insert(COUNT, update.state.count)?;
    outputs.insert(LOSS, loss::global_loss(&share))?;
    outputs.insert(GRAD_NORM, update.grad_norm)?;
    let mut module = NamedModule::build(&g, &outputs)?;
    module.donate_same_names()?;
    Ok(module)
}
