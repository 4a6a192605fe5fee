module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 4 : i32} {
  func.func public @main(%arg0: tensor<2x16xf32>, %arg1: tensor<2x16xf32>, %arg2: tensor<f32>, %arg3: tensor<f32>) -> (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>) {
    %4 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t1 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.reduce"(%4, %t1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t2 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t2) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %6 = "stablehlo.sqrt"(%5) : (tensor<2xf32>) -> tensor<2xf32>
    %7 = "stablehlo.reshape"(%6) : (tensor<2xf32>) -> tensor<2x1xf32>
    %8 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x1xf32>
    %10 = "stablehlo.add"(%7, %9) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
    %11 = "stablehlo.broadcast_in_dim"(%10) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %12 = "stablehlo.divide"(%arg0, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %13 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t3 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %14 = "stablehlo.reduce"(%13, %t3) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t4 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t4) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %15 = "stablehlo.sqrt"(%14) : (tensor<2xf32>) -> tensor<2xf32>
    %16 = "stablehlo.reshape"(%15) : (tensor<2xf32>) -> tensor<2x1xf32>
    %17 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x1xf32>
    %19 = "stablehlo.add"(%16, %18) : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
    %20 = "stablehlo.broadcast_in_dim"(%19) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %21 = "stablehlo.divide"(%arg1, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %22 = "stablehlo.all_gather"(%12) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %23 = "stablehlo.all_gather"(%21) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %24 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %25 = "stablehlo.dot_general"(%12, %23) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %26 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %27 = "stablehlo.multiply"(%25, %26) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %28 = "stablehlo.reduce"(%27, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %30 = "stablehlo.reshape"(%28) : (tensor<2xf32>) -> tensor<2x1xf32>
    %31 = "stablehlo.broadcast_in_dim"(%30) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %32 = "stablehlo.subtract"(%27, %31) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %33 = "stablehlo.exponential"(%32) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %34 = "stablehlo.reduce"(%33, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %35 = "stablehlo.log"(%34) : (tensor<2xf32>) -> tensor<2xf32>
    %36 = "stablehlo.reshape"(%35) : (tensor<2xf32>) -> tensor<2x1xf32>
    %37 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %38 = "stablehlo.subtract"(%32, %37) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %39 = "stablehlo.dot_general"(%21, %22) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %40 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %41 = "stablehlo.multiply"(%39, %40) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %42 = "stablehlo.reduce"(%41, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %44 = "stablehlo.reshape"(%42) : (tensor<2xf32>) -> tensor<2x1xf32>
    %45 = "stablehlo.broadcast_in_dim"(%44) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %46 = "stablehlo.subtract"(%41, %45) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %47 = "stablehlo.exponential"(%46) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %48 = "stablehlo.reduce"(%47, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %49 = "stablehlo.log"(%48) : (tensor<2xf32>) -> tensor<2xf32>
    %50 = "stablehlo.reshape"(%49) : (tensor<2xf32>) -> tensor<2x1xf32>
    %51 = "stablehlo.broadcast_in_dim"(%50) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x8xf32>
    %52 = "stablehlo.subtract"(%46, %51) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %53 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x8xui32>
    %54 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %55 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %56 = "stablehlo.multiply"(%54, %55) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
    %57 = "stablehlo.broadcast_in_dim"(%56) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x8xui32>
    %58 = "stablehlo.add"(%53, %57) : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xui32>
    %59 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x8xui32>
    %60 = "stablehlo.compare"(%59, %58) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xi1>
    %61 = "stablehlo.convert"(%60) : (tensor<2x8xi1>) -> tensor<2x8xf32>
    %62 = "stablehlo.add"(%38, %52) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %63 = "stablehlo.multiply"(%62, %61) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %64 = "stablehlo.reduce"(%63, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %65 = "stablehlo.constant"() {value = dense<"0x000080BD"> : tensor<f32>} : () -> tensor<f32>
    %66 = "stablehlo.multiply"(%64, %65) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %67 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %68 = "stablehlo.multiply"(%67, %65) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %69 = "stablehlo.broadcast_in_dim"(%68) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %70 = "stablehlo.multiply"(%69, %61) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %71 = "stablehlo.negate"(%70) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %72 = "stablehlo.reduce"(%71, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %73 = "stablehlo.reshape"(%72) : (tensor<2xf32>) -> tensor<2x1xf32>
    %74 = "stablehlo.reshape"(%73) : (tensor<2x1xf32>) -> tensor<2xf32>
    %75 = "stablehlo.divide"(%74, %48) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %76 = "stablehlo.broadcast_in_dim"(%75) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %77 = "stablehlo.multiply"(%76, %47) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %78 = "stablehlo.add"(%70, %77) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %79 = "stablehlo.multiply"(%78, %40) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %80 = "stablehlo.multiply"(%78, %39) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %81 = "stablehlo.reduce"(%80, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %82 = "stablehlo.dot_general"(%79, %22) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %83 = "stablehlo.dot_general"(%79, %21) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<2x16xf32>) -> tensor<8x16xf32>
    %84 = "stablehlo.negate"(%70) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %85 = "stablehlo.reduce"(%84, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<2xf32>
    %86 = "stablehlo.reshape"(%85) : (tensor<2xf32>) -> tensor<2x1xf32>
    %87 = "stablehlo.reshape"(%86) : (tensor<2x1xf32>) -> tensor<2xf32>
    %88 = "stablehlo.divide"(%87, %34) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %89 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x8xf32>
    %90 = "stablehlo.multiply"(%89, %33) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %91 = "stablehlo.add"(%70, %90) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %92 = "stablehlo.multiply"(%91, %26) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %93 = "stablehlo.multiply"(%91, %25) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %94 = "stablehlo.reduce"(%93, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %95 = "stablehlo.add"(%81, %94) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %96 = "stablehlo.dot_general"(%92, %23) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %97 = "stablehlo.dot_general"(%92, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<2x16xf32>) -> tensor<8x16xf32>
    %98 = "stablehlo.multiply"(%95, %24) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %99 = "stablehlo.all_reduce"(%97) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t23 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t23) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %100 = "stablehlo.reshape"(%99) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %101 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %102 = "stablehlo.broadcast_in_dim"(%101) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %103 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %104 = "stablehlo.compare"(%103, %102) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %105 = "stablehlo.convert"(%104) : (tensor<4xi1>) -> tensor<4xf32>
    %106 = "stablehlo.dot_general"(%100, %105) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %107 = "stablehlo.add"(%82, %106) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %108 = "stablehlo.all_reduce"(%83) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %109 = "stablehlo.reshape"(%108) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %110 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %111 = "stablehlo.broadcast_in_dim"(%110) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %112 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %113 = "stablehlo.compare"(%112, %111) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %114 = "stablehlo.convert"(%113) : (tensor<4xi1>) -> tensor<4xf32>
    %115 = "stablehlo.dot_general"(%109, %114) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %116 = "stablehlo.add"(%96, %115) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %117 = "stablehlo.divide"(%107, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %118 = "stablehlo.multiply"(%107, %21) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %119 = "stablehlo.negate"(%118) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %120 = "stablehlo.divide"(%119, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %121 = "stablehlo.reduce"(%120, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %122 = "stablehlo.reshape"(%121) : (tensor<2xf32>) -> tensor<2x1xf32>
    %123 = "stablehlo.reshape"(%122) : (tensor<2x1xf32>) -> tensor<2xf32>
    %124 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %125 = "stablehlo.broadcast_in_dim"(%124) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %126 = "stablehlo.multiply"(%123, %125) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %127 = "stablehlo.divide"(%126, %15) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %128 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %129 = "stablehlo.multiply"(%128, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %130 = "stablehlo.multiply"(%128, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %131 = "stablehlo.add"(%117, %129) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %132 = "stablehlo.add"(%131, %130) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %133 = "stablehlo.divide"(%116, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %134 = "stablehlo.multiply"(%116, %12) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %135 = "stablehlo.negate"(%134) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %136 = "stablehlo.divide"(%135, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %137 = "stablehlo.reduce"(%136, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %138 = "stablehlo.reshape"(%137) : (tensor<2xf32>) -> tensor<2x1xf32>
    %139 = "stablehlo.reshape"(%138) : (tensor<2x1xf32>) -> tensor<2xf32>
    %140 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %141 = "stablehlo.broadcast_in_dim"(%140) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %142 = "stablehlo.multiply"(%139, %141) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %143 = "stablehlo.divide"(%142, %6) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %144 = "stablehlo.broadcast_in_dim"(%143) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %145 = "stablehlo.multiply"(%144, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %146 = "stablehlo.multiply"(%144, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %147 = "stablehlo.add"(%133, %145) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %148 = "stablehlo.add"(%147, %146) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %149 = "stablehlo.all_reduce"(%66) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t29 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t29) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%149, %148, %132, %98) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>) -> ()
  }
}
