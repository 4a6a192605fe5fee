//! Parameter trees: host values keyed by big_vision-style paths (`img/embedding/kernel`), the
//! spec (path, shape, initialiser) of each, deterministic seeded initialisation, and the
//! graph-side view the forward functions declare and read their weights through (`Scope::param`
//! on given `Params`, or on a `Declaration` that collects the specs).

use std::cell::RefCell;
use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use sha2::{Digest, Sha256};

use super::ModelError;
use crate::graph::{Graph, Tensor};
use crate::tensor::{DType, HostTensor};

/// Host parameter values, keyed by "/"-joined path; iteration (and graph parameter) order is
/// the sorted path order.
pub type ParamTree = BTreeMap<String, HostTensor>;

/// How a parameter is initialised (the big_vision / flax initialiser it mirrors).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    Zeros,
    Ones,
    Constant(f64),
    /// `normal(stddev)`: plain Gaussian.
    Normal(f64),
    /// `xavier_uniform`: U(±√(6 / (fan_in + fan_out))). Fans are those of the flattened
    /// `[in, out]` matrix (flax `DenseGeneral` initialises that matrix, then reshapes).
    XavierUniform {
        fan_in: i64,
        fan_out: i64,
    },
    /// `lecun_normal`: Gaussian truncated to ±2σ with σ = √(1 / fan_in) / 0.8796… so that the
    /// truncated distribution has variance 1 / fan_in (jax's `variance_scaling`).
    LecunNormal {
        fan_in: i64,
    },
}

/// One parameter a model declares.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamSpec {
    pub path: String,
    pub shape: Vec<i64>,
    pub init: Init,
}

impl ParamSpec {
    pub fn new(path: impl Into<String>, shape: &[i64], init: Init) -> Self {
        ParamSpec {
            path: path.into(),
            shape: shape.to_vec(),
            init,
        }
    }

    pub fn element_count(&self) -> i64 {
        self.shape.iter().product()
    }
}

/// Total number of scalars in `specs`.
pub fn param_count(specs: &[ParamSpec]) -> i64 {
    specs.iter().map(ParamSpec::element_count).sum()
}

/// Standard deviation of a standard normal truncated to [-2, 2] (jax's correction constant).
const TRUNCATED_NORMAL_STDDEV: f64 = 0.879_625_661_034_239_8;

/// f32 values for every spec. Each parameter draws from its own ChaCha8 stream seeded by
/// `seed` and a hash of its path, so a value depends only on (seed, path, shape, init) and
/// adding or removing other parameters leaves it unchanged.
pub fn init_params(specs: &[ParamSpec], seed: u64) -> ParamTree {
    specs
        .iter()
        .map(|spec| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ fnv1a(&spec.path));
            let n = spec.element_count() as usize;
            let values: Vec<f32> = (0..n).map(|_| sample(spec.init, &mut rng) as f32).collect();
            let tensor = HostTensor::from_slice(&spec.shape, &values).expect("spec shape");
            (spec.path.clone(), tensor)
        })
        .collect()
}

fn sample(init: Init, rng: &mut ChaCha8Rng) -> f64 {
    match init {
        Init::Zeros => 0.0,
        Init::Ones => 1.0,
        Init::Constant(c) => c,
        Init::Normal(stddev) => stddev * rng.sample::<f64, _>(StandardNormal),
        Init::XavierUniform { fan_in, fan_out } => {
            let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
            rng.gen_range(-limit..limit)
        }
        Init::LecunNormal { fan_in } => {
            let stddev = (1.0 / fan_in as f64).sqrt() / TRUNCATED_NORMAL_STDDEV;
            loop {
                let z: f64 = rng.sample(StandardNormal);
                if z.abs() <= 2.0 {
                    return stddev * z;
                }
            }
        }
    }
}

/// 64-bit FNV-1a: a stable (toolchain-independent) hash of a parameter path.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Checks that `tree` holds exactly the parameters of `specs` with their shapes.
pub fn check_tree(specs: &[ParamSpec], tree: &ParamTree) -> Result<(), ModelError> {
    let mut problems = Vec::new();
    for spec in specs {
        match tree.get(&spec.path) {
            None => problems.push(format!("missing {}", spec.path)),
            Some(t) if t.shape != spec.shape => problems.push(format!(
                "{} has shape {:?}, expected {:?}",
                spec.path, t.shape, spec.shape
            )),
            Some(_) => {}
        }
    }
    let known: std::collections::BTreeSet<&str> = specs.iter().map(|s| s.path.as_str()).collect();
    problems.extend(
        tree.keys()
            .filter(|k| !known.contains(k.as_str()))
            .map(|k| format!("unexpected {k}")),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ModelError::ParamTree(problems.join("; ")))
    }
}

