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
    %22 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %23 = "stablehlo.dot_general"(%12, %21) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %24 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %25 = "stablehlo.multiply"(%23, %24) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %26 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %27 = "stablehlo.add"(%25, %26) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %28 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x2xui32>
    %29 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x2xui32>
    %30 = "stablehlo.compare"(%28, %29) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x2xui32>, tensor<2x2xui32>) -> tensor<2x2xi1>
    %31 = "stablehlo.convert"(%30) : (tensor<2x2xi1>) -> tensor<2x2xf32>
    %32 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %33 = "stablehlo.broadcast_in_dim"(%32) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %34 = "stablehlo.multiply"(%31, %33) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %35 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %36 = "stablehlo.broadcast_in_dim"(%35) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %37 = "stablehlo.subtract"(%34, %36) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %38 = "stablehlo.multiply"(%27, %37) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %39 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %40 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %41 = "stablehlo.minimum"(%38, %40) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %42 = "stablehlo.abs"(%38) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %43 = "stablehlo.negate"(%42) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %44 = "stablehlo.exponential"(%43) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %45 = "stablehlo.log_plus_one"(%44) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %46 = "stablehlo.subtract"(%41, %45) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %47 = "stablehlo.reduce"(%46, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %48 = "stablehlo.collective_permute"(%21) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %49 = "stablehlo.dot_general"(%12, %48) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %50 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %51 = "stablehlo.multiply"(%49, %50) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %52 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %53 = "stablehlo.add"(%51, %52) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %54 = "stablehlo.negate"(%53) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %55 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %56 = "stablehlo.broadcast_in_dim"(%55) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %57 = "stablehlo.minimum"(%54, %56) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %58 = "stablehlo.abs"(%54) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %59 = "stablehlo.negate"(%58) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %60 = "stablehlo.exponential"(%59) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %61 = "stablehlo.log_plus_one"(%60) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %62 = "stablehlo.subtract"(%57, %61) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %63 = "stablehlo.reduce"(%62, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %64 = "stablehlo.add"(%47, %63) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %65 = "stablehlo.collective_permute"(%48) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %66 = "stablehlo.dot_general"(%12, %65) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %67 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %68 = "stablehlo.multiply"(%66, %67) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %69 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %70 = "stablehlo.add"(%68, %69) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %71 = "stablehlo.negate"(%70) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %72 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %73 = "stablehlo.broadcast_in_dim"(%72) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %74 = "stablehlo.minimum"(%71, %73) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %75 = "stablehlo.abs"(%71) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %76 = "stablehlo.negate"(%75) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %77 = "stablehlo.exponential"(%76) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %78 = "stablehlo.log_plus_one"(%77) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %79 = "stablehlo.subtract"(%74, %78) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %80 = "stablehlo.reduce"(%79, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %81 = "stablehlo.add"(%64, %80) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %82 = "stablehlo.collective_permute"(%65) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %83 = "stablehlo.dot_general"(%12, %82) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %84 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %85 = "stablehlo.multiply"(%83, %84) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %86 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %87 = "stablehlo.add"(%85, %86) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %88 = "stablehlo.negate"(%87) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %89 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %90 = "stablehlo.broadcast_in_dim"(%89) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %91 = "stablehlo.minimum"(%88, %90) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %92 = "stablehlo.abs"(%88) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %93 = "stablehlo.negate"(%92) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %94 = "stablehlo.exponential"(%93) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %95 = "stablehlo.log_plus_one"(%94) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %96 = "stablehlo.subtract"(%91, %95) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %97 = "stablehlo.reduce"(%96, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %98 = "stablehlo.add"(%81, %97) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %99 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %100 = "stablehlo.multiply"(%98, %99) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %101 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %102 = "stablehlo.multiply"(%101, %99) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %103 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %104 = "stablehlo.negate"(%103) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %105 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %106 = "stablehlo.broadcast_in_dim"(%105) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %107 = "stablehlo.add"(%94, %106) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %108 = "stablehlo.divide"(%104, %107) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %109 = "stablehlo.multiply"(%108, %94) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %110 = "stablehlo.negate"(%109) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %111 = "stablehlo.sign"(%88) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %112 = "stablehlo.multiply"(%110, %111) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %113 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %114 = "stablehlo.broadcast_in_dim"(%113) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %115 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %116 = "stablehlo.broadcast_in_dim"(%115) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %117 = "stablehlo.multiply"(%103, %116) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %118 = "stablehlo.compare"(%88, %90) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %119 = "stablehlo.compare"(%88, %90) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %120 = "stablehlo.select"(%119, %117, %114) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %121 = "stablehlo.select"(%118, %103, %120) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %122 = "stablehlo.add"(%112, %121) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %123 = "stablehlo.negate"(%122) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %124 = "stablehlo.reduce"(%123, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %125 = "stablehlo.multiply"(%123, %84) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %126 = "stablehlo.multiply"(%123, %83) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %127 = "stablehlo.reduce"(%126, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %128 = "stablehlo.dot_general"(%125, %82) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %129 = "stablehlo.dot_general"(%125, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %130 = "stablehlo.collective_permute"(%129) {source_target_pairs = dense<[[1, 0], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %131 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %132 = "stablehlo.negate"(%131) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %133 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %134 = "stablehlo.broadcast_in_dim"(%133) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %135 = "stablehlo.add"(%77, %134) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %136 = "stablehlo.divide"(%132, %135) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %137 = "stablehlo.multiply"(%136, %77) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %138 = "stablehlo.negate"(%137) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %139 = "stablehlo.sign"(%71) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %140 = "stablehlo.multiply"(%138, %139) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %141 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %142 = "stablehlo.broadcast_in_dim"(%141) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %143 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %144 = "stablehlo.broadcast_in_dim"(%143) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %145 = "stablehlo.multiply"(%131, %144) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %146 = "stablehlo.compare"(%71, %73) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %147 = "stablehlo.compare"(%71, %73) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %148 = "stablehlo.select"(%147, %145, %142) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %149 = "stablehlo.select"(%146, %131, %148) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %150 = "stablehlo.add"(%140, %149) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %151 = "stablehlo.negate"(%150) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %152 = "stablehlo.reduce"(%151, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %153 = "stablehlo.add"(%124, %152) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %154 = "stablehlo.multiply"(%151, %67) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %155 = "stablehlo.multiply"(%151, %66) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %156 = "stablehlo.reduce"(%155, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %157 = "stablehlo.add"(%127, %156) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %158 = "stablehlo.dot_general"(%154, %65) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %159 = "stablehlo.dot_general"(%154, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %160 = "stablehlo.add"(%128, %158) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %161 = "stablehlo.add"(%130, %159) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %162 = "stablehlo.collective_permute"(%161) {source_target_pairs = dense<[[1, 0], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %163 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %164 = "stablehlo.negate"(%163) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %165 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %166 = "stablehlo.broadcast_in_dim"(%165) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %167 = "stablehlo.add"(%60, %166) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %168 = "stablehlo.divide"(%164, %167) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %169 = "stablehlo.multiply"(%168, %60) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %170 = "stablehlo.negate"(%169) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %171 = "stablehlo.sign"(%54) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %172 = "stablehlo.multiply"(%170, %171) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %173 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %174 = "stablehlo.broadcast_in_dim"(%173) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %175 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %176 = "stablehlo.broadcast_in_dim"(%175) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %177 = "stablehlo.multiply"(%163, %176) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %178 = "stablehlo.compare"(%54, %56) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %179 = "stablehlo.compare"(%54, %56) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %180 = "stablehlo.select"(%179, %177, %174) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %181 = "stablehlo.select"(%178, %163, %180) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %182 = "stablehlo.add"(%172, %181) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %183 = "stablehlo.negate"(%182) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %184 = "stablehlo.reduce"(%183, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %185 = "stablehlo.add"(%153, %184) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %186 = "stablehlo.multiply"(%183, %50) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %187 = "stablehlo.multiply"(%183, %49) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t23 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %188 = "stablehlo.reduce"(%187, %t23) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %189 = "stablehlo.add"(%157, %188) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %190 = "stablehlo.dot_general"(%186, %48) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %191 = "stablehlo.dot_general"(%186, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %192 = "stablehlo.add"(%160, %190) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %193 = "stablehlo.add"(%162, %191) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %194 = "stablehlo.collective_permute"(%193) {source_target_pairs = dense<[[1, 0], [2, 1], [3, 2], [0, 3]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %195 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %196 = "stablehlo.negate"(%195) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %197 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %198 = "stablehlo.broadcast_in_dim"(%197) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %199 = "stablehlo.add"(%44, %198) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %200 = "stablehlo.divide"(%196, %199) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %201 = "stablehlo.multiply"(%200, %44) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %202 = "stablehlo.negate"(%201) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %203 = "stablehlo.sign"(%38) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %204 = "stablehlo.multiply"(%202, %203) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %205 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %206 = "stablehlo.broadcast_in_dim"(%205) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %207 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %208 = "stablehlo.broadcast_in_dim"(%207) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %209 = "stablehlo.multiply"(%195, %208) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %210 = "stablehlo.compare"(%38, %40) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %211 = "stablehlo.compare"(%38, %40) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xi1>
    %212 = "stablehlo.select"(%211, %209, %206) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %213 = "stablehlo.select"(%210, %195, %212) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %214 = "stablehlo.add"(%204, %213) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %215 = "stablehlo.multiply"(%214, %37) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %216 = "stablehlo.reduce"(%215, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %217 = "stablehlo.add"(%185, %216) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %218 = "stablehlo.multiply"(%215, %24) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %219 = "stablehlo.multiply"(%215, %23) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %220 = "stablehlo.reduce"(%219, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %221 = "stablehlo.add"(%189, %220) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %222 = "stablehlo.dot_general"(%218, %21) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %223 = "stablehlo.dot_general"(%218, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %224 = "stablehlo.add"(%192, %222) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %225 = "stablehlo.add"(%194, %223) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %226 = "stablehlo.multiply"(%221, %22) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %227 = "stablehlo.divide"(%225, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %228 = "stablehlo.multiply"(%225, %21) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %229 = "stablehlo.negate"(%228) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %230 = "stablehlo.divide"(%229, %20) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t29 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %231 = "stablehlo.reduce"(%230, %t29) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t30 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t30) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %232 = "stablehlo.reshape"(%231) : (tensor<2xf32>) -> tensor<2x1xf32>
    %233 = "stablehlo.reshape"(%232) : (tensor<2x1xf32>) -> tensor<2xf32>
    %234 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %235 = "stablehlo.broadcast_in_dim"(%234) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %236 = "stablehlo.multiply"(%233, %235) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %237 = "stablehlo.divide"(%236, %15) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %238 = "stablehlo.broadcast_in_dim"(%237) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %239 = "stablehlo.multiply"(%238, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %240 = "stablehlo.multiply"(%238, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %241 = "stablehlo.add"(%227, %239) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %242 = "stablehlo.add"(%241, %240) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %243 = "stablehlo.divide"(%224, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %244 = "stablehlo.multiply"(%224, %12) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %245 = "stablehlo.negate"(%244) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %246 = "stablehlo.divide"(%245, %11) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t31 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %247 = "stablehlo.reduce"(%246, %t31) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t32 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t32) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %248 = "stablehlo.reshape"(%247) : (tensor<2xf32>) -> tensor<2x1xf32>
    %249 = "stablehlo.reshape"(%248) : (tensor<2x1xf32>) -> tensor<2xf32>
    %250 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %251 = "stablehlo.broadcast_in_dim"(%250) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %252 = "stablehlo.multiply"(%249, %251) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %253 = "stablehlo.divide"(%252, %6) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %254 = "stablehlo.broadcast_in_dim"(%253) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %255 = "stablehlo.multiply"(%254, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %256 = "stablehlo.multiply"(%254, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %257 = "stablehlo.add"(%243, %255) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %258 = "stablehlo.add"(%257, %256) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %259 = "stablehlo.all_reduce"(%100) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t33 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t33) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%259, %258, %242, %226, %217) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
