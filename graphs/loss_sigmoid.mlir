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
    %14 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %15 = "stablehlo.broadcast_in_dim"(%14) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %16 = "stablehlo.add"(%13, %15) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %17 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %19 = "stablehlo.divide"(%18, %16) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
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
    %30 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %31 = "stablehlo.broadcast_in_dim"(%30) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %32 = "stablehlo.add"(%29, %31) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %33 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %35 = "stablehlo.divide"(%34, %32) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %36 = "stablehlo.reshape"(%35) : (tensor<8xf32>) -> tensor<8x1xf32>
    %37 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8x1xf32>) -> tensor<8x16xf32>
    %38 = "stablehlo.multiply"(%arg1, %37) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %39 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %40 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<ui32>} : () -> tensor<ui32>
    %41 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %42 = "stablehlo.multiply"(%19, %41) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %43 = "stablehlo.broadcast_in_dim"(%42) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x8xf32>
    %44 = "stablehlo.dot_general"(%arg0, %38) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
    %45 = "stablehlo.multiply"(%44, %43) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %46 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %47 = "stablehlo.add"(%45, %46) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %48 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<8x8xui32>
    %49 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<8x8xui32>
    %50 = "stablehlo.broadcast_in_dim"(%40) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<8x8xui32>
    %51 = "stablehlo.add"(%49, %50) : (tensor<8x8xui32>, tensor<8x8xui32>) -> tensor<8x8xui32>
    %52 = "stablehlo.compare"(%48, %51) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<8x8xui32>, tensor<8x8xui32>) -> tensor<8x8xi1>
    %53 = "stablehlo.convert"(%52) : (tensor<8x8xi1>) -> tensor<8x8xf32>
    %54 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %55 = "stablehlo.broadcast_in_dim"(%54) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %56 = "stablehlo.multiply"(%53, %55) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %57 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %58 = "stablehlo.broadcast_in_dim"(%57) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %59 = "stablehlo.subtract"(%56, %58) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %60 = "stablehlo.multiply"(%47, %59) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %61 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %62 = "stablehlo.broadcast_in_dim"(%61) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %63 = "stablehlo.minimum"(%60, %62) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %64 = "stablehlo.abs"(%60) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %65 = "stablehlo.negate"(%64) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %66 = "stablehlo.exponential"(%65) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %67 = "stablehlo.log_plus_one"(%66) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %68 = "stablehlo.subtract"(%63, %67) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %69 = "stablehlo.exponential_minus_one"(%68) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %70 = "stablehlo.negate"(%69) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %71 = "stablehlo.multiply"(%59, %70) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %72 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %73 = "stablehlo.broadcast_in_dim"(%72) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %74 = "stablehlo.multiply"(%71, %73) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %75 = "stablehlo.broadcast_in_dim"(%19) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x8xf32>
    %76 = "stablehlo.multiply"(%74, %75) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %77 = "stablehlo.reduce"(%68, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %78 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %79 = "stablehlo.multiply"(%77, %78) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %80 = "stablehlo.dot_general"(%76, %38) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %81 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %82 = "stablehlo.multiply"(%80, %81) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %83 = "stablehlo.dot_general"(%76, %arg0) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %84 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %85 = "stablehlo.multiply"(%83, %84) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %86 = "stablehlo.reduce"(%76, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<8xf32>
    %87 = "stablehlo.divide"(%86, %19) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %88 = "stablehlo.reduce"(%87, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<8xf32>, tensor<f32>) -> tensor<f32>
    %89 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %90 = "stablehlo.reduce"(%89, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %91 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %92 = "stablehlo.broadcast_in_dim"(%91) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %93 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %94 = "stablehlo.broadcast_in_dim"(%93) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %95 = "stablehlo.compare"(%90, %92) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xi1>
    %96 = "stablehlo.select"(%95, %90, %94) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %97 = "stablehlo.sqrt"(%96) : (tensor<8xf32>) -> tensor<8xf32>
    %98 = "stablehlo.select"(%95, %97, %92) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %99 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %100 = "stablehlo.broadcast_in_dim"(%99) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %101 = "stablehlo.add"(%98, %100) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %102 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %103 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %104 = "stablehlo.divide"(%103, %101) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %105 = "stablehlo.reshape"(%104) : (tensor<8xf32>) -> tensor<8x1xf32>
    %106 = "stablehlo.broadcast_in_dim"(%105) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8x1xf32>) -> tensor<8x16xf32>
    %107 = "stablehlo.multiply"(%arg0, %106) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %108 = "stablehlo.broadcast_in_dim"(%19) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %109 = "stablehlo.divide"(%82, %108) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %110 = "stablehlo.multiply"(%arg0, %82) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %111 = "stablehlo.reduce"(%110, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<f32>
    %113 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %114 = "stablehlo.broadcast_in_dim"(%113) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %115 = "stablehlo.multiply"(%109, %114) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %116 = "stablehlo.broadcast_in_dim"(%113) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %117 = "stablehlo.multiply"(%85, %116) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %118 = "stablehlo.multiply"(%111, %113) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %119 = "stablehlo.multiply"(%88, %113) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %120 = "stablehlo.multiply"(%115, %106) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %121 = "stablehlo.multiply"(%115, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %122 = "stablehlo.reduce"(%121, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %123 = "stablehlo.reshape"(%122) : (tensor<8xf32>) -> tensor<8x1xf32>
    %124 = "stablehlo.reshape"(%123) : (tensor<8x1xf32>) -> tensor<8xf32>
    %125 = "stablehlo.multiply"(%124, %104) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %126 = "stablehlo.negate"(%125) : (tensor<8xf32>) -> tensor<8xf32>
    %127 = "stablehlo.divide"(%126, %101) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %128 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %129 = "stablehlo.broadcast_in_dim"(%128) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %130 = "stablehlo.select"(%95, %127, %129) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %131 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %132 = "stablehlo.broadcast_in_dim"(%131) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %133 = "stablehlo.multiply"(%130, %132) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %134 = "stablehlo.divide"(%133, %97) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %135 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %136 = "stablehlo.broadcast_in_dim"(%135) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %137 = "stablehlo.select"(%95, %134, %136) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %138 = "stablehlo.broadcast_in_dim"(%137) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %139 = "stablehlo.multiply"(%138, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %140 = "stablehlo.multiply"(%138, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %141 = "stablehlo.add"(%120, %139) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %142 = "stablehlo.add"(%141, %140) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %143 = "stablehlo.multiply"(%117, %37) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %144 = "stablehlo.multiply"(%117, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %145 = "stablehlo.reduce"(%144, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %146 = "stablehlo.reshape"(%145) : (tensor<8xf32>) -> tensor<8x1xf32>
    %147 = "stablehlo.reshape"(%146) : (tensor<8x1xf32>) -> tensor<8xf32>
    %148 = "stablehlo.multiply"(%147, %35) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %149 = "stablehlo.negate"(%148) : (tensor<8xf32>) -> tensor<8xf32>
    %150 = "stablehlo.divide"(%149, %32) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %151 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %152 = "stablehlo.broadcast_in_dim"(%151) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %153 = "stablehlo.select"(%26, %150, %152) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %154 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %155 = "stablehlo.broadcast_in_dim"(%154) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %156 = "stablehlo.multiply"(%153, %155) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %157 = "stablehlo.divide"(%156, %28) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %158 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %159 = "stablehlo.broadcast_in_dim"(%158) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %160 = "stablehlo.select"(%26, %157, %159) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %161 = "stablehlo.broadcast_in_dim"(%160) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %162 = "stablehlo.multiply"(%161, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %163 = "stablehlo.multiply"(%161, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %164 = "stablehlo.add"(%143, %162) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %165 = "stablehlo.add"(%164, %163) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    "func.return"(%79, %142, %165, %118, %119) : (tensor<f32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
