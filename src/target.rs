//! Compile targets: the accelerators a step can be planned for without having them. A target
//! names a chip (`tpu-v4`, `tpu-v5e`, `tpu-v5p`, `tpu-v6e`, `a100`, `h100`, `h200`) and,
//! optionally, its slice (`tpu-v4:2x2x2`, `h100:2x8`); the chip's own compiler then compiles
//! for a topology created with no device attached: libtpu for a TPU slice it names itself, the
//! CUDA plugin for GPUs described by a target description shipped in `configs/gpu_targets/`.
//! Each chip's memory and peak rate are stated here once, with where they come from.

use std::fmt;
use std::sync::Arc;

use crate::pjrt::{NamedValue, Platform, Plugin, PluginSpec, Topology, Value};

/// The compiler that builds for a chip, and what it must be told.
#[derive(Debug, PartialEq)]
pub enum Compiler {
    /// libtpu, for a topology it names itself.
    Libtpu {
        /// The topology name's prefix (`v4` in `v4:2x2x1`).
        prefix: &'static str,
        /// High-bandwidth memory per chip, bytes.
        hbm_bytes: u64,
        /// Two TensorCores per chip shown as one device ("megacore"), as a real v4-8 VM
        /// shows 4.
        megacore: bool,
    },
    /// The CUDA plugin, for a GPU described by a `target_config` (a text
    /// `stream_executor.GpuTargetConfigProto`) with only the fields the pinned plugin's proto
    /// knows: the newest descriptions in XLA's tree carry fields (`scalar_unit_description`,
    /// `device_interconnect_info`, ...) that 0.10.2 refuses. The GPU's memory is its
    /// `device_memory_size`.
    Cuda { target_config: &'static str },
}

/// An accelerator: what it is called here, who compiles for it, and what one chip has.
#[derive(Debug, PartialEq)]
pub struct Chip {
    /// The name a target starts with (`tpu-v4`, `h100`).
    pub name: &'static str,
    pub compiler: Compiler,
    /// Axes of a slice: a TPU's chip grid (3 for the torus generations v4 and v5p, 2 for v5e,
    /// v6e); for GPUs, hosts × GPUs per host.
    pub axes: usize,
    /// Peak dense bf16 matmul rate per chip, FLOP/s.
    pub peak_bf16_flops: f64,
}

const GIB: u64 = 1 << 30;

/// GPUs on one host: a DGX/HGX node's eight.
const GPUS_PER_HOST: usize = 8;

/// The chips `--target` knows. TPUs: HBM and peak bf16 FLOP/s per chip as Google Cloud
/// documents them: v4 32 GiB and 275 TFLOP/s, v5e 16 GiB and 197, v5p 95 GiB and 459, v6e
/// (Trillium) 32 GiB and 918. GPUs (SXM): dense bf16 tensor-core peaks from NVIDIA's data
/// sheets, A100 312 TFLOP/s, H100 and H200 989; their memory is in their descriptions.
pub const CHIPS: [Chip; 7] = [
    Chip {
        name: "tpu-v4",
        compiler: Compiler::Libtpu {
            prefix: "v4",
            hbm_bytes: 32 * GIB,
            megacore: true,
        },
        axes: 3,
        peak_bf16_flops: 275e12,
    },
    Chip {
        name: "tpu-v5e",
        compiler: Compiler::Libtpu {
            prefix: "v5e",
            hbm_bytes: 16 * GIB,
            megacore: false,
        },
        axes: 2,
        peak_bf16_flops: 197e12,
    },
    Chip {
        name: "tpu-v5p",
        compiler: Compiler::Libtpu {
            prefix: "v5p",
            hbm_bytes: 95 * GIB,
            megacore: true,
        },
        axes: 3,
        peak_bf16_flops: 459e12,
    },
    Chip {
        name: "tpu-v6e",
        compiler: Compiler::Libtpu {
            prefix: "v6e",
            hbm_bytes: 32 * GIB,
            megacore: false,
        },
        axes: 2,
        peak_bf16_flops: 918e12,
    },
    Chip {
        name: "a100",
        compiler: Compiler::Cuda {
            target_config: include_str!("../configs/gpu_targets/a100.txtpb"),
        },
        axes: 2,
        peak_bf16_flops: 312e12,
    },
    Chip {
        name: "h100",
        compiler: Compiler::Cuda {
            target_config: include_str!("../configs/gpu_targets/h100.txtpb"),
        },
        axes: 2,
        peak_bf16_flops: 989e12,
    },
    Chip {
        name: "h200",
        compiler: Compiler::Cuda {
            target_config: include_str!("../configs/gpu_targets/h200.txtpb"),
        },
        axes: 2,
        peak_bf16_flops: 989e12,
    },
];

impl Chip {
    /// Device memory per chip, bytes: a TPU's HBM, a GPU's `device_memory_size` as its
    /// description gives it.
    pub fn memory_bytes(&self) -> u64 {
        match self.compiler {
            Compiler::Libtpu { hbm_bytes, .. } => hbm_bytes,
            Compiler::Cuda { target_config } => target_config
                .lines()
                .find_map(|line| line.trim().strip_prefix("device_memory_size:"))
                .and_then(|bytes| bytes.trim().parse().ok())
                .expect("every shipped GPU description states device_memory_size"),
        }
    }

