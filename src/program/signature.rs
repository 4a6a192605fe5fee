//! Named, tree-shaped program signatures: every input and output of a program has a "/"-joined
//! path (`params/img/embedding/kernel`, `opt/mu/txt/head/bias`, `batch/images`,
//! `metrics/loss`) and a type. Values cross the host/device boundary as [`NamedValues`] maps,
//! ordered into the compiler's positional argument list only here, after checking that every
//! name is known, none is missing and each type matches, so two same-shaped values can never
//! trade places.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::graph::{Graph, GraphError, Module, Tensor, TensorType};

/// "/"-joins a tree prefix and a path inside it.
pub fn join(prefix: &str, path: &str) -> String {
    format!("{prefix}/{path}")
}

#[derive(Debug, Error, PartialEq)]
pub enum SignatureError {
    #[error("{side} `{name}` is declared twice")]
    Duplicate { side: &'static str, name: String },
    #[error("no input named `{0}` (the program's inputs: {1})")]
    Unknown(String, String),
    #[error("input `{0}` is missing")]
    Missing(String),
    #[error("input `{name}` must be {want}, got {got}")]
    Type {
        name: String,
        want: TensorType,
        got: TensorType,
    },
    #[error("program has {want} outputs, got {got} values")]
    OutputCount { want: usize, got: usize },
    #[error(transparent)]
    Graph(#[from] GraphError),
}

/// Values keyed by path, in sorted path order. A subtree is every entry under `prefix/`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedValues<T>(BTreeMap<String, T>);

impl<T> Default for NamedValues<T> {
    fn default() -> Self {
        NamedValues(BTreeMap::new())
    }
}

impl<T> NamedValues<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one value; a name given twice is an error (not a silent overwrite).
    pub fn insert(&mut self, name: impl Into<String>, value: T) -> Result<(), SignatureError> {
        let name = name.into();
        if self.0.contains_key(&name) {
            return Err(SignatureError::Duplicate {
                side: "value",
                name,
            });
        }
        self.0.insert(name, value);
        Ok(())
    }

    /// Adds every `(path, value)` of `tree` as `prefix/path`.
    pub fn insert_tree(
        &mut self,
        prefix: &str,
        tree: impl IntoIterator<Item = (String, T)>,
    ) -> Result<(), SignatureError> {
        for (path, value) in tree {
            self.insert(join(prefix, &path), value)?;
        }
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.get(name)
    }

    pub fn remove(&mut self, name: &str) -> Option<T> {
        self.0.remove(name)
    }

    /// Removes the subtree under `prefix/` and returns it keyed by the paths inside it.
    pub fn take_tree(&mut self, prefix: &str) -> BTreeMap<String, T> {
        let lead = format!("{prefix}/");
        let names: Vec<String> = self
            .0
            .keys()
            .filter(|k| k.starts_with(&lead))
            .cloned()
            .collect();
        names
            .into_iter()
            .filter_map(|k| {
                let value = self.0.remove(&k)?;
                Some((k[lead.len()..].to_string(), value))
            })
            .collect()
    }

    /// The subtree under `prefix/`, borrowed, keyed by the paths inside it.
    pub fn tree(&self, prefix: &str) -> BTreeMap<&str, &T> {
        let lead = format!("{prefix}/");
        self.0
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&lead)?, v)))
            .collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.0.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same names with each value mapped.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> NamedValues<U> {
        let mut f = f;
        NamedValues(self.0.into_iter().map(|(k, v)| (k, f(v))).collect())
    }

    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<NamedValues<U>, E> {
        let mut f = f;
        Ok(NamedValues(
            self.0
                .into_iter()
                .map(|(k, v)| Ok((k, f(v)?)))
                .collect::<Result<_, E>>()?,
        ))
    }
}

impl<T> From<BTreeMap<String, T>> for NamedValues<T> {
    fn from(map: BTreeMap<String, T>) -> Self {
        NamedValues(map)
    }
}

impl<T> IntoIterator for NamedValues<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The names and types of a program's inputs and outputs, in the compiler's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    pub inputs: Vec<(String, TensorType)>,
    pub outputs: Vec<(String, TensorType)>,
}

impl Signature {
    pub fn new(
        inputs: Vec<(String, TensorType)>,
        outputs: Vec<(String, TensorType)>,
    ) -> Result<Signature, SignatureError> {
        for (side, list) in [("input", &inputs), ("output", &outputs)] {
            let mut seen = std::collections::BTreeSet::new();
            for (name, _) in list {
                if !seen.insert(name) {
                    return Err(SignatureError::Duplicate {
                        side,
                        name: name.clone(),
                    });
                }
            }
        }
        Ok(Signature { inputs, outputs })
    }

