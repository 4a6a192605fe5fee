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
    %36 = "stablehlo.all_gather"(%35) {all_gather_dim = 0 : i64, replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2x16xf32>) -> tensor<8x16xf32>
    %37 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %38 = "stablehlo.dot_general"(%19, %36) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<8x16xf32>) -> tensor<2x8xf32>
    %39 = "stablehlo.broadcast_in_dim"(%37) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %40 = "stablehlo.multiply"(%38, %39) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %41 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %42 = "stablehlo.add"(%40, %41) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %43 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x8xui32>
    %44 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %45 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %46 = "stablehlo.multiply"(%44, %45) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
    %47 = "stablehlo.broadcast_in_dim"(%46) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x8xui32>
    %48 = "stablehlo.add"(%43, %47) : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xui32>
    %49 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x8xui32>
    %50 = "stablehlo.compare"(%49, %48) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x8xui32>, tensor<2x8xui32>) -> tensor<2x8xi1>
    %51 = "stablehlo.convert"(%50) : (tensor<2x8xi1>) -> tensor<2x8xf32>
    %52 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %53 = "stablehlo.broadcast_in_dim"(%52) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %54 = "stablehlo.multiply"(%51, %53) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %55 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %56 = "stablehlo.broadcast_in_dim"(%55) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %57 = "stablehlo.subtract"(%54, %56) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %58 = "stablehlo.multiply"(%42, %57) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %59 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %60 = "stablehlo.broadcast_in_dim"(%59) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %61 = "stablehlo.minimum"(%58, %60) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %62 = "stablehlo.abs"(%58) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %63 = "stablehlo.negate"(%62) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %64 = "stablehlo.exponential"(%63) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %65 = "stablehlo.log_plus_one"(%64) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %66 = "stablehlo.subtract"(%61, %65) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %67 = "stablehlo.reduce"(%66, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %68 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %69 = "stablehlo.multiply"(%67, %68) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %70 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %71 = "stablehlo.multiply"(%70, %68) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %72 = "stablehlo.broadcast_in_dim"(%71) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %73 = "stablehlo.negate"(%72) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %74 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %75 = "stablehlo.broadcast_in_dim"(%74) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %76 = "stablehlo.add"(%64, %75) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %77 = "stablehlo.divide"(%73, %76) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %78 = "stablehlo.multiply"(%77, %64) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %79 = "stablehlo.negate"(%78) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %80 = "stablehlo.sign"(%58) : (tensor<2x8xf32>) -> tensor<2x8xf32>
    %81 = "stablehlo.multiply"(%79, %80) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %82 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %83 = "stablehlo.broadcast_in_dim"(%82) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %84 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %85 = "stablehlo.broadcast_in_dim"(%84) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x8xf32>
    %86 = "stablehlo.multiply"(%72, %85) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %87 = "stablehlo.compare"(%58, %60) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xi1>
    %88 = "stablehlo.compare"(%58, %60) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xi1>
    %89 = "stablehlo.select"(%88, %86, %83) : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %90 = "stablehlo.select"(%87, %72, %89) : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %91 = "stablehlo.add"(%81, %90) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %92 = "stablehlo.multiply"(%91, %57) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %93 = "stablehlo.reduce"(%92, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %94 = "stablehlo.multiply"(%92, %39) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %95 = "stablehlo.multiply"(%92, %38) : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %96 = "stablehlo.reduce"(%95, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x8xf32>, tensor<f32>) -> tensor<f32>
    %97 = "stablehlo.dot_general"(%94, %36) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x8xf32>, tensor<8x16xf32>) -> tensor<2x16xf32>
    %98 = "stablehlo.dot_general"(%19, %94) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x16xf32>, tensor<2x8xf32>) -> tensor<16x8xf32>
    %99 = "stablehlo.transpose"(%98) {permutation = array<i64: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    %100 = "stablehlo.multiply"(%96, %37) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %101 = "stablehlo.all_reduce"(%99) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t11 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t11) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %102 = "stablehlo.reshape"(%101) : (tensor<8x16xf32>) -> tensor<4x2x16xf32>
    %103 = "stablehlo.replica_id"() : () -> tensor<ui32>
    %104 = "stablehlo.broadcast_in_dim"(%103) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<4xui32>
    %105 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
    %106 = "stablehlo.compare"(%105, %104) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
    %107 = "stablehlo.convert"(%106) : (tensor<4xi1>) -> tensor<4xf32>
    %108 = "stablehlo.dot_general"(%102, %107) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<4x2x16xf32>, tensor<4xf32>) -> tensor<2x16xf32>
    %109 = "stablehlo.divide"(%108, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %110 = "stablehlo.multiply"(%108, %35) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %111 = "stablehlo.negate"(%110) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %112 = "stablehlo.divide"(%111, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t12 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %113 = "stablehlo.reduce"(%112, %t12) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t13 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t13) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %114 = "stablehlo.reshape"(%113) : (tensor<2xf32>) -> tensor<2x1xf32>
    %115 = "stablehlo.reshape"(%114) : (tensor<2x1xf32>) -> tensor<2xf32>
    %116 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %117 = "stablehlo.broadcast_in_dim"(%116) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %118 = "stablehlo.select"(%26, %115, %117) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %119 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %120 = "stablehlo.broadcast_in_dim"(%119) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %121 = "stablehlo.multiply"(%118, %120) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %122 = "stablehlo.divide"(%121, %28) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %123 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %124 = "stablehlo.broadcast_in_dim"(%123) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %125 = "stablehlo.select"(%26, %122, %124) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %126 = "stablehlo.broadcast_in_dim"(%125) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %127 = "stablehlo.multiply"(%126, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %128 = "stablehlo.multiply"(%126, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %129 = "stablehlo.add"(%109, %127) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %130 = "stablehlo.add"(%129, %128) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %131 = "stablehlo.divide"(%97, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %132 = "stablehlo.multiply"(%97, %19) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %133 = "stablehlo.negate"(%132) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %134 = "stablehlo.divide"(%133, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t14 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %135 = "stablehlo.reduce"(%134, %t14) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t15 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t15) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %136 = "stablehlo.reshape"(%135) : (tensor<2xf32>) -> tensor<2x1xf32>
    %137 = "stablehlo.reshape"(%136) : (tensor<2x1xf32>) -> tensor<2xf32>
    %138 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %139 = "stablehlo.broadcast_in_dim"(%138) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %140 = "stablehlo.select"(%10, %137, %139) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %141 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %142 = "stablehlo.broadcast_in_dim"(%141) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %143 = "stablehlo.multiply"(%140, %142) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %144 = "stablehlo.divide"(%143, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %145 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %146 = "stablehlo.broadcast_in_dim"(%145) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %147 = "stablehlo.select"(%10, %144, %146) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %148 = "stablehlo.broadcast_in_dim"(%147) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %149 = "stablehlo.multiply"(%148, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %150 = "stablehlo.multiply"(%148, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %151 = "stablehlo.add"(%131, %149) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %152 = "stablehlo.add"(%151, %150) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %153 = "stablehlo.all_reduce"(%69) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%153, %152, %130, %100, %93) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