    /// Who compiles for it, as messages name it.
    pub fn compiler_name(&self) -> &'static str {
        match self.compiler {
            Compiler::Libtpu { .. } => "libtpu",
            Compiler::Cuda { .. } => "the CUDA plugin",
        }
    }

    /// The name the chip's compiler also takes (`v4` for `tpu-v4`).
    fn alias(&self) -> Option<&'static str> {
        match self.compiler {
            Compiler::Libtpu { prefix, .. } => Some(prefix),
            Compiler::Cuda { .. } => None,
        }
    }

    /// A slice of this chip for the error messages' examples.
    fn example_slice(&self) -> String {
        match self.compiler {
            Compiler::Libtpu { .. } => join_dims(&[2; 3][..self.axes]),
            Compiler::Cuda { .. } => join_dims(&[1, GPUS_PER_HOST]),
        }
    }
}

/// Why a target cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TargetError {
    #[error(
        "unknown target `{0}` (known: {known}; a slice as in tpu-v4:2x2x1 or h100:1x8)",
        known = chip_names()
    )]
    UnknownChip(String),
    #[error(
        "target `{target}`: the slice must be {axes} numbers of at least 1 joined by `x` \
         (as in {example}), got `{slice}`"
    )]
    BadSlice {
        target: String,
        slice: String,
        axes: usize,
        example: String,
    },
    #[error(
        "{devices} devices is not a {chip} slice size ({rule}); name the slice, as in \
         --target {chip}:{example}"
    )]
    NoDefaultSlice {
        chip: &'static str,
        devices: usize,
        rule: &'static str,
        example: String,
    },
    #[error(
        "target `{target}` has {chips} chips but runtime.devices is {devices}: one replica per \
         chip (set runtime.devices or name another slice)"
    )]
    DeviceCount {
        target: String,
        chips: usize,
        devices: usize,
    },
}

fn chip_names() -> String {
    CHIPS.map(|c| c.name).join(", ")
}

/// A chip and the slice of it to compile for.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub chip: &'static Chip,
    /// Chips along each axis.
    pub slice: Vec<usize>,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.chip.name, join_dims(&self.slice))
    }
}

fn join_dims(dims: &[usize]) -> String {
    dims.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("x")
}

impl Target {
    /// `tpu-v4:2x2x1` (or libtpu's own `v4:2x2x1`), `h100:1x8`, or a chip alone with the slice
    /// implied by `devices` (one replica per chip). Given `devices`, the slice must hold that many chips.
    pub fn parse(text: &str, devices: Option<usize>) -> Result<Target, TargetError> {
        let (chip_name, slice) = match text.split_once(':') {
            Some((chip, slice)) => (chip, Some(slice)),
            None => (text, None),
        };
        let chip = CHIPS
            .iter()
            .find(|c| c.name == chip_name || c.alias() == Some(chip_name))
            .ok_or_else(|| TargetError::UnknownChip(text.to_string()))?;
        let target = match (slice, devices) {
            (None, Some(devices)) => Target::for_devices(chip, devices)?,
            (None, None) => {
                return Err(TargetError::BadSlice {
                    target: text.to_string(),
                    slice: String::new(),
                    axes: chip.axes,
                    example: chip.example_slice(),
                })
            }
            (Some(slice), _) => {
                let dims: Option<Vec<usize>> = slice
                    .split('x')
                    .map(|d| d.parse::<usize>().ok().filter(|&d| (1..=64).contains(&d)))
                    .collect();
                match dims {
                    Some(dims) if dims.len() == chip.axes => Target { chip, slice: dims },
                    _ => {
                        return Err(TargetError::BadSlice {
                            target: text.to_string(),
                            slice: slice.to_string(),
                            axes: chip.axes,
                            example: chip.example_slice(),
                        })
                    }
                }
            }
        };
        match devices {
            Some(devices) if devices != target.chips() => Err(TargetError::DeviceCount {
                target: target.to_string(),
                chips: target.chips(),
                devices,
            }),
            _ => Ok(target),
        }
    }

