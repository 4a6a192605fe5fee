//! Sweeps: a YAML file naming a base run config and the `--set` overrides of each run (a grid,
//! every combination, or an explicit list). Each run trains in its own directory under a runs
//! root, named from its overrides; a finished run (its latest checkpoint at `train.steps`) is
//! skipped, a half-finished one resumed, so re-invoking a sweep continues it. Every run's config
//! is loaded and checked before the first one starts. At the end, a table of each run's final
//! metrics from its `metrics.jsonl`, and a metric against one override summarized over the runs
//! that share its value (seeds), for `siglip sweep --plot`. The sweep file, its base config and
//! the runs root may be in a bucket (`gs://`, `s3://`); `base` is then resolved within the bucket.
//!
//! ```yaml
//! base: ../tiny_cpu.yaml          # relative to the sweep file
//! set: [train.steps=100]          # overrides every run shares (optional)
//! grid:                           # every combination, first key varying slowest
//!   optimizer.lr: [1.0e-3, 3.0e-3]
//!   train.batch_size: [32, 64]
//! # or instead of grid, one entry per run:
//! # runs: [{optimizer.lr: 1.0e-3}, {optimizer.lr: 3.0e-3, train.batch_size: 32}]
//! # or both: each listed run crossed with every combination of the grid (values that must
//! # change together, such as a batch size and the steps that see as many examples, in `runs`).
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::checkpoint;
use crate::config::RunConfig;
use crate::metrics::{self, EVAL_PREFIX, METRICS_FILE};
use crate::plot::{SweepPanel, SweepPoint, SweepSeries};
use crate::storage;
use crate::tensorboard::HParam;
use crate::train::RunSummary;

/// A sweep file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFile {
    base: PathBuf,
    #[serde(default)]
    set: Vec<String>,
    #[serde(default)]
    grid: Option<Mapping>,
    #[serde(default)]
    runs: Option<Vec<Mapping>>,
}

/// A loaded sweep: the base config and its runs, every run's config already validated.
#[derive(Debug)]
pub struct Sweep {
    /// The base config, as the sweep names it (relative to the working directory).
    pub base: PathBuf,
    /// Overrides every run shares, applied before each run's own.
    pub common: Vec<String>,
    pub runs: Vec<SweepRun>,
}

/// One run of a sweep.
#[derive(Debug)]
pub struct SweepRun {
    /// Its directory name under the runs root, made from its own overrides.
    pub name: String,
    /// Its own overrides (`key=value`), in the sweep's key order.
    pub sets: Vec<String>,
    pub config: RunConfig,
}

impl SweepRun {
    /// The overrides of this run on top of the base config: the shared ones, then its own.
    pub fn all_sets(&self, sweep: &Sweep) -> Vec<String> {
        sweep.common.iter().chain(&self.sets).cloned().collect()
    }

    /// Its own overrides as hyperparameters (what TensorBoard's HParams view compares the
    /// sweep's runs by): numbers and booleans as such, anything else as its YAML text.
    pub fn hparams(&self) -> BTreeMap<String, HParam> {
        self.sets
            .iter()
            .filter_map(|set| set.split_once('='))
            .map(|(key, text)| {
                let value = match serde_yaml::from_str::<Value>(text) {
                    Ok(Value::Bool(b)) => HParam::Bool(b),
                    Ok(Value::Number(n)) => n
                        .as_f64()
                        .map_or_else(|| HParam::Text(text.to_string()), HParam::Number),
                    _ => HParam::Text(text.to_string()),
                };
                (key.to_string(), value)
            })
            .collect()
    }
}

/// Where a run stands in its directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Nothing written yet.
    Fresh,
    /// Checkpointed at this step, before `train.steps`: continue with `--resume`.
    Partial(u64),
    /// Its latest checkpoint is at `train.steps`.
    Finished,
}

