//! Tower embeddings for any number of examples: one compiled forward program per tower on one
//! device, its parameters uploaded once (and replaced with [`Embedder::set_params`]), run over
//! fixed-size batches (the last one padded, the padding dropped): one compile per tower.

use anyhow::{ensure, Context, Result};

use super::metrics::Embeddings;
use crate::graph::Graph;
use crate::model::two_towers::{IMAGE, TEXT};
use crate::model::{text, vit, ParamTree, Params, TwoTowerConfig};
use crate::pjrt::{Arg, Buffer, Client};
use crate::program::{NamedModule, NamedValues, Program};
use crate::tensor::{DType, HostTensor};

const INPUT: &str = "input";
const EMBEDDING: &str = "embedding";

/// One tower compiled for a batch, with its parameters on the device.
struct Tower {
    /// `img` or `txt`: the parameters of the tree under this prefix are the tower's.
    prefix: &'static str,
    program: Program,
    params: NamedValues<Buffer>,
    /// Shape of one input row and its dtype.
    row: Vec<i64>,
    dtype: DType,
}

pub struct Embedder {
    client: Client,
    image: Tower,
    text: Tower,
    batch: usize,
}

fn subtree(params: &ParamTree, prefix: &str) -> ParamTree {
    params
        .iter()
        .filter(|(path, _)| path.starts_with(&format!("{prefix}/")))
        .map(|(path, t)| (path.clone(), t.clone()))
        .collect()
}

impl Tower {
    fn compile(
        client: &Client,
        params: &ParamTree,
        prefix: &'static str,
        input: (DType, Vec<i64>),
        forward: impl Fn(&Params, &crate::graph::Tensor) -> Result<crate::graph::Tensor>,
    ) -> Result<Tower> {
        let (dtype, row) = input;
        let tree = subtree(params, prefix);
        let g = Graph::new();
        let declared = Params::declare(&g, &tree);
        let x = g.parameter(INPUT, dtype, &row);
        let mut outputs = NamedValues::new();
        outputs.insert(EMBEDDING, forward(&declared, &x)?)?;
        let program = Program::compile_named(client, NamedModule::build(&g, &outputs)?)
            .with_context(|| format!("compiling the `{prefix}` tower"))?;
        let mut tower = Tower {
            prefix,
            program,
            params: NamedValues::new(),
            row: row[1..].to_vec(),
            dtype,
        };
        tower.upload(client, params)?;
        Ok(tower)
    }

    fn upload(&mut self, client: &Client, params: &ParamTree) -> Result<()> {
        let device = self.program.executable.devices()[0];
        let mut uploaded = NamedValues::new();
        for (path, value) in subtree(params, self.prefix) {
            uploaded.insert(path, client.buffer_from_host(&value, device)?)?;
        }
        self.params = uploaded;
        Ok(())
    }

    fn run(&self, client: &Client, inputs: &HostTensor, batch: usize) -> Result<Embeddings> {
        let n = inputs.shape.first().copied().unwrap_or(0) as usize;
        ensure!(
            inputs.dtype == self.dtype && inputs.shape.get(1..) == Some(&self.row[..]),
            "the `{}` tower takes {} [n, {:?}], got {} {:?}",
            self.prefix,
            self.dtype,
            self.row,
            inputs.dtype,
            inputs.shape
        );
        let device = self.program.executable.devices()[0];
        let (mut rows, mut dim) = (Vec::new(), 1);
        for start in (0..n).step_by(batch) {
            let take = batch.min(n - start);
            let chunk =
                client.buffer_from_host(&padded_rows(inputs, start, take, batch)?, device)?;
            let mut args: NamedValues<Arg> = NamedValues::new();
            for (name, buffer) in self.params.iter() {
                args.insert(name.clone(), Arg::Borrowed(buffer))?;
            }
            args.insert(INPUT, Arg::Borrowed(&chunk))?;
            let values = self
                .program
                .run(vec![args])?
                .remove(0)
                .remove(EMBEDDING)
                .context("no embedding output")?
                .to_host()?
                .to_vec::<f32>()?;
            dim = values.len() / batch;
            rows.extend_from_slice(&values[..take * dim]);
        }
        Ok(Embeddings::new(self.prefix, dim, rows)?)
    }
}

impl Embedder {
    /// Compiles both towers of `cfg` for `batch` examples and uploads `params` (f32).
    pub fn new(
        client: &Client,
        cfg: &TwoTowerConfig,
        params: &ParamTree,
        batch: usize,
    ) -> Result<Embedder> {
        ensure!(batch > 0, "embedding batch size must be at least 1");
        let (b, s, l) = (
            batch as i64,
            cfg.image.image_size as i64,
            cfg.text.max_len as i64,
        );
        let image = match cfg.image.naflex_input() {
            None => Tower::compile(
                client,
                params,
                IMAGE,
                (DType::F32, vec![b, s, s, 3]),
                |p, x| Ok(vit::encode_image(&cfg.image, &p.root().scope(IMAGE), x)?),
            )?,
            Some(input) => {
                let row = vec![b, input.max_num_patches as i64, input.packed_width() as i64];
                Tower::compile(client, params, IMAGE, (DType::F32, row), |p, x| {
                    Ok(vit::encode_image_packed(
                        &cfg.image,
                        &p.root().scope(IMAGE),
                        x,
                    )?)
                })?
            }
        };
        let text = Tower::compile(client, params, TEXT, (DType::I32, vec![b, l]), |p, x| {
            Ok(text::encode_text(&cfg.text, &p.root().scope(TEXT), x)?)
        })?;
        Ok(Embedder {
            client: client.clone(),
            image,
            text,
            batch,
        })
    }

    /// Replaces the parameters (same shapes) without recompiling.
    pub fn set_params(&mut self, params: &ParamTree) -> Result<()> {
        self.image.upload(&self.client, params)?;
        self.text.upload(&self.client, params)
    }

    /// Embeddings of `images` `[n, H, W, 3]` f32 (NaFlex: `[n, N, packed_width]`, see
    /// `data::naflex::NaFlexInput::pack_image`).
    pub fn images(&self, images: &HostTensor) -> Result<Embeddings> {
        self.image.run(&self.client, images, self.batch)
    }

    /// Embeddings of `tokens` `[n, L]` i32.
    pub fn texts(&self, tokens: &HostTensor) -> Result<Embeddings> {
        self.text.run(&self.client, tokens, self.batch)
    }
}

/// Rows `start..start + take` of `t`, followed by zero rows up to `rows`.
fn padded_rows(t: &HostTensor, start: usize, take: usize, rows: usize) -> Result<HostTensor> {
    let row_bytes = t.data.len() / (t.shape[0].max(1) as usize);
    let mut data = t.data[start * row_bytes..(start + take) * row_bytes].to_vec();
    data.resize(rows * row_bytes, 0);
    let mut shape = t.shape.clone();
    shape[0] = rows as i64;
    Ok(HostTensor::from_bytes(t.dtype, &shape, data)?)
}