/// SHA-256 over a tree's parameters (names, dtypes, shapes, values), as hex: what identifies
/// a pretrained tower or initialisation that a run records.
pub fn tree_digest(tree: &ParamTree) -> String {
    let mut hasher = Sha256::new();
    for (path, t) in tree {
        for field in [path.as_bytes(), t.dtype.mlir_name().as_bytes()] {
            hasher.update((field.len() as u64).to_le_bytes());
            hasher.update(field);
        }
        for d in &t.shape {
            hasher.update(d.to_le_bytes());
        }
        hasher.update((t.data.len() as u64).to_le_bytes());
        hasher.update(&t.data);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The same tree with every float tensor converted to `dtype` (e.g. f64 for gradient checks).
pub fn cast_tree(tree: &ParamTree, dtype: DType) -> ParamTree {
    tree.iter()
        .map(|(path, t)| (path.clone(), cast(t, dtype)))
        .collect()
}

/// `t` converted to `dtype` if both are floats; otherwise `t` as it is.
pub fn cast(t: &HostTensor, dtype: DType) -> HostTensor {
    if t.dtype == dtype || !t.dtype.is_float() {
        return t.clone();
    }
    let values = t.to_f64_lossy();
    match dtype {
        DType::F64 => HostTensor::from_slice(&t.shape, &values),
        DType::F32 => {
            let v: Vec<f32> = values.iter().map(|&x| x as f32).collect();
            HostTensor::from_slice(&t.shape, &v)
        }
        DType::Bf16 => {
            let v: Vec<half::bf16> = values.iter().map(|&x| half::bf16::from_f64(x)).collect();
            HostTensor::from_slice(&t.shape, &v)
        }
        DType::F16 => {
            let v: Vec<half::f16> = values.iter().map(|&x| half::f16::from_f64(x)).collect();
            HostTensor::from_slice(&t.shape, &v)
        }
        _ => return t.clone(),
    }
    .expect("same shape")
}

/// Row-major `data` of `shape` with its axes permuted (result axis `i` = input axis
/// `perm[i]`): moves parameter values between checkpoint layouts (torch `[out, in]`, Fortran
/// order) whatever the element type.
pub fn permute<T: Copy>(data: &[T], shape: &[i64], perm: &[usize]) -> Vec<T> {
    let rank = shape.len();
    let mut strides = vec![1usize; rank];
    for i in (0..rank.saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * shape[i + 1] as usize;
    }
    let out_shape: Vec<usize> = perm.iter().map(|&a| shape[a] as usize).collect();
    let mut out = Vec::with_capacity(data.len());
    let mut index = vec![0usize; rank];
    for _ in 0..data.len() {
        let offset: usize = (0..rank).map(|i| index[i] * strides[perm[i]]).sum();
        out.push(data[offset]);
        for i in (0..rank).rev() {
            index[i] += 1;
            if index[i] < out_shape[i] {
                break;
            }
            index[i] = 0;
        }
    }
    out
}

/// Graph parameters keyed by path: one `Graph::parameter` per entry, created in sorted path
/// order, so program argument `i` is the `i`-th entry of the matching `ParamTree`.
#[derive(Clone, Debug)]
pub struct Params {
    tensors: BTreeMap<String, Tensor>,
}

impl Params {
    /// Parameters with the shapes and dtypes of `tree`'s values.
    pub fn declare(g: &Graph, tree: &ParamTree) -> Params {
        Params {
            tensors: tree
                .iter()
                .map(|(path, t)| (path.clone(), g.parameter(path, t.dtype, &t.shape)))
                .collect(),
        }
    }

    /// Parameters for `specs`, all of `dtype` (sorted by path whatever the order of `specs`).
    pub fn declare_specs(g: &Graph, specs: &[ParamSpec], dtype: DType) -> Params {
        let sorted: BTreeMap<&str, &ParamSpec> =
            specs.iter().map(|s| (s.path.as_str(), s)).collect();
        Params {
            tensors: sorted
                .into_iter()
                .map(|(path, s)| (path.to_string(), g.parameter(path, dtype, &s.shape)))
                .collect(),
        }
    }

    /// Wraps tensors already in a graph (e.g. built by a caller that manages its own inputs).
    pub fn from_tensors(tensors: BTreeMap<String, Tensor>) -> Params {
        Params { tensors }
    }

    pub fn tensors(&self) -> &BTreeMap<String, Tensor> {
        &self.tensors
    }

    /// The whole tree as a scope with no prefix, computing at full precision without remat.
    pub fn root(&self) -> Scope<'_> {
        self.root_with(Compute::default())
    }

    /// The whole tree as a scope whose forward computes as `compute` says.
    pub fn root_with(&self, compute: Compute) -> Scope<'_> {
        Scope {
            source: Source::Params(self),
            prefix: String::new(),
            compute,
        }
    }
}

