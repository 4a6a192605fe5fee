module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 4 : i32} {
  func.func public @main(%arg0: tensor<2x16xf32>, %arg1: tensor<2x16xf32>, %arg2: tensor<f32>, %arg3: tensor<f32>) -> (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>) {
    %4 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t1 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.reduce"(%4, %t1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t2 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t2) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %6 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %7 = "stablehlo.broadcast_in_dim"(%6) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %8 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %10 = "stablehlo.compare"(%5, %7) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
    %11 = "stablehlo.select"(%10, %5, %9) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %12 = "stablehlo.sqrt"(%11) : (tensor<2xf32>) -> tensor<2xf32>
    %13 = "stablehlo.select"(%10, %12, %7) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %14 = "stablehlo.reshape"(%13) : (tensor<2xf32>) -> tensor<2x1xf32>
    %15 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %16 = "stablehlo.broadcast_in_dim"(%15) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x1xf32>
    %17 = "stablehlo.add"(%14, %16) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %19 = "stablehlo.divide"(%arg0, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %20 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t3 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %21 = "stablehlo.reduce"(%20, %t3) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t4 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t4) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %22 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %23 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %24 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %25 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %26 = "stablehlo.compare"(%21, %23) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
    %27 = "stablehlo.select"(%26, %21, %25) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %28 = "stablehlo.sqrt"(%27) : (tensor<2xf32>) -> tensor<2xf32>
    %29 = "stablehlo.select"(%26, %28, %23) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %30 = "stablehlo.reshape"(%29) : (tensor<2xf32>) -> tensor<2x1xf32>
    %31 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %32 = "stablehlo.broadcast_in_dim"(%31) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x1xf32>
    %33 = "stablehlo.add"(%30, %32) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %35 = "stablehlo.divide"(%arg1, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %36 = "stablehlo.all_gather"(%19) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %37 = "stablehlo.all_gather"(%35) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %38 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %39 = "stablehlo.dot_general"(%19, %37) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %40 = "stablehlo.broadcast_in_dim"(%38) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %41 = "stablehlo.multiply"(%39, %40) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %42 = "stablehlo.reduce"(%41, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %44 = "stablehlo.reshape"(%42) : (tensor<2xf32>) -> tensor<2x1xf32>
    %45 = "stablehlo.broadcast_in_dim"(%44) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %46 = "stablehlo.subtract"(%41, %45) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %47 = "stablehlo.exponential"(%46) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %48 = "stablehlo.reduce"(%47, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %49 = "stablehlo.log"(%48) : (tensor<2xf32>) -> tensor<2xf32>
    %50 = "stablehlo.reshape"(%49) : (tensor<2xf32>) -> tensor<2x1xf32>
    %51 = "stablehlo.broadcast_in_dim"(%50) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %52 = "stablehlo.subtract"(%46, %51) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %53 = "stablehlo.dot_general"(%35, %36) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %54 = "stablehlo.broadcast_in_dim"(%38) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %55 = "stablehlo.multiply"(%53, %54) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %56 = "stablehlo.reduce"(%55, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %58 = "stablehlo.reshape"(%56) : (tensor<2xf32>) -> tensor<2x1xf32>
    %59 = "stablehlo.broadcast_in_dim"(%58) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %60 = "stablehlo.subtract"(%55, %59) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %61 = "stablehlo.exponential"(%60) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %62 = "stablehlo.reduce"(%61, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %63 = "stablehlo.log"(%62) : (tensor<2xf32>) -> tensor<2xf32>
    %64 = "stablehlo.reshape"(%63) : (tensor<2xf32>) -> tensor<2x1xf32>
    %65 = "stablehlo.broadcast_in_dim"(%64) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %66 = "stablehlo.subtract"(%60, %65) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %67 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x8xui32>
    %68 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %69 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %70 = "stablehlo.multiply"(%68, %69) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
    %71 = "stablehlo.broadcast_in_dim"(%70) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x8xui32>
    %72 = "stablehlo.add"(%67, %71) : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xui32>
    %73 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x8xui32>
    %74 = "stablehlo.compare"(%73, %72) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xi1>
    %75 = "stablehlo.convert"(%74) : (tensor<2x8xi1>) -> tensor<2x8xf32>
    %76 = "stablehlo.add"(%52, %66) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %77 = "stablehlo.multiply"(%76, %75) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %78 = "stablehlo.reduce"(%77, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %79 = "stablehlo.constant"() {value = dense<"0x000080BD"> : tensor<f32>} : () -> tensor<f32>
    %80 = "stablehlo.multiply"(%78, %79) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %81 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %82 = "stablehlo.multiply"(%81, %79) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %83 = "stablehlo.broadcast_in_dim"(%82) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %84 = "stablehlo.multiply"(%83, %75) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %85 = "stablehlo.negate"(%84) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %86 = "stablehlo.reduce"(%85, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %87 = "stablehlo.reshape"(%86) : (tensor<2xf32>) -> tensor<2x1xf32>
    %88 = "stablehlo.reshape"(%87) : (tensor<2x1xf32>) -> tensor<2xf32>
    %89 = "stablehlo.divide"(%88, %62) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %90 = "stablehlo.broadcast_in_dim"(%89) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %91 = "stablehlo.multiply"(%90, %61) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %92 = "stablehlo.add"(%84, %91) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %93 = "stablehlo.multiply"(%92, %54) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %94 = "stablehlo.multiply"(%92, %53) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %95 = "stablehlo.reduce"(%94, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %96 = "stablehlo.dot_general"(%93, %36) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %97 = "stablehlo.dot_general"(%93, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<2x16xf32>) -> tensor<8x16xf32>
    %98 = "stablehlo.negate"(%84) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %99 = "stablehlo.reduce"(%98, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %100 = "stablehlo.reshape"(%99) : (tensor<2xf32>) -> tensor<2x1xf32>
    %101 = "stablehlo.reshape"(%100) : (tensor<2x1xf32>) -> tensor<2xf32>
    %102 = "stablehlo.divide"(%101, %48) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %103 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %104 = "stablehlo.multiply"(%103, %47) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %105 = "stablehlo.add"(%84, %104) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %106 = "stablehlo.multiply"(%105, %40) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %107 = "stablehlo.multiply"(%105, %39) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %108 = "stablehlo.reduce"(%107, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %109 = "stablehlo.add"(%95, %108) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %110 = "stablehlo.dot_general"(%106, %37) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %111 = "stablehlo.dot_general"(%106, %19) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<2x16xf32>) -> tensor<8x16xf32>
    %112 = "stablehlo.multiply"(%109, %38) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %113 = "stablehlo.all_reduce"(%111) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t23 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t23) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %114 = "stablehlo.reshape"(%113) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %115 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %116 = "stablehlo.broadcast_in_dim"(%115) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %117 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %118 = "stablehlo.compare"(%117, %116) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %119 = "stablehlo.convert"(%118) : (tensor<4xi1>) -> tensor<4xf32>
    %120 = "stablehlo.dot_general"(%114, %119) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %121 = "stablehlo.add"(%96, %120) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %122 = "stablehlo.all_reduce"(%97) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %123 = "stablehlo.reshape"(%122) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %124 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %125 = "stablehlo.broadcast_in_dim"(%124) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %126 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %127 = "stablehlo.compare"(%126, %125) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %128 = "stablehlo.convert"(%127) : (tensor<4xi1>) -> tensor<4xf32>
    %129 = "stablehlo.dot_general"(%123, %128) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %130 = "stablehlo.add"(%110, %129) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %131 = "stablehlo.divide"(%121, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %132 = "stablehlo.multiply"(%121, %35) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %133 = "stablehlo.negate"(%132) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %134 = "stablehlo.divide"(%133, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %135 = "stablehlo.reduce"(%134, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %136 = "stablehlo.reshape"(%135) : (tensor<2xf32>) -> tensor<2x1xf32>
    %137 = "stablehlo.reshape"(%136) : (tensor<2x1xf32>) -> tensor<2xf32>
    %138 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %139 = "stablehlo.broadcast_in_dim"(%138) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %140 = "stablehlo.select"(%26, %137, %139) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %141 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %142 = "stablehlo.broadcast_in_dim"(%141) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %143 = "stablehlo.multiply"(%140, %142) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %144 = "stablehlo.divide"(%143, %28) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %145 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %146 = "stablehlo.broadcast_in_dim"(%145) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %147 = "stablehlo.select"(%26, %144, %146) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %148 = "stablehlo.broadcast_in_dim"(%147) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %149 = "stablehlo.multiply"(%148, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %150 = "stablehlo.multiply"(%148, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %151 = "stablehlo.add"(%131, %149) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %152 = "stablehlo.add"(%151, %150) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %153 = "stablehlo.divide"(%130, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %154 = "stablehlo.multiply"(%130, %19) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %155 = "stablehlo.negate"(%154) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %156 = "stablehlo.divide"(%155, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %157 = "stablehlo.reduce"(%156, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %158 = "stablehlo.reshape"(%157) : (tensor<2xf32>) -> tensor<2x1xf32>
    %159 = "stablehlo.reshape"(%158) : (tensor<2x1xf32>) -> tensor<2xf32>
    %160 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %161 = "stablehlo.broadcast_in_dim"(%160) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %162 = "stablehlo.select"(%10, %159, %161) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %163 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %164 = "stablehlo.broadcast_in_dim"(%163) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %165 = "stablehlo.multiply"(%162, %164) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %166 = "stablehlo.divide"(%165, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %167 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %168 = "stablehlo.broadcast_in_dim"(%167) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %169 = "stablehlo.select"(%10, %166, %168) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %170 = "stablehlo.broadcast_in_dim"(%169) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %171 = "stablehlo.multiply"(%170, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %172 = "stablehlo.multiply"(%170, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %173 = "stablehlo.add"(%153, %171) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %174 = "stablehlo.add"(%173, %172) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %175 = "stablehlo.all_reduce"(%80) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t29 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t29) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%175, %174, %152, %112) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>) -> ()
  }
}
