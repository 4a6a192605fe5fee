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
    %14 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %15 = "stablehlo.broadcast_in_dim"(%14) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %16 = "stablehlo.add"(%13, %15) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %17 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %19 = "stablehlo.divide"(%18, %16) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %20 = "stablehlo.reshape"(%19) : (tensor<2xf32>) -> tensor<2x1xf32>
    %21 = "stablehlo.broadcast_in_dim"(%20) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %22 = "stablehlo.multiply"(%arg0, %21) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %23 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t3 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %24 = "stablehlo.reduce"(%23, %t3) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t4 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t4) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %26 = "stablehlo.broadcast_in_dim"(%25) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %27 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %28 = "stablehlo.broadcast_in_dim"(%27) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %29 = "stablehlo.compare"(%24, %26) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
    %30 = "stablehlo.select"(%29, %24, %28) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %31 = "stablehlo.sqrt"(%30) : (tensor<2xf32>) -> tensor<2xf32>
    %32 = "stablehlo.select"(%29, %31, %26) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %33 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %35 = "stablehlo.add"(%32, %34) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %36 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %37 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %38 = "stablehlo.divide"(%37, %35) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %39 = "stablehlo.reshape"(%38) : (tensor<2xf32>) -> tensor<2x1xf32>
    %40 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %41 = "stablehlo.multiply"(%arg1, %40) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %42 = "stablehlo.all_gather"(%22) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %43 = "stablehlo.all_gather"(%41) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %44 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %45 = "stablehlo.dot_general"(%22, %43) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %46 = "stablehlo.broadcast_in_dim"(%44) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %47 = "stablehlo.multiply"(%45, %46) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %48 = "stablehlo.reduce"(%47, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %50 = "stablehlo.reshape"(%48) : (tensor<2xf32>) -> tensor<2x1xf32>
    %51 = "stablehlo.broadcast_in_dim"(%50) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %52 = "stablehlo.subtract"(%47, %51) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %53 = "stablehlo.exponential"(%52) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %54 = "stablehlo.reduce"(%53, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %55 = "stablehlo.log"(%54) : (tensor<2xf32>) -> tensor<2xf32>
    %56 = "stablehlo.reshape"(%55) : (tensor<2xf32>) -> tensor<2x1xf32>
    %57 = "stablehlo.broadcast_in_dim"(%56) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %58 = "stablehlo.subtract"(%52, %57) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %59 = "stablehlo.dot_general"(%41, %42) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %60 = "stablehlo.broadcast_in_dim"(%44) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %61 = "stablehlo.multiply"(%59, %60) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %62 = "stablehlo.reduce"(%61, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %64 = "stablehlo.reshape"(%62) : (tensor<2xf32>) -> tensor<2x1xf32>
    %65 = "stablehlo.broadcast_in_dim"(%64) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %66 = "stablehlo.subtract"(%61, %65) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %67 = "stablehlo.exponential"(%66) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %68 = "stablehlo.reduce"(%67, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %69 = "stablehlo.log"(%68) : (tensor<2xf32>) -> tensor<2xf32>
    %70 = "stablehlo.reshape"(%69) : (tensor<2xf32>) -> tensor<2x1xf32>
    %71 = "stablehlo.broadcast_in_dim"(%70) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %72 = "stablehlo.subtract"(%66, %71) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %73 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x8xui32>
    %74 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %75 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %76 = "stablehlo.multiply"(%74, %75) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
    %77 = "stablehlo.broadcast_in_dim"(%76) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x8xui32>
    %78 = "stablehlo.add"(%73, %77) : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xui32>
    %79 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x8xui32>
    %80 = "stablehlo.compare"(%79, %78) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xi1>
    %81 = "stablehlo.convert"(%80) : (tensor<2x8xi1>) -> tensor<2x8xf32>
    %82 = "stablehlo.add"(%58, %72) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %83 = "stablehlo.multiply"(%82, %81) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %84 = "stablehlo.reduce"(%83, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %85 = "stablehlo.constant"() {value = dense<"0x000080BD"> : tensor<f32>} : () -> tensor<f32>
    %86 = "stablehlo.multiply"(%84, %85) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %87 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %88 = "stablehlo.multiply"(%87, %85) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %89 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %90 = "stablehlo.multiply"(%89, %81) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %91 = "stablehlo.negate"(%90) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %92 = "stablehlo.reduce"(%91, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %93 = "stablehlo.reshape"(%92) : (tensor<2xf32>) -> tensor<2x1xf32>
    %94 = "stablehlo.reshape"(%93) : (tensor<2x1xf32>) -> tensor<2xf32>
    %95 = "stablehlo.divide"(%94, %68) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %96 = "stablehlo.broadcast_in_dim"(%95) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %97 = "stablehlo.multiply"(%96, %67) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %98 = "stablehlo.add"(%90, %97) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %99 = "stablehlo.multiply"(%98, %60) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %100 = "stablehlo.multiply"(%98, %59) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %101 = "stablehlo.reduce"(%100, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %102 = "stablehlo.dot_general"(%99, %42) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %103 = "stablehlo.dot_general"(%41, %99) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x8xf32>) -> tensor<16x8xf32>
    %104 = "stablehlo.transpose"(%103) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %105 = "stablehlo.negate"(%90) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %106 = "stablehlo.reduce"(%105, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %107 = "stablehlo.reshape"(%106) : (tensor<2xf32>) -> tensor<2x1xf32>
    %108 = "stablehlo.reshape"(%107) : (tensor<2x1xf32>) -> tensor<2xf32>
    %109 = "stablehlo.divide"(%108, %54) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %110 = "stablehlo.broadcast_in_dim"(%109) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %111 = "stablehlo.multiply"(%110, %53) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %112 = "stablehlo.add"(%90, %111) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %113 = "stablehlo.multiply"(%112, %46) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %114 = "stablehlo.multiply"(%112, %45) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %115 = "stablehlo.reduce"(%114, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %116 = "stablehlo.add"(%101, %115) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %117 = "stablehlo.dot_general"(%113, %43) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %118 = "stablehlo.dot_general"(%22, %113) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x8xf32>) -> tensor<16x8xf32>
    %119 = "stablehlo.transpose"(%118) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %120 = "stablehlo.multiply"(%116, %44) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %121 = "stablehlo.all_reduce"(%119) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t23 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t23) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %122 = "stablehlo.reshape"(%121) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %123 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %124 = "stablehlo.broadcast_in_dim"(%123) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %125 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %126 = "stablehlo.compare"(%125, %124) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %127 = "stablehlo.convert"(%126) : (tensor<4xi1>) -> tensor<4xf32>
    %128 = "stablehlo.dot_general"(%122, %127) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %129 = "stablehlo.add"(%102, %128) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %130 = "stablehlo.all_reduce"(%104) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %131 = "stablehlo.reshape"(%130) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %132 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %133 = "stablehlo.broadcast_in_dim"(%132) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %134 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %135 = "stablehlo.compare"(%134, %133) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %136 = "stablehlo.convert"(%135) : (tensor<4xi1>) -> tensor<4xf32>
    %137 = "stablehlo.dot_general"(%131, %136) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %138 = "stablehlo.add"(%117, %137) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %139 = "stablehlo.multiply"(%129, %40) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %140 = "stablehlo.multiply"(%129, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %141 = "stablehlo.reduce"(%140, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %142 = "stablehlo.reshape"(%141) : (tensor<2xf32>) -> tensor<2x1xf32>
    %143 = "stablehlo.reshape"(%142) : (tensor<2x1xf32>) -> tensor<2xf32>
    %144 = "stablehlo.multiply"(%143, %38) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %145 = "stablehlo.negate"(%144) : (tensor<2xf32>) -> tensor<2xf32>
    %146 = "stablehlo.divide"(%145, %35) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %147 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %148 = "stablehlo.broadcast_in_dim"(%147) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %149 = "stablehlo.select"(%29, %146, %148) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %150 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %151 = "stablehlo.broadcast_in_dim"(%150) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %152 = "stablehlo.multiply"(%149, %151) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %153 = "stablehlo.divide"(%152, %31) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %154 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %155 = "stablehlo.broadcast_in_dim"(%154) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %156 = "stablehlo.select"(%29, %153, %155) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %157 = "stablehlo.broadcast_in_dim"(%156) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %158 = "stablehlo.multiply"(%157, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %159 = "stablehlo.multiply"(%157, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %160 = "stablehlo.add"(%139, %158) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %161 = "stablehlo.add"(%160, %159) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %162 = "stablehlo.multiply"(%138, %21) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %163 = "stablehlo.multiply"(%138, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %164 = "stablehlo.reduce"(%163, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %165 = "stablehlo.reshape"(%164) : (tensor<2xf32>) -> tensor<2x1xf32>
    %166 = "stablehlo.reshape"(%165) : (tensor<2x1xf32>) -> tensor<2xf32>
    %167 = "stablehlo.multiply"(%166, %19) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %168 = "stablehlo.negate"(%167) : (tensor<2xf32>) -> tensor<2xf32>
    %169 = "stablehlo.divide"(%168, %16) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %170 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %171 = "stablehlo.broadcast_in_dim"(%170) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %172 = "stablehlo.select"(%10, %169, %171) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %173 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %174 = "stablehlo.broadcast_in_dim"(%173) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %175 = "stablehlo.multiply"(%172, %174) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %176 = "stablehlo.divide"(%175, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %177 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %178 = "stablehlo.broadcast_in_dim"(%177) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %179 = "stablehlo.select"(%10, %176, %178) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %180 = "stablehlo.broadcast_in_dim"(%179) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %181 = "stablehlo.multiply"(%180, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %182 = "stablehlo.multiply"(%180, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %183 = "stablehlo.add"(%162, %181) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %184 = "stablehlo.add"(%183, %182) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %185 = "stablehlo.all_reduce"(%86) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t29 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t29) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%185, %184, %161, %120) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>) -> ()
  }
}