/// A declaring run of a forward function (flax's `init`): every `Scope::param` call records
/// its spec and returns a fresh parameter of a throwaway graph, so the forward is the one
/// place where parameter names, shapes and initialisers are written.
#[derive(Default)]
pub struct Declaration {
    graph: Graph,
    specs: RefCell<Vec<ParamSpec>>,
}

impl Declaration {
    pub fn new() -> Self {
        Self::default()
    }

    /// The throwaway graph the forward builds on (for its inputs).
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    pub fn root(&self) -> Scope<'_> {
        Scope {
            source: Source::Declaring(self),
            prefix: String::new(),
            compute: Compute::default(),
        }
    }

    /// The declared parameters, in declaration order.
    pub fn into_specs(self) -> Vec<ParamSpec> {
        self.specs.into_inner()
    }
}

impl std::fmt::Debug for Declaration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Declaration")
            .field("specs", &self.specs.borrow())
            .finish()
    }
}

#[derive(Clone, Copy, Debug)]
enum Source<'a> {
    Params(&'a Params),
    Declaring(&'a Declaration),
}

/// A sub-tree of parameters (like a flax module scope): names are relative to `prefix`.
#[derive(Clone, Debug)]
pub struct Scope<'a> {
    source: Source<'a>,
    prefix: String,
    compute: Compute,
}

/// How a forward computes, not what: the same parameters and the same function either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compute {
    /// Matmuls (dense layers, attention, patch embedding) cast their operands to this dtype
    /// and their results back (`Some(Bf16)`: bf16 compute with f32 parameters); `None`: in the
    /// activations' own dtype. Layer norms, softmax and the loss never change precision.
    pub matmul_dtype: Option<DType>,
    /// Recompute each encoder block in the backward pass instead of keeping its activations
    /// (`jax.checkpoint` per block).
    pub remat: bool,
}

impl<'a> Scope<'a> {
    pub fn scope(&self, name: &str) -> Scope<'a> {
        Scope {
            source: self.source,
            prefix: self.path(name),
            compute: self.compute,
        }
    }

    pub fn compute(&self) -> Compute {
        self.compute
    }

    fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.prefix)
        }
    }

    /// The parameter `name` below this scope, of `shape`, initialised with `init`. Declaring,
    /// it records the spec; otherwise it is the given parameter, whose shape must be `shape`.
    pub fn param(&self, name: &str, shape: &[i64], init: Init) -> Result<Tensor, ModelError> {
        let path = self.path(name);
        match self.source {
            Source::Declaring(declaration) => {
                let mut specs = declaration.specs.borrow_mut();
                if specs.iter().any(|s| s.path == path) {
                    return Err(ModelError::ParamTree(format!("{path} is declared twice")));
                }
                specs.push(ParamSpec::new(path.clone(), shape, init));
                Ok(declaration.graph.parameter(&path, DType::F32, shape))
            }
            Source::Params(params) => {
                let tensor = params
                    .tensors
                    .get(&path)
                    .ok_or_else(|| ModelError::MissingParam(path.clone()))?;
                if tensor.shape() != shape {
                    return Err(ModelError::ParamTree(format!(
                        "{path} has shape {:?}, expected {shape:?}",
                        tensor.shape()
                    )));
                }
                Ok(tensor.clone())
            }
        }
    }
}
