//! Compile options and their wire form: the few fields of XLA's `CompileOptionsProto`
//! (`xla/pjrt/proto/compile_options.proto`, `DeviceAssignmentProto` in `xla/xla_data.proto`)
//! that replica / partition programs need, written as hand-declared prost messages.

use prost::Message;

use super::error::{PjrtError, Result};

/// How to compile a program for several devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileOptions {
    pub num_replicas: usize,
    pub num_partitions: usize,
    /// Explicit placement; `None` lets the plugin use its default (replica r on device r).
    pub device_assignment: Option<DeviceAssignment>,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            num_replicas: 1,
            num_partitions: 1,
            device_assignment: None,
        }
    }
}

impl CompileOptions {
    /// `n` replicas, one partition, default placement (the `pmap` style used for training).
    pub fn replicas(n: usize) -> Self {
        CompileOptions {
            num_replicas: n,
            ..Self::default()
        }
    }
}

/// Global device ids by `[replica][partition]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceAssignment {
    pub device_ids: Vec<Vec<i64>>,
}

#[derive(Clone, PartialEq, Message)]
struct CompileOptionsProto {
    #[prost(message, optional, tag = "3")]
    executable_build_options: Option<ExecutableBuildOptionsProto>,
}

#[derive(Clone, PartialEq, Message)]
struct ExecutableBuildOptionsProto {
    #[prost(int64, tag = "1")]
    device_ordinal: i64,
    #[prost(int64, tag = "4")]
    num_replicas: i64,
    #[prost(int64, tag = "5")]
    num_partitions: i64,
    #[prost(message, optional, tag = "9")]
    device_assignment: Option<DeviceAssignmentProto>,
}

#[derive(Clone, PartialEq, Message)]
struct DeviceAssignmentProto {
    #[prost(int32, tag = "1")]
    replica_count: i32,
    #[prost(int32, tag = "2")]
    computation_count: i32,
    /// One entry per partition ("computation"), listing the device of each replica.
    #[prost(message, repeated, tag = "3")]
    computation_devices: Vec<ComputationDevice>,
}

#[derive(Clone, PartialEq, Message)]
struct ComputationDevice {
    #[prost(int64, repeated, tag = "1")]
    replica_device_ids: Vec<i64>,
}

/// Serialised `CompileOptionsProto` for `PJRT_Client_Compile`.
pub(crate) fn serialize(options: &CompileOptions) -> Result<Vec<u8>> {
    let (replicas, partitions) = (options.num_replicas, options.num_partitions);
    if replicas == 0 || partitions == 0 {
        return Err(PjrtError::InvalidArguments(format!(
            "need at least one replica and one partition, got {replicas} x {partitions}"
        )));
    }
    let device_assignment = match &options.device_assignment {
        None => None,
        Some(assignment) => {
            let ids = &assignment.device_ids;
            if ids.len() != replicas || ids.iter().any(|row| row.len() != partitions) {
                return Err(PjrtError::InvalidArguments(format!(
                    "device assignment must be {replicas} replicas x {partitions} partitions"
                )));
            }
            Some(DeviceAssignmentProto {
                replica_count: replicas as i32,
                computation_count: partitions as i32,
                computation_devices: (0..partitions)
                    .map(|p| ComputationDevice {
                        replica_device_ids: ids.iter().map(|row| row[p]).collect(),
                    })
                    .collect(),
            })
        }
    };
    let proto = CompileOptionsProto {
        executable_build_options: Some(ExecutableBuildOptionsProto {
            device_ordinal: -1,
            num_replicas: replicas as i64,
            num_partitions: partitions as i64,
            device_assignment,
        }),
    };
    Ok(proto.encode_to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes worked out by hand from the protobuf wire format.
    #[test]
    fn four_replicas_encode_as_expected() {
        let bytes = serialize(&CompileOptions::replicas(4)).unwrap();
        let mut expected = vec![0x1a, 15, 0x08];
        expected.extend([0xff; 9]);
        expected.push(0x01); // device_ordinal = -1 as a ten-byte varint
        expected.extend([0x20, 4, 0x28, 1]); // num_replicas = 4, num_partitions = 1
        assert_eq!(bytes, expected);
    }

    #[test]
    fn device_assignment_is_listed_per_partition() {
        let options = CompileOptions {
            num_replicas: 2,
            num_partitions: 1,
            device_assignment: Some(DeviceAssignment {
                device_ids: vec![vec![3], vec![1]],
            }),
        };
        let bytes = serialize(&options).unwrap();
        // ... num_partitions, then field 9: {replica_count 2, computation_count 1,
        // computation_devices {replica_device_ids packed [3, 1]}}
        let assignment = [0x4a, 10, 0x08, 2, 0x10, 1, 0x1a, 4, 0x0a, 2, 3, 1];
        assert!(bytes.ends_with(&assignment), "{bytes:02x?}");
        assert_eq!(bytes[1] as usize, bytes.len() - 2);
    }

    #[test]
    fn mismatched_assignment_is_rejected() {
        let options = CompileOptions {
            num_replicas: 2,
            num_partitions: 1,
            device_assignment: Some(DeviceAssignment {
                device_ids: vec![vec![0]],
            }),
        };
        assert!(serialize(&options).is_err());
    }
}
