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
    %42 = "stablehlo.all_gather"(%41) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %43 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %44 = "stablehlo.dot_general"(%22, %42) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %45 = "stablehlo.broadcast_in_dim"(%43) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %46 = "stablehlo.multiply"(%44, %45) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %47 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %48 = "stablehlo.add"(%46, %47) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %49 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x8xui32>
    %50 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %51 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %52 = "stablehlo.multiply"(%50, %51) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
    %53 = "stablehlo.broadcast_in_dim"(%52) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x8xui32>
    %54 = "stablehlo.add"(%49, %53) : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xui32>
    %55 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x8xui32>
    %56 = "stablehlo.compare"(%55, %54) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xi1>
    %57 = "stablehlo.convert"(%56) : (tensor<2x8xi1>) -> tensor<2x8xf32>
    %58 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %59 = "stablehlo.broadcast_in_dim"(%58) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %60 = "stablehlo.multiply"(%57, %59) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %61 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %62 = "stablehlo.broadcast_in_dim"(%61) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %63 = "stablehlo.subtract"(%60, %62) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %64 = "stablehlo.multiply"(%48, %63) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %65 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %66 = "stablehlo.broadcast_in_dim"(%65) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %67 = "stablehlo.minimum"(%64, %66) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %68 = "stablehlo.abs"(%64) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %69 = "stablehlo.negate"(%68) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %70 = "stablehlo.exponential"(%69) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %71 = "stablehlo.log_plus_one"(%70) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %72 = "stablehlo.subtract"(%67, %71) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %73 = "stablehlo.reduce"(%72, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %74 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %75 = "stablehlo.multiply"(%73, %74) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %76 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %77 = "stablehlo.multiply"(%76, %74) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %78 = "stablehlo.broadcast_in_dim"(%77) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %79 = "stablehlo.negate"(%78) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %80 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %81 = "stablehlo.broadcast_in_dim"(%80) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %82 = "stablehlo.add"(%70, %81) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %83 = "stablehlo.divide"(%79, %82) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %84 = "stablehlo.multiply"(%83, %70) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %85 = "stablehlo.negate"(%84) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %86 = "stablehlo.sign"(%64) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %87 = "stablehlo.multiply"(%85, %86) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %88 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %89 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %90 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %91 = "stablehlo.broadcast_in_dim"(%90) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %92 = "stablehlo.multiply"(%78, %91) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %93 = "stablehlo.compare"(%64, %66) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xi1>
    %94 = "stablehlo.compare"(%64, %66) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xi1>
    %95 = "stablehlo.select"(%94, %92, %89) : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %96 = "stablehlo.select"(%93, %78, %95) : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %97 = "stablehlo.add"(%87, %96) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %98 = "stablehlo.multiply"(%97, %63) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %99 = "stablehlo.reduce"(%98, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %100 = "stablehlo.multiply"(%98, %45) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %101 = "stablehlo.multiply"(%98, %44) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %102 = "stablehlo.reduce"(%101, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %103 = "stablehlo.dot_general"(%100, %42) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %104 = "stablehlo.dot_general"(%22, %100) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x8xf32>) -> tensor<16x8xf32>
    %105 = "stablehlo.transpose"(%104) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %106 = "stablehlo.multiply"(%102, %43) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %107 = "stablehlo.all_reduce"(%105) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t11 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t11) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %108 = "stablehlo.reshape"(%107) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %109 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %110 = "stablehlo.broadcast_in_dim"(%109) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %111 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %112 = "stablehlo.compare"(%111, %110) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %113 = "stablehlo.convert"(%112) : (tensor<4xi1>) -> tensor<4xf32>
    %114 = "stablehlo.dot_general"(%108, %113) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %115 = "stablehlo.multiply"(%114, %40) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %116 = "stablehlo.multiply"(%114, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t12 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %117 = "stablehlo.reduce"(%116, %t12) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t13 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t13) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %118 = "stablehlo.reshape"(%117) : (tensor<2xf32>) -> tensor<2x1xf32>
    %119 = "stablehlo.reshape"(%118) : (tensor<2x1xf32>) -> tensor<2xf32>
    %120 = "stablehlo.multiply"(%119, %38) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %121 = "stablehlo.negate"(%120) : (tensor<2xf32>) -> tensor<2xf32>
    %122 = "stablehlo.divide"(%121, %35) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %123 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %124 = "stablehlo.broadcast_in_dim"(%123) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %125 = "stablehlo.select"(%29, %122, %124) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %126 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %127 = "stablehlo.broadcast_in_dim"(%126) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %128 = "stablehlo.multiply"(%125, %127) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %129 = "stablehlo.divide"(%128, %31) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %130 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %131 = "stablehlo.broadcast_in_dim"(%130) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %132 = "stablehlo.select"(%29, %129, %131) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %133 = "stablehlo.broadcast_in_dim"(%132) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %134 = "stablehlo.multiply"(%133, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %135 = "stablehlo.multiply"(%133, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %136 = "stablehlo.add"(%115, %134) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %137 = "stablehlo.add"(%136, %135) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %138 = "stablehlo.multiply"(%103, %21) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %139 = "stablehlo.multiply"(%103, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t14 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %140 = "stablehlo.reduce"(%139, %t14) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t15 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t15) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %141 = "stablehlo.reshape"(%140) : (tensor<2xf32>) -> tensor<2x1xf32>
    %142 = "stablehlo.reshape"(%141) : (tensor<2x1xf32>) -> tensor<2xf32>
    %143 = "stablehlo.multiply"(%142, %19) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %144 = "stablehlo.negate"(%143) : (tensor<2xf32>) -> tensor<2xf32>
    %145 = "stablehlo.divide"(%144, %16) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %146 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %147 = "stablehlo.broadcast_in_dim"(%146) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %148 = "stablehlo.select"(%10, %145, %147) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %149 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %150 = "stablehlo.broadcast_in_dim"(%149) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %151 = "stablehlo.multiply"(%148, %150) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %152 = "stablehlo.divide"(%151, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %153 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %154 = "stablehlo.broadcast_in_dim"(%153) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %155 = "stablehlo.select"(%10, %152, %154) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %156 = "stablehlo.broadcast_in_dim"(%155) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %157 = "stablehlo.multiply"(%156, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %158 = "stablehlo.multiply"(%156, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %159 = "stablehlo.add"(%138, %157) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %160 = "stablehlo.add"(%159, %158) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %161 = "stablehlo.all_reduce"(%75) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%161, %160, %137, %106, %99) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
