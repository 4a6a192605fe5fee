//! Per-parameter optimizer rules by regex on parameter paths, as big_vision writes them
//! (`schedule=[('img/.*', None), ...]`, `lr_mults`, `wd_mults`): which parameters are frozen,
//! each one's learning-rate multiplier and its weight-decay multiplier. A pattern matches the
//! whole path; in a list of `(pattern, multiplier)` the first matching pattern wins.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::OptimError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamRules {
    /// Parameters that are not trained: no gradient, no optimizer state, no clipping, no decay.
    #[serde(default)]
    pub frozen: Vec<String>,
    /// Learning-rate multipliers (default 1).
    #[serde(default)]
    pub lr_mults: Vec<(String, f64)>,
    /// Weight-decay multipliers; a parameter no pattern matches does not decay. The default is
    /// big_vision's: kernels only (not biases, LayerNorm, embeddings, probes, t or b).
    #[serde(default = "kernels_decay")]
    pub wd_mults: Vec<(String, f64)>,
}

fn kernels_decay() -> Vec<(String, f64)> {
    vec![(".*/kernel".to_string(), 1.0)]
}

impl Default for ParamRules {
    fn default() -> Self {
        ParamRules {
            frozen: Vec::new(),
            lr_mults: Vec::new(),
            wd_mults: kernels_decay(),
        }
    }
}

/// What the rules say about one parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSetting {
    pub frozen: bool,
    pub lr_mult: f64,
    pub wd_mult: f64,
}

/// One list of `(pattern, value)` compiled, remembering which patterns matched something.
struct Patterns {
    what: &'static str,
    items: Vec<(String, Regex, f64)>,
    used: Vec<bool>,
}

impl Patterns {
    fn new(
        what: &'static str,
        list: &[(String, f64)],
        valid: fn(f64) -> bool,
    ) -> Result<Patterns, OptimError> {
        let items = list
            .iter()
            .map(|(pattern, value)| {
                if !valid(*value) {
                    return Err(OptimError::Multiplier {
                        what,
                        pattern: pattern.clone(),
                        value: *value,
                    });
                }
                let re =
                    Regex::new(&format!("^(?:{pattern})$")).map_err(|e| OptimError::Pattern {
                        pattern: pattern.clone(),
                        message: e.to_string(),
                    })?;
                Ok((pattern.clone(), re, *value))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Patterns {
            what,
            used: vec![false; items.len()],
            items,
        })
    }

    /// The value of the first pattern that matches `path`.
    fn first_match(&mut self, path: &str) -> Option<f64> {
        let i = self.items.iter().position(|(_, re, _)| re.is_match(path))?;
        self.used[i] = true;
        Some(self.items[i].2)
    }

    fn check_all_used(&self) -> Result<(), OptimError> {
        match self.used.iter().position(|u| !u) {
            Some(i) => Err(OptimError::UnusedPattern {
                what: self.what,
                pattern: self.items[i].0.clone(),
            }),
            None => Ok(()),
        }
    }
}

impl ParamRules {
    /// Each path's setting. A pattern that is not a valid regex, or a given pattern that
    /// matches no path (a typo would otherwise silently train a tower meant to be frozen), is an
    /// error; so is a
    /// learning-rate multiplier that is not positive (freeze instead) or a negative decay.
    pub fn resolve<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<BTreeMap<String, ParamSetting>, OptimError> {
        let frozen: Vec<(String, f64)> = self.frozen.iter().map(|p| (p.clone(), 1.0)).collect();
        let mut frozen = Patterns::new("frozen", &frozen, |_| true)?;
        let mut lr_mults = Patterns::new("lr_mults", &self.lr_mults, |m| m.is_finite() && m > 0.0)?;
        let mut wd_mults =
            Patterns::new("wd_mults", &self.wd_mults, |m| m.is_finite() && m >= 0.0)?;
        let settings = paths
            .into_iter()
            .map(|path| {
                let setting = ParamSetting {
                    frozen: frozen.first_match(path).is_some(),
                    lr_mult: lr_mults.first_match(path).unwrap_or(1.0),
                    wd_mult: wd_mults.first_match(path).unwrap_or(0.0),
                };
                (path.to_string(), setting)
            })
            .collect();
        frozen.check_all_used()?;
        lr_mults.check_all_used()?;
        // The default decay rule may match nothing (a model without kernels); a given one may not.
        if self.wd_mults != kernels_decay() {
            wd_mults.check_all_used()?;
        }
        Ok(settings)
    }
}
