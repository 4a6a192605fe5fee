module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 4 : i32} {
  func.func public @main(%arg0: tensor<2x16xf32>, %arg1: tensor<2x16xf32>, %arg2: tensor<f32>, %arg3: tensor<f32>) -> (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) {
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
    %36 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %37 = "stablehlo.dot_general"(%19, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %38 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %39 = "stablehlo.multiply"(%37, %38) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %40 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %41 = "stablehlo.add"(%39, %40) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %42 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x2xui32>
    %43 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x2xui32>
    %44 = "stablehlo.compare"(%42, %43) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x2xui32>, tensor<2x2xui32>) -> tensor<2x2xi1>
    %45 = "stablehlo.convert"(%44) : (tensor<2x2xi1>) -> tensor<2x2xf32>
    %46 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %47 = "stablehlo.broadcast_in_dim"(%46) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %48 = "stablehlo.multiply"(%45, %47) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %49 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %50 = "stablehlo.broadcast_in_dim"(%49) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %51 = "stablehlo.subtract"(%48, %50) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %52 = "stablehlo.multiply"(%41, %51) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %53 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %54 = "stablehlo.broadcast_in_dim"(%53) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %55 = "stablehlo.minimum"(%52, %54) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %56 = "stablehlo.abs"(%52) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %57 = "stablehlo.negate"(%56) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %58 = "stablehlo.exponential"(%57) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %59 = "stablehlo.log_plus_one"(%58) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %60 = "stablehlo.subtract"(%55, %59) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %61 = "stablehlo.reduce"(%60, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %62 = "stablehlo.collective_permute"(%35) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %63 = "stablehlo.dot_general"(%19, %62) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %64 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %65 = "stablehlo.multiply"(%63, %64) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %66 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %67 = "stablehlo.add"(%65, %66) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %68 = "stablehlo.negate"(%67) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %69 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %70 = "stablehlo.broadcast_in_dim"(%69) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %71 = "stablehlo.minimum"(%68, %70) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %72 = "stablehlo.abs"(%68) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %73 = "stablehlo.negate"(%72) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %74 = "stablehlo.exponential"(%73) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %75 = "stablehlo.log_plus_one"(%74) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %76 = "stablehlo.subtract"(%71, %75) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %77 = "stablehlo.reduce"(%76, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %78 = "stablehlo.add"(%61, %77) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %79 = "stablehlo.collective_permute"(%62) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %80 = "stablehlo.dot_general"(%19, %79) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %81 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %82 = "stablehlo.multiply"(%80, %81) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %83 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %84 = "stablehlo.add"(%82, %83) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %85 = "stablehlo.negate"(%84) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %86 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %87 = "stablehlo.broadcast_in_dim"(%86) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %88 = "stablehlo.minimum"(%85, %87) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %89 = "stablehlo.abs"(%85) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %90 = "stablehlo.negate"(%89) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %91 = "stablehlo.exponential"(%90) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %92 = "stablehlo.log_plus_one"(%91) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %93 = "stablehlo.subtract"(%88, %92) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %94 = "stablehlo.reduce"(%93, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %95 = "stablehlo.add"(%78, %94) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %96 = "stablehlo.collective_permute"(%79) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %97 = "stablehlo.dot_general"(%19, %96) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %98 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %99 = "stablehlo.multiply"(%97, %98) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %100 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %101 = "stablehlo.add"(%99, %100) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %102 = "stablehlo.negate"(%101) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %103 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %104 = "stablehlo.broadcast_in_dim"(%103) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %105 = "stablehlo.minimum"(%102, %104) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %106 = "stablehlo.abs"(%102) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %107 = "stablehlo.negate"(%106) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %108 = "stablehlo.exponential"(%107) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %109 = "stablehlo.log_plus_one"(%108) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %110 = "stablehlo.subtract"(%105, %109) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %111 = "stablehlo.reduce"(%110, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %112 = "stablehlo.add"(%95, %111) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %113 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %114 = "stablehlo.multiply"(%112, %113) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %115 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %116 = "stablehlo.multiply"(%115, %113) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %117 = "stablehlo.broadcast_in_dim"(%116) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %118 = "stablehlo.negate"(%117) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %119 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %120 = "stablehlo.broadcast_in_dim"(%119) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %121 = "stablehlo.add"(%108, %120) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %122 = "stablehlo.divide"(%118, %121) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %123 = "stablehlo.multiply"(%122, %108) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %124 = "stablehlo.negate"(%123) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %125 = "stablehlo.sign"(%102) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %126 = "stablehlo.multiply"(%124, %125) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %127 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %128 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %129 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %130 = "stablehlo.broadcast_in_dim"(%129) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %131 = "stablehlo.multiply"(%117, %130) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %132 = "stablehlo.compare"(%102, %104) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %133 = "stablehlo.compare"(%102, %104) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %134 = "stablehlo.select"(%133, %131, %128) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %135 = "stablehlo.select"(%132, %117, %134) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %136 = "stablehlo.add"(%126, %135) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %137 = "stablehlo.negate"(%136) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %138 = "stablehlo.reduce"(%137, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %139 = "stablehlo.multiply"(%137, %98) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %140 = "stablehlo.multiply"(%137, %97) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %141 = "stablehlo.reduce"(%140, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %142 = "stablehlo.dot_general"(%139, %96) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %143 = "stablehlo.dot_general"(%19, %139) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x2xf32>) -> tensor<16x2xf32>
    %144 = "stablehlo.transpose"(%143) {permutation = array<i64: 1, 0>} : (tensor<16x2xf32>) -> tensor<2x16xf32>
    %145 = "stablehlo.collective_permute"(%144) {source_target_pairs = dense<[[1, 0], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %146 = "stablehlo.broadcast_in_dim"(%116) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %147 = "stablehlo.negate"(%146) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %148 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %149 = "stablehlo.broadcast_in_dim"(%148) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %150 = "stablehlo.add"(%91, %149) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %151 = "stablehlo.divide"(%147, %150) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %152 = "stablehlo.multiply"(%151, %91) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %153 = "stablehlo.negate"(%152) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %154 = "stablehlo.sign"(%85) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %155 = "stablehlo.multiply"(%153, %154) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %156 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %157 = "stablehlo.broadcast_in_dim"(%156) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %158 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %159 = "stablehlo.broadcast_in_dim"(%158) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %160 = "stablehlo.multiply"(%146, %159) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %161 = "stablehlo.compare"(%85, %87) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %162 = "stablehlo.compare"(%85, %87) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %163 = "stablehlo.select"(%162, %160, %157) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %164 = "stablehlo.select"(%161, %146, %163) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %165 = "stablehlo.add"(%155, %164) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %166 = "stablehlo.negate"(%165) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %167 = "stablehlo.reduce"(%166, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %168 = "stablehlo.add"(%138, %167) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %169 = "stablehlo.multiply"(%166, %81) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %170 = "stablehlo.multiply"(%166, %80) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %171 = "stablehlo.reduce"(%170, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %172 = "stablehlo.add"(%141, %171) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %173 = "stablehlo.dot_general"(%169, %79) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %174 = "stablehlo.dot_general"(%19, %169) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x2xf32>) -> tensor<16x2xf32>
    %175 = "stablehlo.transpose"(%174) {permutation = array<i64: 1, 0>} : (tensor<16x2xf32>) -> tensor<2x16xf32>
    %176 = "stablehlo.add"(%142, %173) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %177 = "stablehlo.add"(%145, %175) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %178 = "stablehlo.collective_permute"(%177) {source_target_pairs = dense<[[1, 0], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %179 = "stablehlo.broadcast_in_dim"(%116) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %180 = "stablehlo.negate"(%179) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %181 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %182 = "stablehlo.broadcast_in_dim"(%181) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %183 = "stablehlo.add"(%74, %182) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %184 = "stablehlo.divide"(%180, %183) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %185 = "stablehlo.multiply"(%184, %74) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %186 = "stablehlo.negate"(%185) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %187 = "stablehlo.sign"(%68) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %188 = "stablehlo.multiply"(%186, %187) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %189 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %190 = "stablehlo.broadcast_in_dim"(%189) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %191 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %192 = "stablehlo.broadcast_in_dim"(%191) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %193 = "stablehlo.multiply"(%179, %192) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %194 = "stablehlo.compare"(%68, %70) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %195 = "stablehlo.compare"(%68, %70) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %196 = "stablehlo.select"(%195, %193, %190) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %197 = "stablehlo.select"(%194, %179, %196) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %198 = "stablehlo.add"(%188, %197) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %199 = "stablehlo.negate"(%198) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %200 = "stablehlo.reduce"(%199, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %201 = "stablehlo.add"(%168, %200) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %202 = "stablehlo.multiply"(%199, %64) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %203 = "stablehlo.multiply"(%199, %63) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t23 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %204 = "stablehlo.reduce"(%203, %t23) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %205 = "stablehlo.add"(%172, %204) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %206 = "stablehlo.dot_general"(%202, %62) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %207 = "stablehlo.dot_general"(%19, %202) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x2xf32>) -> tensor<16x2xf32>
    %208 = "stablehlo.transpose"(%207) {permutation = array<i64: 1, 0>} : (tensor<16x2xf32>) -> tensor<2x16xf32>
    %209 = "stablehlo.add"(%176, %206) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %210 = "stablehlo.add"(%178, %208) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %211 = "stablehlo.collective_permute"(%210) {source_target_pairs = dense<[[1, 0], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %212 = "stablehlo.broadcast_in_dim"(%116) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %213 = "stablehlo.negate"(%212) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %214 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %215 = "stablehlo.broadcast_in_dim"(%214) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %216 = "stablehlo.add"(%58, %215) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %217 = "stablehlo.divide"(%213, %216) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %218 = "stablehlo.multiply"(%217, %58) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %219 = "stablehlo.negate"(%218) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %220 = "stablehlo.sign"(%52) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %221 = "stablehlo.multiply"(%219, %220) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %222 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %223 = "stablehlo.broadcast_in_dim"(%222) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %224 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %225 = "stablehlo.broadcast_in_dim"(%224) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %226 = "stablehlo.multiply"(%212, %225) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %227 = "stablehlo.compare"(%52, %54) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %228 = "stablehlo.compare"(%52, %54) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %229 = "stablehlo.select"(%228, %226, %223) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %230 = "stablehlo.select"(%227, %212, %229) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %231 = "stablehlo.add"(%221, %230) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %232 = "stablehlo.multiply"(%231, %51) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %233 = "stablehlo.reduce"(%232, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %234 = "stablehlo.add"(%201, %233) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %235 = "stablehlo.multiply"(%232, %38) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %236 = "stablehlo.multiply"(%232, %37) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %237 = "stablehlo.reduce"(%236, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %238 = "stablehlo.add"(%205, %237) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %239 = "stablehlo.dot_general"(%235, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %240 = "stablehlo.dot_general"(%19, %235) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x2xf32>) -> tensor<16x2xf32>
    %241 = "stablehlo.transpose"(%240) {permutation = array<i64: 1, 0>} : (tensor<16x2xf32>) -> tensor<2x16xf32>
    %242 = "stablehlo.add"(%209, %239) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %243 = "stablehlo.add"(%211, %241) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %244 = "stablehlo.multiply"(%238, %36) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %245 = "stablehlo.divide"(%243, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %246 = "stablehlo.multiply"(%243, %35) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %247 = "stablehlo.negate"(%246) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %248 = "stablehlo.divide"(%247, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t29 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %249 = "stablehlo.reduce"(%248, %t29) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t30 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t30) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %250 = "stablehlo.reshape"(%249) : (tensor<2xf32>) -> tensor<2x1xf32>
    %251 = "stablehlo.reshape"(%250) : (tensor<2x1xf32>) -> tensor<2xf32>
    %252 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %253 = "stablehlo.broadcast_in_dim"(%252) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %254 = "stablehlo.select"(%26, %251, %253) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %255 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %256 = "stablehlo.broadcast_in_dim"(%255) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %257 = "stablehlo.multiply"(%254, %256) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %258 = "stablehlo.divide"(%257, %28) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %259 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %260 = "stablehlo.broadcast_in_dim"(%259) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %261 = "stablehlo.select"(%26, %258, %260) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %262 = "stablehlo.broadcast_in_dim"(%261) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %263 = "stablehlo.multiply"(%262, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %264 = "stablehlo.multiply"(%262, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %265 = "stablehlo.add"(%245, %263) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %266 = "stablehlo.add"(%265, %264) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %267 = "stablehlo.divide"(%242, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %268 = "stablehlo.multiply"(%242, %19) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %269 = "stablehlo.negate"(%268) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %270 = "stablehlo.divide"(%269, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t31 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %271 = "stablehlo.reduce"(%270, %t31) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t32 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t32) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %272 = "stablehlo.reshape"(%271) : (tensor<2xf32>) -> tensor<2x1xf32>
    %273 = "stablehlo.reshape"(%272) : (tensor<2x1xf32>) -> tensor<2xf32>
    %274 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %275 = "stablehlo.broadcast_in_dim"(%274) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %276 = "stablehlo.select"(%10, %273, %275) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %277 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %278 = "stablehlo.broadcast_in_dim"(%277) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %279 = "stablehlo.multiply"(%276, %278) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %280 = "stablehlo.divide"(%279, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %281 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %282 = "stablehlo.broadcast_in_dim"(%281) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %283 = "stablehlo.select"(%10, %280, %282) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %284 = "stablehlo.broadcast_in_dim"(%283) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %285 = "stablehlo.multiply"(%284, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %286 = "stablehlo.multiply"(%284, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %287 = "stablehlo.add"(%267, %285) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %288 = "stablehlo.add"(%287, %286) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %289 = "stablehlo.all_reduce"(%114) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t33 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t33) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%289, %288, %266, %244, %234) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
