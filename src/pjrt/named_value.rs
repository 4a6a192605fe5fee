//! `PJRT_NamedValue` lists both ways: the options we hand a plugin (client and topology create
//! options) and the attributes and properties it hands back (device attributes, an
//! executable's cost analysis), as owned Rust values.

use std::ffi::c_char;
use std::fmt;

use super::ffi;
use super::plugin::string_from_raw;

/// One value of a `PJRT_NamedValue`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    IntList(Vec<i64>),
    Float(f32),
    Bool(bool),
}

impl Value {
    /// The value as a number, where it is one (cost analysis reports floats, some plugins ints).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(v) => Some(*v as f64),
            Value::Float(v) => Some(f64::from(*v)),
            Value::Str(_) | Value::IntList(_) | Value::Bool(_) => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => f.write_str(s),
            Value::Int(v) => write!(f, "{v}"),
            Value::IntList(v) => write!(
                f,
                "[{}]",
                v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
            Value::Float(v) => write!(f, "{v}"),
            Value::Bool(v) => write!(f, "{v}"),
        }
    }
}

/// A name and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedValue {
    pub name: String,
    pub value: Value,
}

impl NamedValue {
    pub fn new(name: impl Into<String>, value: Value) -> NamedValue {
        NamedValue {
            name: name.into(),
            value,
        }
    }
}

/// The C form of `values`, pointing into them: valid while `values` is alive and unchanged.
pub(crate) fn to_ffi(values: &[NamedValue]) -> Vec<ffi::PJRT_NamedValue> {
    values
        .iter()
        .map(|named| {
            let mut c = ffi::PJRT_NamedValue::new();
            c.name = named.name.as_ptr().cast::<c_char>();
            c.name_size = named.name.len();
            let (kind, value, size) = match &named.value {
                Value::Str(s) => (
                    ffi::PJRT_NamedValue_kString,
                    ffi::PJRT_NamedValue_Value {
                        string_value: s.as_ptr().cast::<c_char>(),
                    },
                    s.len(),
                ),
                Value::Int(v) => (
                    ffi::PJRT_NamedValue_kInt64,
                    ffi::PJRT_NamedValue_Value { int64_value: *v },
                    1,
                ),
                Value::IntList(v) => (
                    ffi::PJRT_NamedValue_kInt64List,
                    ffi::PJRT_NamedValue_Value {
                        int64_array_value: v.as_ptr(),
                    },
                    v.len(),
                ),
                Value::Float(v) => (
                    ffi::PJRT_NamedValue_kFloat,
                    ffi::PJRT_NamedValue_Value { float_value: *v },
                    1,
                ),
                Value::Bool(v) => (
                    ffi::PJRT_NamedValue_kBool,
                    ffi::PJRT_NamedValue_Value { bool_value: *v },
                    1,
                ),
            };
            c.value_type = kind;
            c.value = value;
            c.value_size = size;
            c
        })
        .collect()
}

/// Copies `count` named values the plugin owns. A value of a type this header does not know
/// is kept by name with its type number as a string, rather than dropped or misread.
///
/// # Safety
/// `values` must be null (with `count` 0) or point to `count` valid `PJRT_NamedValue`s.
pub(crate) unsafe fn from_ffi(
    values: *const ffi::PJRT_NamedValue,
    count: usize,
) -> Vec<NamedValue> {
    if values.is_null() || count == 0 {
        return Vec::new();
    }
    std::slice::from_raw_parts(values, count)
        .iter()
        .map(|c| {
            let name = string_from_raw(c.name, c.name_size);
            let value = match c.value_type {
                ffi::PJRT_NamedValue_kString => {
                    Value::Str(string_from_raw(c.value.string_value, c.value_size))
                }
                ffi::PJRT_NamedValue_kInt64 => Value::Int(c.value.int64_value),
                ffi::PJRT_NamedValue_kInt64List if c.value_size == 0 => Value::IntList(Vec::new()),
                ffi::PJRT_NamedValue_kInt64List => Value::IntList(
                    std::slice::from_raw_parts(c.value.int64_array_value, c.value_size).to_vec(),
                ),
                ffi::PJRT_NamedValue_kFloat => Value::Float(c.value.float_value),
                ffi::PJRT_NamedValue_kBool => Value::Bool(c.value.bool_value),
                other => Value::Str(format!("(value of unknown PJRT_NamedValue type {other})")),
            };
            NamedValue { name, value }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_survives_the_c_form() {
        let values = vec![
            NamedValue::new("chip_config_name", Value::Str("megacore".into())),
            NamedValue::new("cpu_device_count", Value::Int(4)),
            NamedValue::new("chips_per_host_bounds", Value::IntList(vec![2, 2, 1])),
            NamedValue::new("empty", Value::IntList(Vec::new())),
            NamedValue::new("flops", Value::Float(1.5e14)),
            NamedValue::new("wrap", Value::Bool(true)),
        ];
        let c = to_ffi(&values);
        assert_eq!(c[0].value_type, ffi::PJRT_NamedValue_kString);
        assert_eq!(c[0].value_size, 8);
        assert_eq!(c[2].value_size, 3);
        // SAFETY: `c` points into `values`, alive here.
        let back = unsafe { from_ffi(c.as_ptr(), c.len()) };
        assert_eq!(back, values);
        assert_eq!(back[2].value.to_string(), "[2,2,1]");
        assert_eq!(back[4].value.as_f64(), Some(1.5e14_f32 as f64));
        assert_eq!(back[0].value.as_f64(), None);
    }
}