impl Sweep {
    /// Reads a sweep file and loads (and validates) the config of every run.
    pub fn load(file: &Path) -> Result<Sweep> {
        let text =
            storage::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let parsed: SweepFile =
            serde_yaml::from_str(&text).with_context(|| format!("{}", file.display()))?;
        let base = storage::join_relative(file.parent().unwrap_or(Path::new("")), &parsed.base)
            .with_context(|| format!("{}: `base`", file.display()))?;
        let listed = parsed
            .runs
            .map(|runs| {
                runs.iter()
                    .enumerate()
                    .map(|(i, run)| {
                        run.iter()
                            .map(|(k, v)| override_pair(k, v))
                            .collect::<Result<Vec<_>>>()
                            .with_context(|| format!("{}: `runs[{i}]`", file.display()))
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?;
        let combos = parsed
            .grid
            .map(|grid| expand_grid(&grid).with_context(|| format!("{}: `grid`", file.display())))
            .transpose()?;
        let overrides = match (listed, combos) {
            (Some(listed), None) => listed,
            (None, Some(combos)) => combos,
            (Some(listed), Some(combos)) => listed
                .iter()
                .flat_map(|run| {
                    combos
                        .iter()
                        .map(move |combo| [run.clone(), combo.clone()].concat())
                })
                .collect(),
            (None, None) => bail!(
                "{}: set `grid` (every combination), `runs` (a list), or both (each listed run \
                 crossed with every combination of the grid)",
                file.display()
            ),
        };
        ensure!(
            !overrides.is_empty(),
            "{}: the sweep has no runs",
            file.display()
        );
        let names = run_names(&overrides);
        let mut seen = BTreeMap::new();
        let mut runs = Vec::with_capacity(overrides.len());
        for (i, (pairs, name)) in overrides.into_iter().zip(names).enumerate() {
            if let Some(first) = seen.insert(name.clone(), i) {
                bail!(
                    "{}: runs {first} and {i} have the same overrides (`{name}`)",
                    file.display()
                );
            }
            let sets: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let all: Vec<String> = parsed.set.iter().chain(&sets).cloned().collect();
            let config = RunConfig::load(&base, &all)
                .with_context(|| format!("{}: run `{name}`", file.display()))?;
            ensure!(
                config.checkpoint.dir.is_none(),
                "{}: run `{name}`: `checkpoint.dir` is set, so every run of the sweep would \
                 checkpoint into the same folder; leave it unset (each run checkpoints in its \
                 own run directory)",
                file.display()
            );
            runs.push(SweepRun { name, sets, config });
        }
        Ok(Sweep {
            base,
            common: parsed.set,
            runs,
        })
    }

    /// Each run's directory under `root` and where it stands there. A directory with metrics
    /// but no checkpoint (a run that died before its first checkpoint) cannot be resumed and
    /// is not overwritten: an error naming it.
    pub fn states(&self, root: &Path) -> Result<Vec<(PathBuf, RunState)>> {
        self.runs
            .iter()
            .map(|run| {
                let dir = root.join(&run.name);
                let saved = checkpoint::list(&dir)?;
                let state = match saved.last() {
                    Some((step, _)) if *step >= run.config.train.steps => RunState::Finished,
                    Some((step, _)) => RunState::Partial(*step),
                    None if storage::exists(&dir.join(METRICS_FILE))? => bail!(
                        "{} holds metrics but no checkpoint (the run stopped before its first \
                         checkpoint); delete it to run `{}` again",
                        dir.display(),
                        run.name
                    ),
                    None => RunState::Fresh,
                };
                Ok((dir, state))
            })
            .collect()
    }
}

/// Runs the sweep's runs one after another under `root`: finished ones are skipped, partial
/// ones resumed. `train(run, dir, resume)` trains one run; an interrupted run (Ctrl-C) ends
/// the sweep there. Returns the table rows of every run, run or not.
pub fn run(
    sweep: &Sweep,
    root: &Path,
    train: &mut dyn FnMut(&SweepRun, &Path, bool) -> Result<RunSummary>,
) -> Result<Vec<Row>> {
    // Every directory is checked before anything runs.
    let states = sweep.states(root)?;
    for (run, (dir, state)) in sweep.runs.iter().zip(&states) {
        let resume = match state {
            RunState::Finished => {
                tracing::info!("sweep: `{}` is finished: skipped", run.name);
                continue;
            }
            RunState::Partial(step) => {
                tracing::info!("sweep: `{}` resumes from step {step}", run.name);
                true
            }
            RunState::Fresh => {
                tracing::info!("sweep: `{}` starts in {}", run.name, dir.display());
                false
            }
        };
        let summary =
            train(run, dir, resume).with_context(|| format!("sweep run `{}`", run.name))?;
        if summary.interrupted {
            tracing::info!(
                "sweep: `{}` interrupted at step {}; run the sweep again to continue",
                run.name,
                summary.step
            );
            break;
        }
    }
    table_rows(sweep, root)
}

/// One run's line in the final table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    /// Latest checkpointed step (0: none) and the run's `train.steps`.
    pub step: u64,
    pub steps: u64,
    /// The last logged loss.
    pub loss: Option<f64>,
    /// The last value of every `eval/...` metric.
    pub evals: BTreeMap<String, f64>,
}

/// The rows of every run of `sweep` under `root`, from their checkpoints and `metrics.jsonl`.
pub fn table_rows(sweep: &Sweep, root: &Path) -> Result<Vec<Row>> {
    sweep
        .runs
        .iter()
        .map(|run| {
            let dir = root.join(&run.name);
            let step = checkpoint::list(&dir)?.last().map_or(0, |(s, _)| *s);
            let path = dir.join(METRICS_FILE);
            let records = if storage::exists(&path)? {
                metrics::read(&path)?
            } else {
                Vec::new()
            };
            let mut loss = None;
            let mut evals = BTreeMap::new();
            for record in records {
                for (key, value) in record.values {
                    if key == "loss" {
                        loss = Some(value);
                    } else if key.starts_with(EVAL_PREFIX) {
                        evals.insert(key, value);
                    }
                }
            }
            Ok(Row {
                name: run.name.clone(),
                step,
                steps: run.config.train.steps,
                loss,
                evals,
            })
        })
        .collect()
}

/// `metric` of every run against the value each gives `x_key`, one series per value of
/// `series_key` (one series without it): each point the mean over the runs sharing it (seeds),
/// their range as its error bar. Every run must set `x_key` to a number and have `metric`.
pub fn summarize(
    sweep: &Sweep,
    rows: &[Row],
    metric: &str,
    x_key: &str,
    series_key: Option<&str>,
) -> Result<SweepPanel> {
    let own = |run: &SweepRun, key: &str| -> Option<String> {
        run.sets
            .iter()
            .filter_map(|set| set.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    };
    let mut groups: BTreeMap<String, BTreeMap<u64, Vec<f64>>> = BTreeMap::new();
    for (run, row) in sweep.runs.iter().zip(rows) {
        let x_text = own(run, x_key)
            .with_context(|| format!("run `{}` does not set `{x_key}`", run.name))?;
        let x: f64 = x_text
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .with_context(|| format!("run `{}`: `{x_key}={x_text}` is not a number", run.name))?;
        let series = match series_key {
            Some(key) => {
                own(run, key).with_context(|| format!("run `{}` does not set `{key}`", run.name))?
            }
            None => String::new(),
        };
        let value = *row.evals.get(metric).with_context(|| {
            format!(
                "run `{}` has no `{metric}` (metrics it has: {})",
                run.name,
                row.evals.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        })?;
        groups
            .entry(series)
            .or_default()
            .entry(x.to_bits())
            .or_default()
            .push(value);
    }
    let series = groups
        .into_iter()
        .map(|(name, by_x)| {
            let mut points: Vec<SweepPoint> = by_x
                .into_iter()
                .map(|(x, values)| SweepPoint {
                    x: f64::from_bits(x),
                    mean: values.iter().sum::<f64>() / values.len() as f64,
                    low: values.iter().copied().fold(f64::INFINITY, f64::min),
                    high: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    runs: values.len(),
                })
                .collect();
            points.sort_by(|a, b| a.x.total_cmp(&b.x));
            let name = match series_key {
                Some(key) => format!("{}={name}", key.rsplit('.').next().unwrap_or(key)),
                None => metric.to_string(),
            };
            SweepSeries { name, points }
        })
        .collect();
    Ok(SweepPanel {
        metric: metric.to_string(),
        x_label: x_key.to_string(),
        series,
        chance: rows
            .iter()
            .find_map(|row| row.evals.get(&metrics::chance_key(metric)).copied()),
    })
}

/// A summarized panel as text: one line per series and x (mean, range, runs).
pub fn format_summary(panel: &SweepPanel) -> String {
    let mut text = format!("{} against {}", panel.metric, panel.x_label);
    if let Some(chance) = panel.chance {
        text += &format!(" (chance {chance:.4})");
    }
    text.push('\n');
    for series in &panel.series {
        for p in &series.points {
            text += &format!(
                "  {:<24} {:>10}  mean {:.4}  range {:.4}..{:.4}  runs {}\n",
                series.name, p.x, p.mean, p.low, p.high, p.runs
            );
        }
    }
    text
}

/// The rows as an aligned text table: run, step, loss, then one column per eval metric.
pub fn format_table(rows: &[Row]) -> String {
    let eval_keys: BTreeSet<&String> = rows.iter().flat_map(|r| r.evals.keys()).collect();
    let mut header = vec!["run".to_string(), "step".into(), "loss".into()];
    header.extend(eval_keys.iter().map(|k| k.to_string()));
    let mut lines = vec![header];
    for row in rows {
        let mut line = vec![
            row.name.clone(),
            format!("{}/{}", row.step, row.steps),
            row.loss.map_or("-".into(), |l| format!("{l:.4}")),
        ];
        line.extend(
            eval_keys
                .iter()
                .map(|k| row.evals.get(*k).map_or("-".into(), |v| format!("{v:.4}"))),
        );
        lines.push(line);
    }
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    lines
        .iter()
        .map(|line| {
            let cells: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect();
            cells.join("  ").trim_end().to_string() + "\n"
        })
        .collect()
}

/// Every combination of the grid's values, the first key varying slowest.
fn expand_grid(grid: &Mapping) -> Result<Vec<Vec<(String, String)>>> {
    let mut combos: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (key, values) in grid {
        let Value::Sequence(values) = values else {
            bail!("the values of `{}` must be a list", key_text(key)?);
        };
        ensure!(!values.is_empty(), "`{}` has no values", key_text(key)?);
        let pairs = values
            .iter()
            .map(|v| override_pair(key, v))
            .collect::<Result<Vec<_>>>()?;
        combos = combos
            .into_iter()
            .flat_map(|combo| {
                pairs.iter().map(move |pair| {
                    let mut next = combo.clone();
                    next.push(pair.clone());
                    next
                })
            })
            .collect();
    }
    Ok(combos)
}

fn key_text(key: &Value) -> Result<String> {
    match key {
        Value::String(k) if !k.is_empty() => Ok(k.clone()),
        other => bail!("an override key must be a dotted key name, got {other:?}"),
    }
}

/// `(key, value)` of one override, the value written as one line of YAML.
fn override_pair(key: &Value, value: &Value) -> Result<(String, String)> {
    Ok((key_text(key)?, yaml_inline(value)))
}

/// A YAML value on one line: a plain string where it reads back as the same string, otherwise
/// JSON (which YAML reads as the same value).
fn yaml_inline(value: &Value) -> String {
    if let Value::String(s) = value {
        if serde_yaml::from_str::<Value>(s).ok().as_ref() == Some(value) && !s.contains('\n') {
            return s.clone();
        }
    }
    serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
}

/// Directory names from each run's overrides: `lr=0.001,batch_size=32` from the keys' last
/// segments, or the whole dotted keys where last segments would make two runs' names equal;
/// `base` for a run without overrides.
fn run_names(runs: &[Vec<(String, String)>]) -> Vec<String> {
    let name = |pairs: &[(String, String)], short: bool| -> String {
        if pairs.is_empty() {
            return "base".into();
        }
        pairs
            .iter()
            .map(|(k, v)| {
                let key = if short {
                    k.rsplit('.').next().unwrap_or(k)
                } else {
                    k
                };
                sanitize(&format!("{key}={v}"))
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let short: Vec<String> = runs.iter().map(|p| name(p, true)).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    if distinct.len() == short.len() {
        short
    } else {
        runs.iter().map(|p| name(p, false)).collect()
    }
}

/// Keeps letters, digits and `.-_=+`; anything else (slashes, spaces, brackets) becomes `_`.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_=+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `text` quoted for a POSIX shell where it needs it.
pub fn shell_quote(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_expands_first_key_slowest_and_names_runs() {
        let grid: Mapping = serde_yaml::from_str("a.lr: [1, 2]\nb.n: [x, 'y z']").unwrap();
        let combos = expand_grid(&grid).unwrap();
        let names = run_names(&combos);
        assert_eq!(names, ["lr=1,n=x", "lr=1,n=y_z", "lr=2,n=x", "lr=2,n=y_z"]);
        assert_eq!(combos[1][1], ("b.n".to_string(), "y z".to_string()));
    }

    #[test]
    fn colliding_short_names_use_whole_keys() {
        let runs = vec![
            vec![("a.lr".to_string(), "1".to_string())],
            vec![("b.lr".to_string(), "1".to_string())],
        ];
        assert_eq!(run_names(&runs), ["a.lr=1", "b.lr=1"]);
    }

    #[test]
    fn values_stay_one_line_and_read_back() {
        for text in ["0.001", "true", "'1'", "[]", "{a: 1}", "hello", "'a: b'"] {
            let value: Value = serde_yaml::from_str(text).unwrap();
            let inline = yaml_inline(&value);
            assert!(!inline.contains('\n'));
            assert_eq!(
                serde_yaml::from_str::<Value>(&inline).unwrap(),
                value,
                "{text}"
            );
        }
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("train.steps=4"), "train.steps=4");
        assert_eq!(shell_quote("evals=[]"), "'evals=[]'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
