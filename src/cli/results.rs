//! `siglip results RUN_DIR`: the run's latest evaluation metrics, read from its metrics.jsonl (no
//! evaluation is run), as a table, each next to its chance level: evaluators log a metric `M`'s
//! value under a random ranking as `M_chance`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::metrics::{self, chance_key, Record, CHANCE_SUFFIX, EVAL_PREFIX, METRICS_FILE};

#[derive(clap::Args)]
pub struct ResultsArgs {
    /// Run directory holding metrics.jsonl.
    run_dir: PathBuf,
}

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
    latest
        .iter()
        .filter(|((_, metric), _)| !metric.ends_with(CHANCE_SUFFIX))
        .map(|((eval, metric), &(step, value))| Row {
            eval: eval.clone(),
            metric: metric.clone(),
            step,
            value,
            chance: latest
                .get(&(eval.clone(), chance_key(metric)))
                .map(|&(_, chance)| chance),
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
    fn latest_values_next_to_their_chance() {
        let records = [
            record(10, &[("loss", 1.0), ("eval/names/i2t_r1", 0.1)]),
            record(
                20,
                &[
                    ("eval/names/i2t_r1", 0.25),
                    ("eval/names/i2t_r5", 0.5),
                    ("eval/names/t2i_r1", 0.3),
                    ("eval/names/i2t_r1_chance", 0.25),
                    ("eval/names/i2t_r5_chance", 1.0),
                    ("eval/cats/top1", 0.75),
                    ("eval/cats/top1_chance", 0.125),
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
                row("names", "i2t_r5", 0.5, Some(1.0)),
                // The step-10 value of i2t_r1 is not the latest; t2i_r1 has no chance logged.
                row("names", "t2i_r1", 0.3, None),
            ]
        );
    }
}
