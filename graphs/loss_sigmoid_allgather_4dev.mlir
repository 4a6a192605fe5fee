module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 4 : i32} {
  func.func public @main(%arg0: tensor<2x16xf32>, %arg1: tensor<2x16xf32>, %arg2: tensor<f32>, %arg3: tensor<f32>) -> (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) {
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
    %22 = "stablehlo.all_gather"(%21) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %23 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %24 = "stablehlo.dot_general"(%12, %22) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %25 = "stablehlo.broadcast_in_dim"(%23) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %26 = "stablehlo.multiply"(%24, %25) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %27 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %28 = "stablehlo.add"(%26, %27) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %29 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x8xui32>
    %30 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %31 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %32 = "stablehlo.multiply"(%30, %31) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
    %33 = "stablehlo.broadcast_in_dim"(%32) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x8xui32>
    %34 = "stablehlo.add"(%29, %33) : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xui32>
    %35 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x8xui32>
    %36 = "stablehlo.compare"(%35, %34) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xi1>
    %37 = "stablehlo.convert"(%36) : (tensor<2x8xi1>) -> tensor<2x8xf32>
    %38 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %39 = "stablehlo.broadcast_in_dim"(%38) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %40 = "stablehlo.multiply"(%37, %39) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %41 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %42 = "stablehlo.broadcast_in_dim"(%41) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %43 = "stablehlo.subtract"(%40, %42) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %44 = "stablehlo.multiply"(%28, %43) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %45 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %46 = "stablehlo.broadcast_in_dim"(%45) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %47 = "stablehlo.minimum"(%44, %46) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %48 = "stablehlo.abs"(%44) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %49 = "stablehlo.negate"(%48) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %50 = "stablehlo.exponential"(%49) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %51 = "stablehlo.log_plus_one"(%50) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %52 = "stablehlo.subtract"(%47, %51) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %53 = "stablehlo.reduce"(%52, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %54 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %55 = "stablehlo.multiply"(%53, %54) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %56 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %57 = "stablehlo.multiply"(%56, %54) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %58 = "stablehlo.broadcast_in_dim"(%57) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %59 = "stablehlo.negate"(%58) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %60 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %61 = "stablehlo.broadcast_in_dim"(%60) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %62 = "stablehlo.add"(%50, %61) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %63 = "stablehlo.divide"(%59, %62) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %64 = "stablehlo.multiply"(%63, %50) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %65 = "stablehlo.negate"(%64) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %66 = "stablehlo.sign"(%44) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %67 = "stablehlo.multiply"(%65, %66) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %68 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %69 = "stablehlo.broadcast_in_dim"(%68) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %70 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %71 = "stablehlo.broadcast_in_dim"(%70) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %72 = "stablehlo.multiply"(%58, %71) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %73 = "stablehlo.compare"(%44, %46) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xi1>
    %74 = "stablehlo.compare"(%44, %46) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xi1>
    %75 = "stablehlo.select"(%74, %72, %69) : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %76 = "stablehlo.select"(%73, %58, %75) : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %77 = "stablehlo.add"(%67, %76) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %78 = "stablehlo.multiply"(%77, %43) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %79 = "stablehlo.reduce"(%78, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %80 = "stablehlo.multiply"(%78, %25) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %81 = "stablehlo.multiply"(%78, %24) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %82 = "stablehlo.reduce"(%81, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %83 = "stablehlo.dot_general"(%80, %22) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %84 = "stablehlo.dot_general"(%80, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<2x16xf32>) -> tensor<8x16xf32>
    %85 = "stablehlo.multiply"(%82, %23) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %86 = "stablehlo.all_reduce"(%84) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t11 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t11) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %87 = "stablehlo.reshape"(%86) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %88 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %89 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %90 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %91 = "stablehlo.compare"(%90, %89) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %92 = "stablehlo.convert"(%91) : (tensor<4xi1>) -> tensor<4xf32>
    %93 = "stablehlo.dot_general"(%87, %92) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %94 = "stablehlo.divide"(%93, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %95 = "stablehlo.multiply"(%93, %21) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %96 = "stablehlo.negate"(%95) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %97 = "stablehlo.divide"(%96, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t12 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %98 = "stablehlo.reduce"(%97, %t12) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t13 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t13) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %99 = "stablehlo.reshape"(%98) : (tensor<2xf32>) -> tensor<2x1xf32>
    %100 = "stablehlo.reshape"(%99) : (tensor<2x1xf32>) -> tensor<2xf32>
    %101 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %102 = "stablehlo.broadcast_in_dim"(%101) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %103 = "stablehlo.multiply"(%100, %102) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %104 = "stablehlo.divide"(%103, %15) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %105 = "stablehlo.broadcast_in_dim"(%104) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %106 = "stablehlo.multiply"(%105, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %107 = "stablehlo.multiply"(%105, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %108 = "stablehlo.add"(%94, %106) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %109 = "stablehlo.add"(%108, %107) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %110 = "stablehlo.divide"(%83, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %111 = "stablehlo.multiply"(%83, %12) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %112 = "stablehlo.negate"(%111) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %113 = "stablehlo.divide"(%112, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t14 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %114 = "stablehlo.reduce"(%113, %t14) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t15 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t15) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %115 = "stablehlo.reshape"(%114) : (tensor<2xf32>) -> tensor<2x1xf32>
    %116 = "stablehlo.reshape"(%115) : (tensor<2x1xf32>) -> tensor<2xf32>
    %117 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %118 = "stablehlo.broadcast_in_dim"(%117) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %119 = "stablehlo.multiply"(%116, %118) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %120 = "stablehlo.divide"(%119, %6) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %121 = "stablehlo.broadcast_in_dim"(%120) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %122 = "stablehlo.multiply"(%121, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %123 = "stablehlo.multiply"(%121, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %124 = "stablehlo.add"(%110, %122) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %125 = "stablehlo.add"(%124, %123) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %126 = "stablehlo.all_reduce"(%55) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%126, %125, %109, %85, %79) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
