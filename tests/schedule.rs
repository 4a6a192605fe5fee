//! Learning-rate schedules against values computed by hand from big_vision's
//! `create_learning_rate_schedule` formulas (run of 100 steps unless stated).

use siglip::schedule::{Decay, ScheduleConfig};

const TOTAL: u64 = 100;

fn schedule(warmup_steps: u64, cooldown_steps: u64, decay: Decay) -> ScheduleConfig {
    ScheduleConfig {
        warmup_steps,
        cooldown_steps,
        decay,
    }
}

/// `(step, expected multiplier)` pairs, to 1e-15 (a few ulps of f64 around 1).
fn check(s: &ScheduleConfig, expected: &[(u64, f64)]) {
    s.validate(TOTAL).unwrap();
    for &(step, want) in expected {
        let got = s.at(step, TOTAL);
        assert!(
            (got - want).abs() <= 1e-15,
            "{s:?} at step {step}: got {got}, want {want}"
        );
    }
}

#[test]
fn cosine_after_linear_warmup() {
    // Warmup 10: step/10 times the decay, whose progress is (step − 10)/90.
    check(
        &schedule(10, 0, Decay::Cosine),
        &[
            (0, 0.0),
            (5, 0.5),
            (10, 1.0),
            (40, 0.75), // 0.5·(1 + cos(π/3))
            (55, 0.5),  // 0.5·(1 + cos(π/2))
            (100, 0.0),
        ],
    );
    check(&schedule(0, 0, Decay::Cosine), &[(0, 1.0), (50, 0.5)]);
}

#[test]
fn linear_to_end_with_power() {
    let linear = |power| Decay::Linear { end: 0.1, power };
    check(
        &schedule(10, 0, linear(1.0)),
        &[(5, 0.5), (10, 1.0), (55, 0.55), (100, 0.1)],
    );
    // end + (1 − end)·(1/2)²
    check(&schedule(10, 0, linear(2.0)), &[(55, 0.325)]);
}

#[test]
fn rsqrt_with_timescale_and_shift() {
    let rsqrt = |shift| Decay::Rsqrt {
        timescale: 10.0,
        shift,
    };
    // 1/√(1 + (step − 10)/10) after warmup; 1 during it (times the warmup ramp).
    check(
        &schedule(10, 0, rsqrt(0.0)),
        &[(5, 0.5), (10, 1.0), (40, 0.5), (90, 1.0 / 3.0)],
    );
    // shift 30: 1/√(1 + 3) = 1/2 during warmup, 1/√(1 + (step + 20)/10) after.
    check(
        &schedule(10, 0, rsqrt(30.0)),
        &[(5, 0.25), (10, 0.5), (60, 1.0 / 3.0)],
    );
}

#[test]
fn constant_and_cooldown() {
    check(
        &schedule(10, 0, Decay::Constant),
        &[(3, 0.3), (10, 1.0), (100, 1.0)],
    );
    // Cooldown 20: min(1, (100 − step)/20).
    check(
        &schedule(0, 20, Decay::Constant),
        &[(80, 1.0), (90, 0.5), (95, 0.25), (100, 0.0)],
    );
    // Both: 0.5·(1 + cos(8π/9)) · 10/20.
    check(
        &schedule(10, 20, Decay::Cosine),
        &[(90, 0.5 * (1.0 - 0.939_692_620_785_908_4) * 0.5)],
    );
}

#[test]
fn from_yaml_with_defaults() {
    let s: ScheduleConfig = serde_yaml::from_str("{}").unwrap();
    assert_eq!(s, schedule(0, 0, Decay::Cosine));
    let s: ScheduleConfig =
        serde_yaml::from_str("{warmup_steps: 5, decay: {type: rsqrt}}").unwrap();
    assert_eq!(
        s.decay,
        Decay::Rsqrt {
            timescale: 10_000.0,
            shift: 0.0
        }
    );
    let s: ScheduleConfig = serde_yaml::from_str("decay: {type: linear, end: 0.5}").unwrap();
    assert_eq!(
        s.decay,
        Decay::Linear {
            end: 0.5,
            power: 1.0
        }
    );
}

#[test]
fn settings_that_cannot_work_name_their_key() {
    let key = |s: ScheduleConfig| s.validate(TOTAL).unwrap_err().key;
    assert_eq!(key(schedule(100, 0, Decay::Cosine)), "warmup_steps");
    assert_eq!(key(schedule(0, 101, Decay::Cosine)), "cooldown_steps");
    let linear = |end, power| Decay::Linear { end, power };
    assert_eq!(key(schedule(0, 0, linear(f64::NAN, 1.0))), "decay.end");
    assert_eq!(key(schedule(0, 0, linear(0.0, 0.0))), "decay.power");
    let rsqrt = |timescale, shift| Decay::Rsqrt { timescale, shift };
    assert_eq!(key(schedule(0, 0, rsqrt(0.0, 0.0))), "decay.timescale");
    assert_eq!(key(schedule(0, 0, rsqrt(1.0, -1.0))), "decay.shift");
    schedule(99, 100, Decay::Cosine).validate(TOTAL).unwrap();
}
