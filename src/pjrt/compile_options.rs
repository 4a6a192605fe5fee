//! Compile options and their wire form: the few fields of XLA's `CompileOptionsProto`
//! (`xla/pjrt/proto/compile_options.proto`, `DeviceAssignmentProto` in `xla/xla_data.proto`)
//! that replica / partition programs need, written as hand-declared prost messages; and the
//! `DeviceAssignmentProto` a compiled executable reports, read back.

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

/// The device assignment of a compiled executable, from the serialised `DeviceAssignmentProto`
/// of `PJRT_LoadedExecutable_GetDeviceAssignment`.
pub(crate) fn parse_device_assignment(bytes: &[u8]) -> Result<DeviceAssignment> {
    let bad = |why: String| PjrtError::InvalidArguments(format!("device assignment: {why}"));
    let proto = DeviceAssignmentProto::decode(bytes).map_err(|e| bad(e.to_string()))?;
    let (replicas, partitions) = (proto.replica_count, proto.computation_count);
    if replicas < 1
        || partitions < 1
        || proto.computation_devices.len() != partitions as usize
        || proto
            .computation_devices
            .iter()
            .any(|c| c.replica_device_ids.len() != replicas as usize)
    {
        return Err(bad(format!(
            "{replicas} replicas x {partitions} partitions, but devices listed for {:?}",
            proto
                .computation_devices
                .iter()
                .map(|c| c.replica_device_ids.len())
                .collect::<Vec<_>>()
        )));
    }
    Ok(DeviceAssignment {
        device_ids: (0..replicas as usize)
            .map(|r| {
                proto
                    .computation_devices
                    .iter()
                    .map(|c| c.replica_device_ids[r])
                    .collect()
            })
            .collect(),
    })
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
    fn an_executables_assignment_reads_back_by_replica() {
        // What a 2-process × 2-device run's executable reports: replica r on device 10 + r,
        // written as XLA writes it (replica and computation counts, one computation).
        let bytes = [0x08, 4, 0x10, 1, 0x1a, 6, 0x0a, 4, 10, 11, 12, 13];
        assert_eq!(
            parse_device_assignment(&bytes).unwrap(),
            DeviceAssignment {
                device_ids: vec![vec![10], vec![11], vec![12], vec![13]]
            }
        );
        // The wire form we write parses back to what was written.
        let assignment = DeviceAssignment {
            device_ids: vec![vec![3, 5], vec![1, 7]],
        };
        let options = CompileOptions {
            num_replicas: 2,
            num_partitions: 2,
            device_assignment: Some(assignment.clone()),
        };
        let proto = CompileOptionsProto::decode(&serialize(&options).unwrap()[..]).unwrap();
        let written = proto.executable_build_options.unwrap().device_assignment;
        let bytes = written.unwrap().encode_to_vec();
        assert_eq!(parse_device_assignment(&bytes).unwrap(), assignment);
        // A list that does not cover every replica is an error, not a short assignment.
        let short = [0x08, 4, 0x10, 1, 0x1a, 4, 0x0a, 2, 10, 11];
        assert_eq!(
            parse_device_assignment(&short).unwrap_err().to_string(),
            "device assignment: 4 replicas x 1 partitions, but devices listed for [2]"
        );
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
