//! `--profile`: a profile of chosen steps (`siglip train --profile START:COUNT`: steps
//! START..START+COUNT-1, counted from 1 as logged; `siglip bench step --profile DIR`: the timed
//! steps), written where TensorBoard's profile plugin and XProf read it
//! (`DIR/plugins/profile/<session>/<host>.xplane.pb`): the host's phases (waiting for input,
//! the step, evaluations, checkpoints) as lines of the host plane, an event per step.
//!
//! Device traces come from a plugin's PJRT profiler extension (libtpu's and the CUDA plugin's
//! have one; the XLA CPU plugins we run on do not). Collecting them through it is not built
//! yet: the profile says so in its warnings, and so does the log, naming the reason.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{ensure, Context, Result};

use super::phases::{Phase, Span};
use crate::pjrt::Plugin;
use crate::storage;
use crate::tensorboard::hostname;
use crate::tensorboard::xplane::{host_space, profile_path, Stretch};

/// The steps a profile records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileSteps {
    /// The first (from 1).
    pub start: u64,
    /// How many (at least 1).
    pub count: u64,
}

impl ProfileSteps {
    pub fn last(&self) -> u64 {
        self.start + self.count - 1
    }

    pub fn contains(&self, step: u64) -> bool {
        (self.start..=self.last()).contains(&step)
    }
}

impl FromStr for ProfileSteps {
    type Err = String;

    /// `START:COUNT`, both positive whole numbers.
    fn from_str(text: &str) -> Result<Self, String> {
        let (start, count) = text
            .split_once(':')
            .ok_or_else(|| format!("`{text}` is not START:COUNT (e.g. 10:5)"))?;
        let number = |what: &str, value: &str| -> Result<u64, String> {
            match value.trim().parse::<u64>() {
                Ok(0) | Err(_) => Err(format!(
                    "the {what} in `{text}` must be a whole number of at least 1"
                )),
                Ok(n) => Ok(n),
            }
        };
        let steps = ProfileSteps {
            start: number("start step", start)?,
            count: number("step count", count)?,
        };
        steps
            .start
            .checked_add(steps.count)
            .ok_or_else(|| format!("`{text}` runs past the largest step"))?;
        Ok(steps)
    }
}

/// A profile being recorded: where it goes, and why its device part is missing.
pub struct Profile {
    pub steps: ProfileSteps,
    path: PathBuf,
    host: String,
    missing_device_part: String,
    /// A moment both as a clock reading and as time since the Unix epoch, to place spans.
    epoch: (Instant, SystemTime),
}

impl Profile {
    /// Checks `steps` against the run (`first_step`: steps done before this process started;
    /// `last_step`: `train.steps`); writes nothing.
    pub fn check(steps: ProfileSteps, first_step: u64, last_step: u64) -> Result<()> {
        ensure!(
            steps.start <= last_step,
            "--profile {}:{}: step {} is past train.steps = {last_step}",
            steps.start,
            steps.count,
            steps.start
        );
        ensure!(
            steps.start > first_step,
            "--profile {}:{}: the run continues after step {first_step}, so step {} will not run",
            steps.start,
            steps.count,
            steps.start
        );
        Ok(())
    }

    /// Makes the profile's directory under `run_dir` (before anything is compiled, so that an
    /// unwritable run directory fails early) and says why the device part will be missing.
    pub fn create(run_dir: &Path, steps: ProfileSteps, plugin: &Plugin) -> Result<Profile> {
        let now = SystemTime::now();
        let session = format!("steps_{}-{}_{}", steps.start, steps.last(), unix_secs(now));
        let host = hostname();
        let path = profile_path(run_dir, &session, &host);
        let dir = path.parent().unwrap_or(run_dir);
        storage::create_dir_all(dir)
            .with_context(|| format!("--profile: creating {}", dir.display()))?;
        let missing_device_part = match plugin.has_profiler() {
            true => format!(
                "the plugin {} has the PJRT profiler extension, but collecting device traces \
                 through it is not built yet: the profile holds the host's phases only",
                plugin.path().display()
            ),
            false => format!(
                "the plugin {} has no PJRT profiler extension (its extensions: types {:?} of \
                 PJRT_Extension_Type), so the profile holds the host's phases only, no device \
                 trace",
                plugin.path().display(),
                plugin.extension_types()
            ),
        };
        tracing::warn!("--profile: {missing_device_part}");
        Ok(Profile {
            steps,
            path,
            host,
            missing_device_part,
            epoch: (Instant::now(), SystemTime::now()),
        })
    }

    /// The file the profile goes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the recorded `spans`; returns the file written.
    pub fn write(&self, spans: &[Span]) -> Result<PathBuf> {
        let lines: Vec<(&str, Vec<Stretch>)> = Phase::ALL
            .iter()
            .map(|&phase| {
                let stretches = spans
                    .iter()
                    .filter(|span| span.phase == phase)
                    .map(|span| Stretch {
                        name: format!("{} {}", line_name(phase), span.step),
                        start_ns: self.unix_ns(span.start),
                        duration_ns: span.duration.as_nanos() as i64,
                    })
                    .collect();
                (line_name(phase), stretches)
            })
            .collect();
        let bytes = host_space(
            &self.host,
            &lines,
            std::slice::from_ref(&self.missing_device_part),
        );
        storage::write(&self.path, &bytes)
            .with_context(|| format!("writing the profile {}", self.path.display()))?;
        tracing::info!("profile written: {}", self.path.display());
        Ok(self.path.clone())
    }

    fn unix_ns(&self, at: Instant) -> i64 {
        let (instant, system) = self.epoch;
        let since_epoch = system.duration_since(UNIX_EPOCH).unwrap_or_default();
        let ns = since_epoch.as_nanos() as i64;
        match at >= instant {
            true => ns + at.duration_since(instant).as_nanos() as i64,
            false => ns - instant.duration_since(at).as_nanos() as i64,
        }
    }
}

/// What the trace viewer calls each phase's line.
fn line_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Input => "waiting for input",
        Phase::Step => "train step",
        Phase::Eval => "evaluation",
        Phase::Checkpoint => "checkpoint",
    }
}

fn unix_secs(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
