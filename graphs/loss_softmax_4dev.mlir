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
    %97 = "stablehlo.dot_general"(%35, %93) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x8xf32>) -> tensor<16x8xf32>
    %98 = "stablehlo.transpose"(%97) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %99 = "stablehlo.negate"(%84) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %100 = "stablehlo.reduce"(%99, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %101 = "stablehlo.reshape"(%100) : (tensor<2xf32>) -> tensor<2x1xf32>
    %102 = "stablehlo.reshape"(%101) : (tensor<2x1xf32>) -> tensor<2xf32>
    %103 = "stablehlo.divide"(%102, %48) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %104 = "stablehlo.broadcast_in_dim"(%103) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %105 = "stablehlo.multiply"(%104, %47) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %106 = "stablehlo.add"(%84, %105) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %107 = "stablehlo.multiply"(%106, %40) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %108 = "stablehlo.multiply"(%106, %39) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %109 = "stablehlo.reduce"(%108, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %110 = "stablehlo.add"(%95, %109) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %111 = "stablehlo.dot_general"(%107, %37) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %112 = "stablehlo.dot_general"(%19, %107) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x8xf32>) -> tensor<16x8xf32>
    %113 = "stablehlo.transpose"(%112) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %114 = "stablehlo.multiply"(%110, %38) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %115 = "stablehlo.all_reduce"(%113) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t23 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t23) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %116 = "stablehlo.reshape"(%115) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %117 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %118 = "stablehlo.broadcast_in_dim"(%117) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %119 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %120 = "stablehlo.compare"(%119, %118) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %121 = "stablehlo.convert"(%120) : (tensor<4xi1>) -> tensor<4xf32>
    %122 = "stablehlo.dot_general"(%116, %121) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %123 = "stablehlo.add"(%96, %122) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %124 = "stablehlo.all_reduce"(%98) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %125 = "stablehlo.reshape"(%124) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %126 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %127 = "stablehlo.broadcast_in_dim"(%126) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %128 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %129 = "stablehlo.compare"(%128, %127) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %130 = "stablehlo.convert"(%129) : (tensor<4xi1>) -> tensor<4xf32>
    %131 = "stablehlo.dot_general"(%125, %130) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %132 = "stablehlo.add"(%111, %131) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %133 = "stablehlo.divide"(%123, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %134 = "stablehlo.multiply"(%123, %35) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %135 = "stablehlo.negate"(%134) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %136 = "stablehlo.divide"(%135, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %137 = "stablehlo.reduce"(%136, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %138 = "stablehlo.reshape"(%137) : (tensor<2xf32>) -> tensor<2x1xf32>
    %139 = "stablehlo.reshape"(%138) : (tensor<2x1xf32>) -> tensor<2xf32>
    %140 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %141 = "stablehlo.broadcast_in_dim"(%140) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %142 = "stablehlo.select"(%26, %139, %141) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %143 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %144 = "stablehlo.broadcast_in_dim"(%143) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %145 = "stablehlo.multiply"(%142, %144) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %146 = "stablehlo.divide"(%145, %28) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %147 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %148 = "stablehlo.broadcast_in_dim"(%147) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %149 = "stablehlo.select"(%26, %146, %148) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %150 = "stablehlo.broadcast_in_dim"(%149) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %151 = "stablehlo.multiply"(%150, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %152 = "stablehlo.multiply"(%150, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %153 = "stablehlo.add"(%133, %151) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %154 = "stablehlo.add"(%153, %152) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %155 = "stablehlo.divide"(%132, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %156 = "stablehlo.multiply"(%132, %19) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %157 = "stablehlo.negate"(%156) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %158 = "stablehlo.divide"(%157, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %159 = "stablehlo.reduce"(%158, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %160 = "stablehlo.reshape"(%159) : (tensor<2xf32>) -> tensor<2x1xf32>
    %161 = "stablehlo.reshape"(%160) : (tensor<2x1xf32>) -> tensor<2xf32>
    %162 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %163 = "stablehlo.broadcast_in_dim"(%162) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %164 = "stablehlo.select"(%10, %161, %163) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %165 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %166 = "stablehlo.broadcast_in_dim"(%165) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %167 = "stablehlo.multiply"(%164, %166) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %168 = "stablehlo.divide"(%167, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %169 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %170 = "stablehlo.broadcast_in_dim"(%169) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %171 = "stablehlo.select"(%10, %168, %170) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %172 = "stablehlo.broadcast_in_dim"(%171) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %173 = "stablehlo.multiply"(%172, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %174 = "stablehlo.multiply"(%172, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %175 = "stablehlo.add"(%155, %173) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %176 = "stablehlo.add"(%175, %174) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %177 = "stablehlo.all_reduce"(%80) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t29 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t29) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%177, %176, %154, %114) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>) -> ()
  }
}