    /// The slice of `devices` chips. A TPU's chip grid doubled along its shortest axis, first
    /// axes first, from 1×1(×1): 4 chips 2x2x1 (a v4-8 VM), 8 2x2x2, 32 4x4x2. GPUs: one host
    /// of up to 8, else hosts of 8.
    pub fn for_devices(chip: &'static Chip, devices: usize) -> Result<Target, TargetError> {
        let no_default = |rule| TargetError::NoDefaultSlice {
            chip: chip.name,
            devices,
            rule,
            example: chip.example_slice(),
        };
        match chip.compiler {
            Compiler::Libtpu { .. } => {
                if !devices.is_power_of_two() {
                    return Err(no_default("a power of two"));
                }
                let mut slice = vec![1; chip.axes];
                while slice.iter().product::<usize>() < devices {
                    let shortest = (0..chip.axes).min_by_key(|&a| slice[a]).unwrap_or(0);
                    slice[shortest] *= 2;
                }
                Ok(Target { chip, slice })
            }
            Compiler::Cuda { .. } => match devices {
                0 => Err(no_default("at least one GPU")),
                1..=GPUS_PER_HOST => Ok(Target {
                    chip,
                    slice: vec![1, devices],
                }),
                _ if devices.is_multiple_of(GPUS_PER_HOST) => Ok(Target {
                    chip,
                    slice: vec![devices / GPUS_PER_HOST, GPUS_PER_HOST],
                }),
                _ => Err(no_default("up to 8, or hosts of 8")),
            },
        }
    }

    pub fn chips(&self) -> usize {
        self.slice.iter().product()
    }

    /// The topology's name as the compiler takes it: libtpu's `v4:2x2x1`; the CUDA plugin
    /// reads its options, not the name.
    pub fn topology_name(&self) -> String {
        match self.chip.compiler {
            Compiler::Libtpu { prefix, .. } => format!("{prefix}:{}", join_dims(&self.slice)),
            Compiler::Cuda { .. } => self.to_string(),
        }
    }

    /// The topology's create options. libtpu: megacore chips as one device each; a slice
    /// smaller than libtpu's default host (2x2x1 chips) is one host of its own size, which
    /// libtpu otherwise refuses ("not divisible by ... chips_per_host_bounds"). CUDA: the
    /// GPU's description and "slices x hosts x GPUs per host".
    pub fn topology_options(&self) -> Vec<NamedValue> {
        let mut options = Vec::new();
        match self.chip.compiler {
            Compiler::Libtpu { megacore, .. } => {
                if megacore {
                    options.push(NamedValue::new(
                        "chip_config_name",
                        Value::Str("megacore".into()),
                    ));
                }
                let mut bounds: Vec<i64> = self.slice.iter().map(|&d| d as i64).collect();
                bounds.resize(3, 1);
                if bounds[0] < 2 || bounds[1] < 2 {
                    options.push(NamedValue::new(
                        "chips_per_host_bounds",
                        Value::IntList(bounds),
                    ));
                }
            }
            Compiler::Cuda { target_config } => {
                options.push(NamedValue::new(
                    "target_config",
                    Value::Str(target_config.into()),
                ));
                options.push(NamedValue::new(
                    "topology",
                    Value::Str(format!("1x{}", join_dims(&self.slice))),
                ));
            }
        }
        options
    }

    /// Loads the chip's compiler and creates the topology (no device needed).
    pub fn open(&self) -> anyhow::Result<Topology> {
        let platform = match self.chip.compiler {
            Compiler::Libtpu { .. } => {
                quiet_libtpu();
                tracing::debug!("libtpu writes its own log to /tmp/tpu_logs");
                Platform::Tpu
            }
            Compiler::Cuda { .. } => Platform::Cuda,
        };
        let plugin: Arc<Plugin> = Plugin::open(&PluginSpec::Platform(platform))?;
        let name = self.topology_name();
        Topology::new(plugin, &name, &self.topology_options()).map_err(|e| {
            anyhow::anyhow!(
                "{} cannot create topology `{name}` (target {self}): {e}",
                self.chip.compiler_name()
            )
        })
    }
}

