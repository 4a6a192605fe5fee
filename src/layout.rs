//! How a data-parallel step lays its batch over processes and devices, as JAX / big_vision do:
//! `train.batch_size` is the GLOBAL batch and `runtime.devices` the GLOBAL device count (all
//! processes together). The program runs one replica per device (`devices` replicas), each on
//! `batch / devices` pairs; each of the `processes` processes drives `devices / processes` of
//! them and its input pipeline yields `batch / processes` examples per step, split over its own
//! devices in replica order. The train step, `siglip plan`, the data pipeline's settings and the
//! pipeline's own check of its batch take their numbers from here, so there is one definition
//! of the arithmetic.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("{what} must be at least 1")]
    Zero { what: &'static str },

    #[error(
        "runtime.devices = {devices} (all processes together) does not split evenly over \
         {processes} processes: each process must drive the same number of devices"
    )]
    DevicesOverProcesses { devices: usize, processes: usize },

    #[error(
        "train.batch_size = {batch} does not split evenly over {devices} devices \
         (runtime.devices, all processes together)"
    )]
    BatchOverDevices { batch: usize, devices: usize },
}

/// A validated layout: every division below is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLayout {
    global_batch: usize,
    devices: usize,
    processes: usize,
}

impl BatchLayout {
    /// The layout of `global_batch` pairs over `devices` devices driven by `processes`
    /// processes, or which of the numbers do not fit.
    pub fn new(
        global_batch: usize,
        devices: usize,
        processes: usize,
    ) -> Result<BatchLayout, LayoutError> {
        for (what, n) in [
            ("train.batch_size", global_batch),
            ("runtime.devices", devices),
            ("the number of processes", processes),
        ] {
            if n == 0 {
                return Err(LayoutError::Zero { what });
            }
        }
        if !devices.is_multiple_of(processes) {
            return Err(LayoutError::DevicesOverProcesses { devices, processes });
        }
        if !global_batch.is_multiple_of(devices) {
            return Err(LayoutError::BatchOverDevices {
                batch: global_batch,
                devices,
            });
        }
        Ok(BatchLayout {
            global_batch,
            devices,
            processes,
        })
    }

    pub fn global_batch(&self) -> usize {
        self.global_batch
    }

    /// Replicas of the program: one per device of every process.
    pub fn replicas(&self) -> usize {
        self.devices
    }

    pub fn processes(&self) -> usize {
        self.processes
    }

    /// Pairs each replica computes its loss share on.
    pub fn per_replica(&self) -> usize {
        self.global_batch / self.devices
    }

    /// Examples one process's input pipeline yields per step.
    pub fn per_process(&self) -> usize {
        self.global_batch / self.processes
    }

    /// Devices each process drives (and feeds).
    pub fn devices_per_process(&self) -> usize {
        self.devices / self.processes
    }

    /// The replicas process `process` feeds, in the order its pipeline's per-device slices
    /// go to them: so the global batch is the processes' batches one after another.
    pub fn process_replicas(&self, process: usize) -> Range<usize> {
        let local = self.devices_per_process();
        process * local..(process + 1) * local
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (replicas, per replica, per process, devices per process, replicas of the last process)
    fn figures(layout: BatchLayout) -> (usize, usize, usize, usize, Range<usize>) {
        (
            layout.replicas(),
            layout.per_replica(),
            layout.per_process(),
            layout.devices_per_process(),
            layout.process_replicas(layout.processes() - 1),
        )
    }

    #[test]
    fn one_global_batch_over_four_devices_in_any_process_split() {
        // 1 process × 4 devices, 2 × 2, 4 × 1: the same program (4 replicas of 32 pairs); only
        // how many examples each process reads and which replicas it feeds change.
        assert_eq!(
            figures(BatchLayout::new(128, 4, 1).unwrap()),
            (4, 32, 128, 4, 0..4)
        );
        assert_eq!(
            figures(BatchLayout::new(128, 4, 2).unwrap()),
            (4, 32, 64, 2, 2..4)
        );
        assert_eq!(
            figures(BatchLayout::new(128, 4, 4).unwrap()),
            (4, 32, 32, 1, 3..4)
        );
        let two_by_two = BatchLayout::new(128, 4, 2).unwrap();
        assert_eq!(two_by_two.process_replicas(0), 0..2);
        assert_eq!(two_by_two.global_batch(), 128);
    }

    #[test]
    fn numbers_that_do_not_divide_are_named() {
        let message = |b, d, p| BatchLayout::new(b, d, p).unwrap_err().to_string();
        assert_eq!(
            message(100, 8, 1),
            "train.batch_size = 100 does not split evenly over 8 devices (runtime.devices, all \
             processes together)"
        );
        assert_eq!(
            message(128, 6, 4),
            "runtime.devices = 6 (all processes together) does not split evenly over 4 \
             processes: each process must drive the same number of devices"
        );
        // Fewer devices than processes: some process would drive none.
        assert_eq!(
            BatchLayout::new(128, 2, 4),
            Err(LayoutError::DevicesOverProcesses {
                devices: 2,
                processes: 4
            })
        );
        assert_eq!(message(0, 4, 1), "train.batch_size must be at least 1");
        assert_eq!(message(8, 0, 1), "runtime.devices must be at least 1");
        assert_eq!(
            message(8, 4, 0),
            "the number of processes must be at least 1"
        );
        // The batch must split over the global devices, not only over the processes.
        assert_eq!(
            BatchLayout::new(6, 4, 2),
            Err(LayoutError::BatchOverDevices {
                batch: 6,
                devices: 4
            })
        );
    }
}