    pub fn input_index(&self, name: &str) -> Option<usize> {
        self.inputs.iter().position(|(n, _)| n == name)
    }

    pub fn output_index(&self, name: &str) -> Option<usize> {
        self.outputs.iter().position(|(n, _)| n == name)
    }

    pub fn input_type(&self, name: &str) -> Option<&TensorType> {
        self.input_index(name).map(|i| &self.inputs[i].1)
    }

    pub fn output_type(&self, name: &str) -> Option<&TensorType> {
        self.output_index(name).map(|i| &self.outputs[i].1)
    }

    /// Puts named values into input order, checking that the names are exactly the inputs'
    /// and that each value (typed by `type_of`) has its input's type.
    pub fn arrange<T>(
        &self,
        mut values: NamedValues<T>,
        type_of: impl Fn(&T) -> TensorType,
    ) -> Result<Vec<T>, SignatureError> {
        if let Some(unknown) = values.keys().find(|k| self.input_index(k).is_none()) {
            let known: Vec<&str> = self.inputs.iter().map(|(n, _)| n.as_str()).collect();
            return Err(SignatureError::Unknown(unknown.clone(), known.join(", ")));
        }
        self.inputs
            .iter()
            .map(|(name, want)| {
                let value = values
                    .remove(name)
                    .ok_or_else(|| SignatureError::Missing(name.clone()))?;
                let got = type_of(&value);
                if got != *want {
                    return Err(SignatureError::Type {
                        name: name.clone(),
                        want: want.clone(),
                        got,
                    });
                }
                Ok(value)
            })
            .collect()
    }

    /// Names positional outputs.
    pub fn name_outputs<T>(&self, values: Vec<T>) -> Result<NamedValues<T>, SignatureError> {
        if values.len() != self.outputs.len() {
            return Err(SignatureError::OutputCount {
                want: self.outputs.len(),
                got: values.len(),
            });
        }
        Ok(NamedValues(
            self.outputs
                .iter()
                .map(|(n, _)| n.clone())
                .zip(values)
                .collect(),
        ))
    }
}

/// A module together with the names of its inputs and outputs; donation is declared by name.
#[derive(Clone, Debug)]
pub struct NamedModule {
    pub module: Module,
    pub signature: Signature,
}

impl NamedModule {
    /// Builds `graph` with the given named outputs (in name order); the inputs are the graph's
    /// parameters under the names they were declared with.
    pub fn build(graph: &Graph, outputs: &NamedValues<Tensor>) -> Result<Self, SignatureError> {
        let (names, tensors): (Vec<&String>, Vec<&Tensor>) = outputs.iter().unzip();
        let module = graph.build(&tensors)?;
        let outputs = names
            .into_iter()
            .cloned()
            .zip(module.output_types())
            .collect();
        let signature = Signature::new(module.params.clone(), outputs)?;
        Ok(NamedModule { module, signature })
    }

    /// A module whose outputs have no names of their own: they are called `0`, `1`, ...
    pub fn positional(module: Module) -> Result<Self, SignatureError> {
        let outputs = module
            .output_types()
            .into_iter()
            .enumerate()
            .map(|(i, t)| (i.to_string(), t))
            .collect();
        let signature = Signature::new(module.params.clone(), outputs)?;
        Ok(NamedModule { module, signature })
    }

    /// Lets output `output` reuse the memory of input `input` (the caller donates it).
    pub fn donate(&mut self, input: &str, output: &str) -> Result<(), SignatureError> {
        let i = self
            .signature
            .input_index(input)
            .ok_or_else(|| SignatureError::Missing(input.to_string()))?;
        let o = self
            .signature
            .output_index(output)
            .ok_or_else(|| SignatureError::Missing(format!("output {output}")))?;
        Ok(self.module.donate(i, o)?)
    }

    /// Donates every input whose name is also an output's (state carried from step to step).
    pub fn donate_same_names(&mut self) -> Result<(), SignatureError> {
        let pairs: Vec<String> = self
            .signature
            .inputs
            .iter()
            .filter(|(n, _)| self.signature.output_index(n).is_some())
            .map(|(n, _)| n.clone())
            .collect();
        for name in pairs {
            self.donate(&name, &name)?;
        }
        Ok(())
    }
}
