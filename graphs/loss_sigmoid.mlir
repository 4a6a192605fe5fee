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
    %53 = "stablehlo.negate"(%52) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %54 = "stablehlo.logistic"(%53) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %55 = "stablehlo.multiply"(%51, %54) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %56 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %57 = "stablehlo.broadcast_in_dim"(%56) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %58 = "stablehlo.multiply"(%55, %57) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %59 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %60 = "stablehlo.broadcast_in_dim"(%59) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %61 = "stablehlo.minimum"(%52, %60) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %62 = "stablehlo.abs"(%52) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %63 = "stablehlo.negate"(%62) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %64 = "stablehlo.exponential"(%63) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %65 = "stablehlo.log_plus_one"(%64) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %66 = "stablehlo.subtract"(%61, %65) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %67 = "stablehlo.reduce"(%66, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %68 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %69 = "stablehlo.multiply"(%67, %68) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %70 = "stablehlo.dot_general"(%58, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %71 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %72 = "stablehlo.multiply"(%70, %71) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %73 = "stablehlo.dot_general"(%58, %19) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %74 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %75 = "stablehlo.multiply"(%73, %74) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %76 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %77 = "stablehlo.subtract"(%41, %76) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %78 = "stablehlo.multiply"(%58, %77) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %79 = "stablehlo.reduce"(%78, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %80 = "stablehlo.reduce"(%58, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %82 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %83 = "stablehlo.broadcast_in_dim"(%82) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %84 = "stablehlo.multiply"(%72, %83) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %85 = "stablehlo.broadcast_in_dim"(%82) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x16xf32>
    %86 = "stablehlo.multiply"(%75, %85) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %87 = "stablehlo.multiply"(%79, %82) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %88 = "stablehlo.multiply"(%80, %82) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %89 = "stablehlo.divide"(%86, %34) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %90 = "stablehlo.multiply"(%86, %35) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %91 = "stablehlo.negate"(%90) : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %92 = "stablehlo.divide"(%91, %34) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %93 = "stablehlo.reduce"(%92, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %94 = "stablehlo.reshape"(%93) : (tensor<8xf32>) -> tensor<8x1xf32>
    %95 = "stablehlo.reshape"(%94) : (tensor<8x1xf32>) -> tensor<8xf32>
    %96 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %97 = "stablehlo.broadcast_in_dim"(%96) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %98 = "stablehlo.select"(%26, %95, %97) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %99 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %100 = "stablehlo.broadcast_in_dim"(%99) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %101 = "stablehlo.multiply"(%98, %100) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %102 = "stablehlo.divide"(%101, %28) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %103 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %104 = "stablehlo.broadcast_in_dim"(%103) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %105 = "stablehlo.select"(%26, %102, %104) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %106 = "stablehlo.broadcast_in_dim"(%105) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %107 = "stablehlo.multiply"(%106, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %108 = "stablehlo.multiply"(%106, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %109 = "stablehlo.add"(%89, %107) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %110 = "stablehlo.add"(%109, %108) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %111 = "stablehlo.divide"(%84, %18) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %112 = "stablehlo.multiply"(%84, %19) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %113 = "stablehlo.negate"(%112) : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %114 = "stablehlo.divide"(%113, %18) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %115 = "stablehlo.reduce"(%114, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %116 = "stablehlo.reshape"(%115) : (tensor<8xf32>) -> tensor<8x1xf32>
    %117 = "stablehlo.reshape"(%116) : (tensor<8x1xf32>) -> tensor<8xf32>
    %118 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %119 = "stablehlo.broadcast_in_dim"(%118) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %120 = "stablehlo.select"(%10, %117, %119) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %121 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %122 = "stablehlo.broadcast_in_dim"(%121) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %123 = "stablehlo.multiply"(%120, %122) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %124 = "stablehlo.divide"(%123, %12) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %125 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %126 = "stablehlo.broadcast_in_dim"(%125) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %127 = "stablehlo.select"(%10, %124, %126) : (tensor<8xi1>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %128 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %129 = "stablehlo.multiply"(%128, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %130 = "stablehlo.multiply"(%128, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %131 = "stablehlo.add"(%111, %129) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %132 = "stablehlo.add"(%131, %130) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    "func.return"(%69, %132, %110, %87, %88) : (tensor<f32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
