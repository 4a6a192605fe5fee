//! Compile targets: the accelerators a step can be planned for without having them. A target
//! names a chip (`tpu-v4`, `tpu-v5e`, `tpu-v5p`, `tpu-v6e`) and, optionally, its slice
//! (`tpu-v4:2x2x2`); the chip's own compiler (libtpu) then compiles for a topology created by
//! name, with no TPU attached. Each chip's memory and peak rate are stated here once, with
//! where they come from.

use std::fmt;
use std::sync::Arc;

use crate::pjrt::{NamedValue, Platform, Plugin, PluginSpec, Topology, Value};

/// A TPU generation: what it is called here and by libtpu, and what one chip has.
#[derive(Debug, PartialEq)]
pub struct Chip {
    /// The name a target starts with (`tpu-v4`).
    pub name: &'static str,
    /// libtpu's topology name prefix (`v4` in `v4:2x2x1`).
    pub libtpu_name: &'static str,
    /// Axes of a slice's chip grid (3 for the torus generations v4 and v5p, 2 for v5e, v6e).
    pub axes: usize,
    /// Two TensorCores per chip shown as one device ("megacore"), as a real v4-8 VM shows 4.
    pub megacore: bool,
    /// High-bandwidth memory per chip, bytes.
    pub hbm_bytes: u64,
    /// Peak dense bf16 matmul rate per chip, FLOP/s (Google Cloud's TPU documentation).
    pub peak_bf16_flops: f64,
}

const GIB: u64 = 1 << 30;

/// The chips `--target` knows. HBM and peak bf16 FLOP/s per chip as Google Cloud documents
/// them: v4 32 GiB and 275 TFLOP/s, v5e 16 GiB and 197, v5p 95 GiB and 459, v6e (Trillium)
/// 32 GiB and 918.
pub const CHIPS: [Chip; 4] = [
    Chip {
        name: "tpu-v4",
        libtpu_name: "v4",
        axes: 3,
        megacore: true,
        hbm_bytes: 32 * GIB,
        peak_bf16_flops: 275e12,
    },
    Chip {
        name: "tpu-v5e",
        libtpu_name: "v5e",
        axes: 2,
        megacore: false,
        hbm_bytes: 16 * GIB,
        peak_bf16_flops: 197e12,
    },
    Chip {
        name: "tpu-v5p",
        libtpu_name: "v5p",
        axes: 3,
        megacore: true,
        hbm_bytes: 95 * GIB,
        peak_bf16_flops: 459e12,
    },
    Chip {
        name: "tpu-v6e",
        libtpu_name: "v6e",
        axes: 2,
        megacore: false,
        hbm_bytes: 32 * GIB,
        peak_bf16_flops: 918e12,
    },
];

/// Why a target cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TargetError {
    #[error("unknown target `{0}` (known: {known}; a slice as in tpu-v4:2x2x1)", known = chip_names())]
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
        "{devices} devices is not a {chip} slice size (a power of two); name the slice, as in \
         --target {chip}:{example}"
    )]
    NoDefaultSlice {
        chip: &'static str,
        devices: usize,
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
    /// `tpu-v4:2x2x1` (or libtpu's own `v4:2x2x1`), or `tpu-v4` alone with the slice implied by
    /// `devices` (one replica per chip). Given `devices`, the slice must hold that many chips.
    pub fn parse(text: &str, devices: Option<usize>) -> Result<Target, TargetError> {
        let (chip_name, slice) = match text.split_once(':') {
            Some((chip, slice)) => (chip, Some(slice)),
            None => (text, None),
        };
        let chip = CHIPS
            .iter()
            .find(|c| c.name == chip_name || c.libtpu_name == chip_name)
            .ok_or_else(|| TargetError::UnknownChip(text.to_string()))?;
        let target = match (slice, devices) {
            (None, Some(devices)) => Target::for_devices(chip, devices)?,
            (None, None) => {
                return Err(TargetError::BadSlice {
                    target: text.to_string(),
                    slice: String::new(),
                    axes: chip.axes,
                    example: join_dims(&[2; 3][..chip.axes]),
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
                            example: join_dims(&[2; 3][..chip.axes]),
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

    /// The slice of `devices` chips: the chip grid doubled along its shortest axis, first axes
    /// first, from 1×1(×1): 4 chips 2x2x1 (a v4-8 VM), 8 2x2x2, 32 4x4x2.
    pub fn for_devices(chip: &'static Chip, devices: usize) -> Result<Target, TargetError> {
        if !devices.is_power_of_two() {
            return Err(TargetError::NoDefaultSlice {
                chip: chip.name,
                devices,
                example: join_dims(&[2; 3][..chip.axes]),
            });
        }
        let mut slice = vec![1; chip.axes];
        while slice.iter().product::<usize>() < devices {
            let shortest = (0..chip.axes).min_by_key(|&a| slice[a]).unwrap_or(0);
            slice[shortest] *= 2;
        }
        Ok(Target { chip, slice })
    }

    pub fn chips(&self) -> usize {
        self.slice.iter().product()
    }

    /// The topology name libtpu takes (`v4:2x2x1`).
    pub fn libtpu_topology(&self) -> String {
        format!("{}:{}", self.chip.libtpu_name, join_dims(&self.slice))
    }

    /// libtpu's topology create options: megacore chips as one device each; a slice smaller
    /// than libtpu's default host (2x2x1 chips) is one host of its own size, which libtpu
    /// otherwise refuses ("not divisible by ... chips_per_host_bounds").
    pub fn topology_options(&self) -> Vec<NamedValue> {
        let mut options = Vec::new();
        if self.chip.megacore {
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
        options
    }

    /// Loads libtpu and creates the topology (no TPU needed).
    pub fn open(&self) -> anyhow::Result<Topology> {
        quiet_libtpu();
        let spec = PluginSpec::Platform(Platform::Tpu);
        let plugin: Arc<Plugin> = Plugin::open(&spec)?;
        let name = self.libtpu_topology();
        tracing::debug!("libtpu writes its own log to /tmp/tpu_logs");
        Topology::new(plugin, &name, &self.topology_options()).map_err(|e| {
            anyhow::anyhow!("libtpu cannot create topology `{name}` (target {self}): {e}")
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
        let slice = |n| Target::for_devices(v4, n).unwrap().libtpu_topology();
        assert_eq!(slice(1), "v4:1x1x1");
        assert_eq!(slice(4), "v4:2x2x1");
        assert_eq!(slice(8), "v4:2x2x2");
        assert_eq!(slice(32), "v4:4x4x2");
        assert_eq!(
            Target::for_devices(&CHIPS[1], 8).unwrap().libtpu_topology(),
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
            "unknown target `tpu-v9` (known: tpu-v4, tpu-v5e, tpu-v5p, tpu-v6e; a slice as in \
             tpu-v4:2x2x1)"
        );
    }
}
