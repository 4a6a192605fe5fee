//! Learning-rate schedules as big_vision has them (`utils.create_learning_rate_schedule`): a
//! multiplier of the optimizer's learning rate, evaluated on the host each step and passed to the
//! step program as a scalar. A linear warmup over `warmup_steps` multiplies the decay, which
//! starts counting once warmup ends; an optional linear cooldown over the last `cooldown_steps`
//! multiplies both. `step` is the number of updates already applied (optax's `count`), so with
//! warmup the first update has multiplier 0, as in big_vision.

use serde::{Deserialize, Serialize};

/// The schedule section of a run config (default: no warmup, cosine decay).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// Steps of linear warmup from 0 to the full rate.
    #[serde(default)]
    pub warmup_steps: u64,
    /// Steps of linear cooldown to 0 at the end of the run (0: none).
    #[serde(default)]
    pub cooldown_steps: u64,
    #[serde(default)]
    pub decay: Decay,
}

/// What happens after warmup. Written as a map with a `type` key: `{type: cosine}`,
/// `{type: linear, end: 0.01}`, `{type: rsqrt, timescale: 10000}`, `{type: constant}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Decay {
    /// Half a cosine from 1 to 0 over the steps after warmup.
    #[default]
    Cosine,
    /// `end + (1 − end)·(1 − progress)^power`: from 1 to `end` over the steps after warmup.
    Linear {
        #[serde(default)]
        end: f64,
        #[serde(default = "default_power")]
        power: f64,
    },
    /// `1 / √(1 + (step + shift − warmup) / timescale)` after warmup, `1 / √(1 + shift /
    /// timescale)` during it.
    Rsqrt {
        #[serde(default = "default_timescale")]
        timescale: f64,
        #[serde(default)]
        shift: f64,
    },
    /// 1 after warmup.
    Constant,
}

fn default_power() -> f64 {
    1.0
}
fn default_timescale() -> f64 {
    10_000.0
}

/// A schedule setting that cannot work for a run of the given length.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{key}`: {message}")]
pub struct ScheduleError {
    /// The offending key, relative to the schedule section (`warmup_steps`, `decay.end`, ...).
    pub key: &'static str,
    pub message: String,
}

impl ScheduleConfig {
    /// Checks the settings against a run of `total_steps` steps.
    pub fn validate(&self, total_steps: u64) -> Result<(), ScheduleError> {
        let bad = |key, message: String| Err(ScheduleError { key, message });
        if self.warmup_steps > 0 && self.warmup_steps >= total_steps {
            return bad(
                "warmup_steps",
                format!(
                    "{} warmup steps leave no step to decay over in a run of {total_steps} steps",
                    self.warmup_steps
                ),
            );
        }
        if self.cooldown_steps > total_steps {
            return bad(
                "cooldown_steps",
                format!(
                    "{} cooldown steps are more than the run's {total_steps} steps",
                    self.cooldown_steps
                ),
            );
        }
        match self.decay {
            Decay::Linear { end, power } => {
                if !(end.is_finite() && end >= 0.0) {
                    return bad("decay.end", format!("must be finite and ≥ 0, got {end}"));
                }
                if !(power.is_finite() && power > 0.0) {
                    return bad(
                        "decay.power",
                        format!("must be finite and > 0, got {power}"),
                    );
                }
            }
            Decay::Rsqrt { timescale, shift } => {
                if !(timescale.is_finite() && timescale > 0.0) {
                    return bad(
                        "decay.timescale",
                        format!("must be finite and > 0, got {timescale}"),
                    );
                }
                if !(shift.is_finite() && shift >= 0.0) {
                    return bad(
                        "decay.shift",
                        format!("must be finite and ≥ 0, got {shift}"),
                    );
                }
            }
            Decay::Cosine | Decay::Constant => {}
        }
        Ok(())
    }

    /// The learning-rate multiplier for the update after `step` updates of a `total_steps` run.
    pub fn at(&self, step: u64, total_steps: u64) -> f64 {
        let (step_f, total, warmup) = (step as f64, total_steps as f64, self.warmup_steps as f64);
        let progress = if total > warmup {
            ((step_f - warmup) / (total - warmup)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let mut lr = match self.decay {
            Decay::Cosine => 0.5 * (1.0 + (std::f64::consts::PI * progress).cos()),
            Decay::Linear { end, power } => end + (1.0 - end) * (1.0 - progress).powf(power),
            Decay::Rsqrt { timescale, shift } if step >= self.warmup_steps => {
                1.0 / (1.0 + (step_f + shift - warmup) / timescale).sqrt()
            }
            Decay::Rsqrt { timescale, shift } => 1.0 / (1.0 + shift / timescale).sqrt(),
            Decay::Constant => 1.0,
        };
        if self.warmup_steps > 0 {
            lr *= (step_f / warmup).min(1.0);
        }
        if self.cooldown_steps > 0 {
            lr *= ((total - step_f) / self.cooldown_steps as f64).min(1.0);
        }
        lr
    }
}
