//! `siglip results RUN_DIR`: the run's latest evaluation metrics as a table, each next to its
//! chance level. Evaluators report the chance of their top-1 metric as `<dir>_chance` (or
//! `chance`); a metric `<dir>_r<k>` / `top<k>` is right by chance with probability min(1, k·chance)
//! when the one right answer is ranked uniformly at random.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::metrics::{self, Record, METRICS_FILE};

#[derive(clap::Args)]
pub struct ResultsArgs {
    /// Run directory holding metrics.jsonl.
    run_dir: PathBuf,
}

const EVAL_PREFIX: &str = "eval/";
const CHANCE: &str = "chance";

/// One row of the table.
#[derive(Debug, PartialEq)]
struct Row {
    eval: String,
    metric: String,
    step: u64,
    value: f64,
    chance: Option<f64>,
}

/// The latest value of every evaluation metric (by eval name, then metric), with its chance.
fn rows(records: &[Record]) -> Vec<Row> {
    let mut latest: BTreeMap<(String, String), (u64, f64)> = BTreeMap::new();
    for record in records {
        for (key, &value) in &record.values {
            let Some((eval, metric)) = key
                .strip_prefix(EVAL_PREFIX)
                .and_then(|k| k.rsplit_once('/'))
            else {
                continue;
            };
            latest.insert((eval.into(), metric.into()), (record.step, value));
        }
    }
    let chance_of = |eval: &str, metric: &str| -> Option<f64> {
        let digits = metric.len() - metric.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let k: f64 = metric[metric.len() - digits..].parse().unwrap_or(1.0);
        let key = match metric.split_once('_') {
            Some((direction, _)) => format!("{direction}_{CHANCE}"),
            None => CHANCE.to_string(),
        };
        let (_, top1) = latest.get(&(eval.to_string(), key))?;
        Some((k * top1).min(1.0))
    };
    latest
        .iter()
        .filter(|((_, metric), _)| !metric.ends_with(CHANCE))
        .map(|((eval, metric), &(step, value))| Row {
            eval: eval.clone(),
            metric: metric.clone(),
            step,
            value,
            chance: chance_of(eval, metric),
        })
        .collect()
}

pub fn run(args: ResultsArgs) -> anyhow::Result<()> {
    let records = metrics::read(&args.run_dir.join(METRICS_FILE))?;
    let rows = rows(&records);
    anyhow::ensure!(
        !rows.is_empty(),
        "{} holds no evaluation metrics",
        args.run_dir.join(METRICS_FILE).display()
    );
    let width = rows.iter().map(|r| r.eval.len()).max().unwrap_or(0).max(4);
    println!(
        "{:<width$}  {:<10} {:>6}  {:>7}  {:>7}  {:>6}",
        "eval", "metric", "step", "value", "chance", "×"
    );
    for row in rows {
        let (chance, ratio) = match row.chance {
            Some(c) => (format!("{c:.4}"), format!("{:.0}", row.value / c)),
            None => ("-".into(), "-".into()),
        };
        println!(
            "{:<width$}  {:<10} {:>6}  {:>7.4}  {:>7}  {:>6}",
            row.eval, row.metric, row.step, row.value, chance, ratio
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(step: u64, values: &[(&str, f64)]) -> Record {
        Record {
            step,
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        }
    }

    #[test]
    fn latest_values_with_chance_scaled_by_k() {
        let records = [
            record(10, &[("loss", 1.0), ("eval/names/i2t_r1", 0.1)]),
            record(
                20,
                &[
                    ("eval/names/i2t_r1", 0.25),
                    ("eval/names/i2t_r5", 0.5),
                    ("eval/names/t2i_r1", 0.3),
                    ("eval/names/i2t_chance", 0.25),
                    ("eval/cats/top1", 0.75),
                    ("eval/cats/chance", 0.125),
                ],
            ),
        ];
        let row = |eval: &str, metric: &str, value, chance| Row {
            eval: eval.into(),
            metric: metric.into(),
            step: 20,
            value,
            chance,
        };
        assert_eq!(
            rows(&records),
            [
                row("cats", "top1", 0.75, Some(0.125)),
                row("names", "i2t_r1", 0.25, Some(0.25)),
                // 5 × 0.25 is more than certain.
                row("names", "i2t_r5", 0.5, Some(1.0)),
                row("names", "t2i_r1", 0.3, None),
            ]
        );
    }
}
