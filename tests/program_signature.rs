//! Named program I/O: values land by name whatever order they are given in, and a swapped,
//! unknown, missing or mistyped input is refused before anything reaches the device.

mod common;
use common::*;
use siglip::graph::Graph;
use siglip::program::{NamedModule, NamedValues, Program, SignatureError};
use siglip::tensor::{DType, HostTensor};

/// `out/diff = a − b` and `out/a = a` for two same-shaped inputs.
fn difference() -> Program {
    let g = Graph::new();
    let a = g.parameter("in/a", DType::F64, &[3]);
    let b = g.parameter("in/b", DType::F64, &[3]);
    let mut outputs = NamedValues::new();
    outputs.insert("out/diff", &a - &b).unwrap();
    outputs.insert("out/a", a * 1.0).unwrap();
    let mut module = NamedModule::build(&g, &outputs).unwrap();
    module.donate("in/a", "out/a").unwrap();
    Program::compile_named(client(), module).unwrap()
}

fn inputs(pairs: &[(&str, HostTensor)]) -> NamedValues<HostTensor> {
    let mut named = NamedValues::new();
    for (name, t) in pairs {
        named.insert(*name, t.clone()).unwrap();
    }
    named
}

#[test]
fn values_land_by_name() {
    let program = difference();
    let x = f64s(&[3], &[10.0, 20.0, 30.0]);
    let y = f64s(&[3], &[1.0, 2.0, 3.0]);
    // The same two values under swapped names give the negated difference: the name, not
    // the position, decides where a value goes.
    for (a, b, want) in [(&x, &y, [9.0, 18.0, 27.0]), (&y, &x, [-9.0, -18.0, -27.0])] {
        let out = program
            .run_host_named(
                client(),
                &[inputs(&[("in/b", b.clone()), ("in/a", a.clone())])],
            )
            .unwrap()
            .remove(0);
        assert_eq!(out.get("out/diff").unwrap().to_f64_lossy(), want);
        assert_eq!(out.get("out/a").unwrap(), a);
        assert_eq!(out.len(), 2);
    }
}

#[test]
fn wrong_names_and_types_are_refused() {
    let program = difference();
    let x = f64s(&[3], &[1.0, 2.0, 3.0]);
    let err = |named: NamedValues<HostTensor>| {
        let e = program.run_host_named(client(), &[named]).unwrap_err();
        format!("{e:#}")
    };
    let e = err(inputs(&[("in/a", x.clone()), ("in/c", x.clone())]));
    assert!(e.contains("no input named `in/c`"), "{e}");
    let e = err(inputs(&[("in/a", x.clone())]));
    assert!(e.contains("input `in/b` is missing"), "{e}");
    let e = err(inputs(&[
        ("in/a", x.clone()),
        ("in/b", HostTensor::zeros(DType::F32, &[3])),
    ]));
    assert!(e.contains("input `in/b` must be tensor<3xf64>"), "{e}");
    let mut named = inputs(&[("in/a", x.clone())]);
    assert_eq!(
        named.insert("in/a", x.clone()),
        Err(SignatureError::Duplicate {
            side: "value",
            name: "in/a".into()
        })
    );
}

#[test]
fn donation_is_declared_by_name_and_type_checked() {
    let g = Graph::new();
    let a = g.parameter("a", DType::F64, &[3]);
    let b = g.parameter("b", DType::F64, &[2]);
    let mut outputs = NamedValues::new();
    outputs.insert("sum", a.sum_all() + b.sum_all()).unwrap();
    outputs.insert("b2", &b * 2.0).unwrap();
    let mut module = NamedModule::build(&g, &outputs).unwrap();
    assert!(module.donate("a", "b2").is_err(), "shapes differ");
    assert!(module.donate("c", "b2").is_err(), "no input c");
    module.donate("b", "b2").unwrap();
}
