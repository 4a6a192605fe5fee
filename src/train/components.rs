//! What a run config resolves to before anything is read, compiled or written: the model's
//! parameter list, how the global batch lays over processes and devices, the train step, and
//! the settings of the text encoder and the data pipeline. `siglip train`, `siglip plan`, the
//! other commands and the tests take them from here, so each is derived in one place.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::siglit;
use super::step::{ImageInput, StepSpec};
use crate::config::{ComputeDType, RunConfig};
use crate::data::pipeline::DEFAULT_PREFETCH;
use crate::data::text::CaptionChoice;
use crate::data::{DataConfig, FeatureKeys, TextEncoderConfig};
use crate::layout::BatchLayout;
use crate::model::ParamSpec;
use crate::tensor::DType;

/// A validated config's components for one process of `layout.processes()`.
#[derive(Clone, Debug)]
pub struct Components {
    /// Every parameter of the model, from the one trace that declares them.
    pub params: Vec<ParamSpec>,
    pub layout: BatchLayout,
    pub step: StepSpec,
    /// What the step's image side takes (SigLiT on embedding shards: no image tower).
    pub image_input: ImageInput,
    pub text: TextEncoderConfig,
}

impl Components {
    /// Validates `config` and derives its components for a run of `processes` processes.
    pub fn new(config: &RunConfig, processes: usize) -> Result<Components> {
        let params = config.model.param_specs()?;
        config.validate_with(&params)?;
        // The config is valid, so only how the devices split over the processes can fail here.
        let layout = batch_layout(config, processes)
            .with_context(|| format!("a run of {processes} processes"))?;
        let (step, image_input) = step_with(config, &params, &layout)?;
        Ok(Components {
            params,
            layout,
            step,
            image_input,
            text: text_config(config)?,
        })
    }

    /// The pipeline's settings for the training data (`files`, resolved) of this process.
    pub fn data(&self, config: &RunConfig, files: Vec<PathBuf>) -> DataConfig {
        data_with(config, &self.layout, self.text.clone(), files)
    }
}

/// The train step `config` describes and what its image side takes: the one step `train`
/// compiles and `siglip plan` measures. SigLiT freezes the image tower and, unless
/// `siglit.tower_in_step` or random preprocessing, feeds the step the tower's image embeddings
/// (from embedding shards), so the step holds no image tower (only shapes are needed here:
/// neither the tower's weights nor the embeddings).
pub fn step_spec(config: &RunConfig) -> Result<(StepSpec, ImageInput)> {
    // The program is the same however many processes drive its replicas.
    step_with(
        config,
        &config.model.param_specs()?,
        &batch_layout(config, 1)?,
    )
}

fn step_with(
    config: &RunConfig,
    params: &[ParamSpec],
    layout: &BatchLayout,
) -> Result<(StepSpec, ImageInput)> {
    let image_input = match &config.siglit {
        Some(siglit) if !siglit.tower_in_step && siglit::is_random(&config.preprocess()) => {
            tracing::warn!(
                "SigLiT: data.preprocess has random ops (augmentation), so there are no fixed \
                 image embeddings to store: the frozen image tower runs in every step"
            );
            ImageInput::Pixels
        }
        Some(siglit) if !siglit.tower_in_step => ImageInput::Embeddings,
        _ => ImageInput::Pixels,
    };
    let spec = StepSpec {
        model: config.model.clone(),
        loss: config.loss,
        optimizer: match config.siglit {
            Some(_) => siglit::freeze_image_tower_among(&config.optimizer, params)?,
            None => config.optimizer.clone(),
        },
        replicas: layout.replicas(),
        local_batch: layout.per_replica() as i64,
        dtype: DType::F32,
        compute_dtype: match config.runtime.dtype {
            ComputeDType::F32 => DType::F32,
            ComputeDType::Bfloat16 => DType::Bf16,
        },
        remat: config.runtime.remat,
    };
    Ok((spec, image_input))
}

/// How the config's global batch (`train.batch_size`) lays over its global devices
/// (`runtime.devices`) when `processes` processes drive them.
pub fn batch_layout(config: &RunConfig, processes: usize) -> Result<BatchLayout> {
    Ok(BatchLayout::new(
        config.train.batch_size,
        config.runtime.devices,
        processes,
    )?)
}

/// How the run's captions become token ids (training and evaluation alike).
pub fn text_config(config: &RunConfig) -> Result<TextEncoderConfig> {
    let Some(tokenizer) = &config.data.tokenizer else {
        bail!("data.tokenizer is not set: train one with `siglip tokenizer train` and set it")
    };
    Ok(TextEncoderConfig {
        tokenizer: tokenizer.clone(),
        max_len: config.model.text.max_len,
        lowercase: config.data.lowercase,
        padding: config.data.text_padding.clone(),
        caption_choice: CaptionChoice::default(),
    })
}

/// The pipeline's settings for the training data of `config` (shard `files` resolved), for one
/// process of `layout`: it splits its share of the global batch over its own devices.
pub fn data_config(
    config: &RunConfig,
    layout: &BatchLayout,
    files: Vec<PathBuf>,
) -> Result<DataConfig> {
    Ok(data_with(config, layout, text_config(config)?, files))
}

fn data_with(
    config: &RunConfig,
    layout: &BatchLayout,
    text: TextEncoderConfig,
    files: Vec<PathBuf>,
) -> DataConfig {
    DataConfig {
        files,
        keys: FeatureKeys::default(),
        preprocess: config.preprocess(),
        text,
        batch_size: layout.global_batch(),
        devices: layout.devices_per_process(),
        shuffle_buffer: config.data.shuffle_buffer,
        seed: config.runtime.seed,
        epochs: None,
        workers: config.data.workers,
        prefetch: DEFAULT_PREFETCH,
        strict: false,
        embedding_dim: None,
    }
}
