//! Where a run's wall time goes: the loop times each of its phases (waiting for input, the
//! step, evaluations, checkpoints), and every logged line carries each phase's share of the
//! wall time since the line before (what is left is logging and reading `t` and `b`). While a
//! profile records, the clock also keeps each stretch of each phase.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A phase of the training loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the pipeline's next batch and making the step's host inputs from it.
    Input,
    /// The train step: its inputs to the devices, the program, its metrics back.
    Step,
    Eval,
    Checkpoint,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Input, Phase::Step, Phase::Eval, Phase::Checkpoint];

    pub fn name(self) -> &'static str {
        match self {
            Phase::Input => "input",
            Phase::Step => "step",
            Phase::Eval => "eval",
            Phase::Checkpoint => "checkpoint",
        }
    }

    /// The `metrics.jsonl` (and TensorBoard) key of the phase's share of the wall time.
    pub fn share_key(self) -> String {
        format!("{SHARE_PREFIX}{}", self.name())
    }
}

const SHARE_PREFIX: &str = "time_share/";

/// Above this share of waiting for input, a run is input-bound.
pub const INPUT_BOUND_SHARE: f64 = 0.10;

/// Each phase's share of the wall time of one stretch of the run, in [`Phase::ALL`]'s order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeShares(pub [f64; 4]);

impl TimeShares {
    pub fn of(&self, phase: Phase) -> f64 {
        self.0[phase as usize]
    }

    /// The shares keyed as `metrics.jsonl` holds them.
    pub fn keyed(&self) -> BTreeMap<String, f64> {
        Phase::ALL
            .iter()
            .map(|&phase| (phase.share_key(), self.of(phase)))
            .collect()
    }

    /// `input 3%  step 95%  eval 0%  checkpoint 1%`, for log lines.
    pub fn describe(&self) -> String {
        Phase::ALL
            .iter()
            .map(|&phase| format!("{} {:.0}%", phase.name(), 100.0 * self.of(phase)))
            .collect::<Vec<_>>()
            .join("  ")
    }
}

/// One stretch of a phase, recorded for a profile.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub phase: Phase,
    /// The step it belongs to (an evaluation or checkpoint: the step after which it ran).
    pub step: u64,
    pub start: Instant,
    pub duration: Duration,
}

/// Time spent in each phase since the last [`PhaseClock::shares`]; and, while a profile
/// records, each stretch of it.
pub struct PhaseClock {
    since: Instant,
    spent: [Duration; 4],
    /// The step whose phases are recorded, if any.
    tracing: Option<u64>,
    trace: Vec<Span>,
}

impl Default for PhaseClock {
    fn default() -> Self {
        PhaseClock {
            since: Instant::now(),
            spent: [Duration::ZERO; 4],
            tracing: None,
            trace: Vec::new(),
        }
    }
}

impl PhaseClock {
    /// Runs `work`, counting its time to `phase`.
    pub fn time<T>(&mut self, phase: Phase, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = work();
        let duration = start.elapsed();
        self.spent[phase as usize] += duration;
        if let Some(step) = self.tracing {
            self.trace.push(Span {
                phase,
                step,
                start,
                duration,
            });
        }
        result
    }

    /// Records the stretches of `step` from now on (`None`: records none).
    pub fn trace_step(&mut self, step: Option<u64>) {
        self.tracing = step;
    }

    /// The stretches recorded so far, which it forgets.
    pub fn take_trace(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.trace)
    }

    /// Each phase's share of the wall time since the last call (or since the clock started),
    /// and a new stretch from now.
    pub fn shares(&mut self) -> TimeShares {
        let now = Instant::now();
        let wall = now.duration_since(self.since).as_secs_f64();
        let shares = self.spent.map(|spent| match wall > 0.0 {
            true => (spent.as_secs_f64() / wall).min(1.0),
            false => 0.0,
        });
        self.since = now;
        self.spent = [Duration::ZERO; 4];
        TimeShares(shares)
    }
}

/// Tells, once, that a run waits on its input: a stretch other than the first (which holds
/// the pipeline filling up) spent more than [`INPUT_BOUND_SHARE`] of its time waiting.
#[derive(Default)]
pub struct InputBoundCheck {
    stretches: u64,
    said: bool,
}

impl InputBoundCheck {
    /// Whether the stretch of `shares` is the one to say it at.
    pub fn says(&mut self, shares: &TimeShares) -> bool {
        self.stretches += 1;
        let now = !self.said && self.stretches > 1 && shares.of(Phase::Input) > INPUT_BOUND_SHARE;
        self.said |= now;
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiting(input: f64) -> TimeShares {
        TimeShares([input, 1.0 - input, 0.0, 0.0])
    }

    #[test]
    fn input_bound_is_said_once_and_not_for_the_first_stretch() {
        let mut check = InputBoundCheck::default();
        assert!(!check.says(&waiting(0.9)), "the pipeline filling up");
        assert!(!check.says(&waiting(INPUT_BOUND_SHARE)));
        assert!(check.says(&waiting(0.2)));
        assert!(!check.says(&waiting(0.9)), "said already");
    }

    #[test]
    fn shares_count_each_phase_and_start_a_new_stretch() {
        let mut clock = PhaseClock::default();
        clock.time(Phase::Checkpoint, || {
            std::thread::sleep(Duration::from_millis(5))
        });
        let shares = clock.shares();
        let checkpoint = shares.of(Phase::Checkpoint);
        assert!(checkpoint > 0.0 && checkpoint <= 1.0, "{shares:?}");
        for phase in [Phase::Input, Phase::Step, Phase::Eval] {
            assert_eq!(shares.of(phase), 0.0);
        }
        assert_eq!(clock.shares().of(Phase::Checkpoint), 0.0);
        assert_eq!(
            shares.keyed().keys().collect::<Vec<_>>(),
            [
                "time_share/checkpoint",
                "time_share/eval",
                "time_share/input",
                "time_share/step"
            ]
        );
    }
}