/// libtpu on a host without a TPU probes the cloud metadata server and its TPU environment,
/// waits and warns; these variables say there is nothing to find. `ALLOW_MULTIPLE_LIBTPU_LOAD`
/// lets several processes compile at once (libtpu otherwise takes a machine-wide lock meant
/// for processes that drive the chips). The user's own settings win.
fn quiet_libtpu() {
    for (name, value) in [
        ("TPU_SKIP_MDS_QUERY", "1"),
        ("TPU_ACCELERATOR_TYPE", "v4-8"),
        ("TPU_WORKER_HOSTNAMES", "localhost"),
        ("ALLOW_MULTIPLE_LIBTPU_LOAD", "1"),
    ] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_slices_match_the_cloud_shapes() {
        let v4 = &CHIPS[0];
        let slice = |n| Target::for_devices(v4, n).unwrap().topology_name();
        assert_eq!(slice(1), "v4:1x1x1");
        assert_eq!(slice(4), "v4:2x2x1");
        assert_eq!(slice(8), "v4:2x2x2");
        assert_eq!(slice(32), "v4:4x4x2");
        assert_eq!(
            Target::for_devices(&CHIPS[1], 8).unwrap().topology_name(),
            "v5e:4x2"
        );
        // Smaller than a 2x2x1 host: one host of its own size (libtpu refuses it otherwise).
        let bounds = |t: &Target| {
            t.topology_options()
                .into_iter()
                .find(|o| o.name == "chips_per_host_bounds")
                .map(|o| o.value)
        };
        let one = Target::for_devices(v4, 1).unwrap();
        assert_eq!(bounds(&one), Some(Value::IntList(vec![1, 1, 1])));
        let two = Target::for_devices(&CHIPS[1], 2).unwrap();
        assert_eq!(bounds(&two), Some(Value::IntList(vec![2, 1, 1])));
        assert_eq!(bounds(&Target::for_devices(v4, 4).unwrap()), None);
        assert_eq!(
            Target::for_devices(v4, 12).unwrap_err().to_string(),
            "12 devices is not a tpu-v4 slice size (a power of two); name the slice, as in \
             --target tpu-v4:2x2x2"
        );
    }

    #[test]
    fn gpus_are_one_host_of_up_to_eight_or_hosts_of_eight() {
        // Each shipped description states its GPU's memory (the CUDA bytes of an 80 GB part).
        let memory = |name| {
            CHIPS
                .iter()
                .find(|c| c.name == name)
                .unwrap()
                .memory_bytes()
        };
        assert_eq!(
            [memory("a100"), memory("h100"), memory("h200")],
            [85_100_068_864, 84_942_979_072, 151_397_597_184]
        );
        let h100 = CHIPS.iter().find(|c| c.name == "h100").unwrap();
        let slice = |n| Target::for_devices(h100, n).map(|t| t.slice);
        assert_eq!(slice(1), Ok(vec![1, 1]));
        assert_eq!(slice(6), Ok(vec![1, 6]));
        assert_eq!(slice(32), Ok(vec![4, 8]));
        assert!(matches!(
            slice(12),
            Err(TargetError::NoDefaultSlice { devices: 12, .. })
        ));
        let two_hosts = Target::parse("h100:2x8", Some(16)).unwrap();
        let topology = two_hosts
            .topology_options()
            .into_iter()
            .find(|o| o.name == "topology")
            .map(|o| o.value);
        assert_eq!(topology, Some(Value::Str("1x2x8".into())));
        // The description shipped is the one the options carry.
        let config = two_hosts
            .topology_options()
            .into_iter()
            .find(|o| o.name == "target_config")
            .map(|o| o.value);
        assert!(matches!(
            config,
            Some(Value::Str(text)) if text.contains("device_description_str: \"NVIDIA H100 80GB HBM3\"")
        ));
    }

    #[test]
    fn targets_parse_and_must_match_the_device_count() {
        let t = Target::parse("tpu-v4:2x2x2", Some(8)).unwrap();
        assert_eq!((t.chips(), t.to_string()), (8, "tpu-v4:2x2x2".to_string()));
        assert_eq!(
            Target::parse("tpu-v4", Some(4)).unwrap().slice,
            vec![2, 2, 1]
        );
        // libtpu's own name; no device count to check.
        assert_eq!(
            Target::parse("v4:2x2x1", None).unwrap().to_string(),
            "tpu-v4:2x2x1"
        );
        assert!(matches!(
            Target::parse("tpu-v4", None),
            Err(TargetError::BadSlice { .. })
        ));
        assert_eq!(
            Target::parse("tpu-v4:2x2x2", Some(4)).unwrap_err(),
            TargetError::DeviceCount {
                target: "tpu-v4:2x2x2".into(),
                chips: 8,
                devices: 4
            }
        );
        assert!(matches!(
            Target::parse("tpu-v4:2x2", Some(4)),
            Err(TargetError::BadSlice { .. })
        ));
        assert!(matches!(
            Target::parse("tpu-v4:2x0x1", Some(4)),
            Err(TargetError::BadSlice { .. })
        ));
        assert_eq!(
            Target::parse("tpu-v9", Some(4)).unwrap_err().to_string(),
            "unknown target `tpu-v9` (known: tpu-v4, tpu-v5e, tpu-v5p, tpu-v6e, a100, h100, h200; \
             a slice as in tpu-v4:2x2x1 or h100:1x8)"
        );
    }
}
