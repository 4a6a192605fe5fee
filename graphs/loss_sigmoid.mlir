module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%arg0: tensor<8x16xf32>, %arg1: tensor<8x16xf32>, %arg2: tensor<f32>, %arg3: tensor<f32>) -> (tensor<f32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<f32>, tensor<f32>) {
    %4 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t1 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.reduce"(%4, %t1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t2 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t2) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %6 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %7 = "stablehlo.broadcast_in_dim"(%6) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %8 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %10 = "stablehlo.compare"(%5, %7) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xi1>
    %11 = "stablehlo.select"(%10, %5, %9) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %12 = "stablehlo.sqrt"(%11) : (tensor<8xf32>) -> tensor<8xf32>
    %13 = "stablehlo.select"(%10, %12, %7) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %14 = "stablehlo.reshape"(%13) : (tensor<8xf32>) -> tensor<8x1xf32>
    %15 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %16 = "stablehlo.broadcast_in_dim"(%15) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x1xf32>
    %17 = "stablehlo.add"(%14, %16) : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8x1xf32>) -> tensor<8x16xf32>
    %19 = "stablehlo.divide"(%arg0, %18) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %20 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t3 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %21 = "stablehlo.reduce"(%20, %t3) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t4 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t4) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %22 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %23 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %24 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %25 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %26 = "stablehlo.compare"(%21, %23) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xi1>
    %27 = "stablehlo.select"(%26, %21, %25) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %28 = "stablehlo.sqrt"(%27) : (tensor<8xf32>) -> tensor<8xf32>
    %29 = "stablehlo.select"(%26, %28, %23) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %30 = "stablehlo.reshape"(%29) : (tensor<8xf32>) -> tensor<8x1xf32>
    %31 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %32 = "stablehlo.broadcast_in_dim"(%31) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x1xf32>
    %33 = "stablehlo.add"(%30, %32) : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8x1xf32>) -> tensor<8x16xf32>
    %35 = "stablehlo.divide"(%arg1, %34) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %36 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %37 = "stablehlo.dot_general"(%19, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
    %38 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %39 = "stablehlo.multiply"(%37, %38) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %40 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %41 = "stablehlo.add"(%39, %40) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %42 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<8x8xui32>
    %43 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<8x8xui32>
    %44 = "stablehlo.compare"(%42, %43) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<8x8xui32>, tensor<8x8xui32>) -> tensor<8x8xi1>
    %45 = "stablehlo.convert"(%44) : (tensor<8x8xi1>) -> tensor<8x8xf32>
    %46 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %47 = "stablehlo.broadcast_in_dim"(%46) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %48 = "stablehlo.multiply"(%45, %47) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %49 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %50 = "stablehlo.broadcast_in_dim"(%49) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %51 = "stablehlo.subtract"(%48, %50) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %52 = "stablehlo.multiply"(%41, %51) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %53 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %54 = "stablehlo.broadcast_in_dim"(%53) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %55 = "stablehlo.minimum"(%52, %54) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %56 = "stablehlo.abs"(%52) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %57 = "stablehlo.negate"(%56) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %58 = "stablehlo.exponential"(%57) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %59 = "stablehlo.log_plus_one"(%58) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %60 = "stablehlo.subtract"(%55, %59) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %61 = "stablehlo.reduce"(%60, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %62 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %63 = "stablehlo.multiply"(%61, %62) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %64 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %65 = "stablehlo.multiply"(%64, %62) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %66 = "stablehlo.broadcast_in_dim"(%65) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %67 = "stablehlo.negate"(%66) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %68 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %69 = "stablehlo.broadcast_in_dim"(%68) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %70 = "stablehlo.add"(%58, %69) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %71 = "stablehlo.divide"(%67, %70) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %72 = "stablehlo.multiply"(%71, %58) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %73 = "stablehlo.negate"(%72) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %74 = "stablehlo.sign"(%52) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %75 = "stablehlo.multiply"(%73, %74) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %76 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %77 = "stablehlo.broadcast_in_dim"(%76) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %78 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %79 = "stablehlo.broadcast_in_dim"(%78) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %80 = "stablehlo.multiply"(%66, %79) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %81 = "stablehlo.compare"(%52, %54) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xi1>
    %82 = "stablehlo.compare"(%52, %54) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xi1>
    %83 = "stablehlo.select"(%82, %80, %77) : (tensor<8x8xi1>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %84 = "stablehlo.select"(%81, %66, %83) : (tensor<8x8xi1>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %85 = "stablehlo.add"(%75, %84) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %86 = "stablehlo.multiply"(%85, %51) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %87 = "stablehlo.reduce"(%86, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %88 = "stablehlo.multiply"(%86, %38) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %89 = "stablehlo.multiply"(%86, %37) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %90 = "stablehlo.reduce"(%89, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %91 = "stablehlo.dot_general"(%88, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %92 = "stablehlo.dot_general"(%19, %88) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<8x16xf32>, tensor<8x8xf32>) -> tensor<16x8xf32>
    %93 = "stablehlo.transpose"(%92) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %94 = "stablehlo.multiply"(%90, %36) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %95 = "stablehlo.divide"(%93, %34) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %96 = "stablehlo.multiply"(%93, %35) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %97 = "stablehlo.negate"(%96) : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %98 = "stablehlo.divide"(%97, %34) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %99 = "stablehlo.reduce"(%98, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %100 = "stablehlo.reshape"(%99) : (tensor<8xf32>) -> tensor<8x1xf32>
    %101 = "stablehlo.reshape"(%100) : (tensor<8x1xf32>) -> tensor<8xf32>
    %102 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %103 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %104 = "stablehlo.select"(%26, %101, %103) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %105 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %106 = "stablehlo.broadcast_in_dim"(%105) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %107 = "stablehlo.multiply"(%104, %106) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %108 = "stablehlo.divide"(%107, %28) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %109 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %110 = "stablehlo.broadcast_in_dim"(%109) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %111 = "stablehlo.select"(%26, %108, %110) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %112 = "stablehlo.broadcast_in_dim"(%111) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %113 = "stablehlo.multiply"(%112, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %114 = "stablehlo.multiply"(%112, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %115 = "stablehlo.add"(%95, %113) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %116 = "stablehlo.add"(%115, %114) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %117 = "stablehlo.divide"(%91, %18) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %118 = "stablehlo.multiply"(%91, %19) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %119 = "stablehlo.negate"(%118) : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %120 = "stablehlo.divide"(%119, %18) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %121 = "stablehlo.reduce"(%120, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %122 = "stablehlo.reshape"(%121) : (tensor<8xf32>) -> tensor<8x1xf32>
    %123 = "stablehlo.reshape"(%122) : (tensor<8x1xf32>) -> tensor<8xf32>
    %124 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %125 = "stablehlo.broadcast_in_dim"(%124) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %126 = "stablehlo.select"(%10, %123, %125) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %127 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %128 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %129 = "stablehlo.multiply"(%126, %128) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %130 = "stablehlo.divide"(%129, %12) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %131 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %132 = "stablehlo.broadcast_in_dim"(%131) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %133 = "stablehlo.select"(%10, %130, %132) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %134 = "stablehlo.broadcast_in_dim"(%133) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %135 = "stablehlo.multiply"(%134, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %136 = "stablehlo.multiply"(%134, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %137 = "stablehlo.add"(%117, %135) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %138 = "stablehlo.add"(%137, %136) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    "func.return"(%63, %138, %116, %94, %87) : (tensor<f32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
