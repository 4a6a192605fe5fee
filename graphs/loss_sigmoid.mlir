module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%arg0: tensor<8x16xf32>, %arg1: tensor<8x16xf32>, %arg2: tensor<f32>, %arg3: tensor<f32>) -> (tensor<f32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<f32>, tensor<f32>) {
    %4 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t1 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.reduce"(%4, %t1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t2 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t2) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %6 = "stablehlo.sqrt"(%5) : (tensor<8xf32>) -> tensor<8xf32>
    %7 = "stablehlo.reshape"(%6) : (tensor<8xf32>) -> tensor<8x1xf32>
    %8 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x1xf32>
    %10 = "stablehlo.add"(%7, %9) : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
    %11 = "stablehlo.broadcast_in_dim"(%10) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8x1xf32>) -> tensor<8x16xf32>
    %12 = "stablehlo.divide"(%arg0, %11) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %13 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t3 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %14 = "stablehlo.reduce"(%13, %t3) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t4 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t4) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %15 = "stablehlo.sqrt"(%14) : (tensor<8xf32>) -> tensor<8xf32>
    %16 = "stablehlo.reshape"(%15) : (tensor<8xf32>) -> tensor<8x1xf32>
    %17 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x1xf32>
    %19 = "stablehlo.add"(%16, %18) : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
    %20 = "stablehlo.broadcast_in_dim"(%19) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<8x1xf32>) -> tensor<8x16xf32>
    %21 = "stablehlo.divide"(%arg1, %20) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %22 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %23 = "stablehlo.dot_general"(%12, %21) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x8xf32>
    %24 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %25 = "stablehlo.multiply"(%23, %24) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %26 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %27 = "stablehlo.add"(%25, %26) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %28 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<8x8xui32>
    %29 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<8x8xui32>
    %30 = "stablehlo.compare"(%28, %29) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<8x8xui32>, tensor<8x8xui32>) -> tensor<8x8xi1>
    %31 = "stablehlo.convert"(%30) : (tensor<8x8xi1>) -> tensor<8x8xf32>
    %32 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %33 = "stablehlo.broadcast_in_dim"(%32) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %34 = "stablehlo.multiply"(%31, %33) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %35 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %36 = "stablehlo.broadcast_in_dim"(%35) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %37 = "stablehlo.subtract"(%34, %36) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %38 = "stablehlo.multiply"(%27, %37) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %39 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %40 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %41 = "stablehlo.minimum"(%38, %40) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %42 = "stablehlo.abs"(%38) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %43 = "stablehlo.negate"(%42) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %44 = "stablehlo.exponential"(%43) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %45 = "stablehlo.log_plus_one"(%44) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %46 = "stablehlo.subtract"(%41, %45) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %47 = "stablehlo.reduce"(%46, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %48 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %49 = "stablehlo.multiply"(%47, %48) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %50 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %51 = "stablehlo.multiply"(%50, %48) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %52 = "stablehlo.broadcast_in_dim"(%51) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %53 = "stablehlo.negate"(%52) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %54 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %55 = "stablehlo.broadcast_in_dim"(%54) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %56 = "stablehlo.add"(%44, %55) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %57 = "stablehlo.divide"(%53, %56) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %58 = "stablehlo.multiply"(%57, %44) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %59 = "stablehlo.negate"(%58) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %60 = "stablehlo.sign"(%38) : (tensor<8x8xf32>) -> tensor<8x8xf32>
    %61 = "stablehlo.multiply"(%59, %60) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %62 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %63 = "stablehlo.broadcast_in_dim"(%62) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %64 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %65 = "stablehlo.broadcast_in_dim"(%64) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8x8xf32>
    %66 = "stablehlo.multiply"(%52, %65) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %67 = "stablehlo.compare"(%38, %40) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xi1>
    %68 = "stablehlo.compare"(%38, %40) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xi1>
    %69 = "stablehlo.select"(%68, %66, %63) : (tensor<8x8xi1>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %70 = "stablehlo.select"(%67, %52, %69) : (tensor<8x8xi1>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %71 = "stablehlo.add"(%61, %70) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %72 = "stablehlo.multiply"(%71, %37) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %73 = "stablehlo.reduce"(%72, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %74 = "stablehlo.multiply"(%72, %24) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %75 = "stablehlo.multiply"(%72, %23) : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %76 = "stablehlo.reduce"(%75, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<8x8xf32>, tensor<f32>) -> tensor<f32>
    %77 = "stablehlo.dot_general"(%74, %21) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %78 = "stablehlo.dot_general"(%74, %12) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<8x8xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %79 = "stablehlo.multiply"(%76, %22) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %80 = "stablehlo.divide"(%78, %20) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %81 = "stablehlo.multiply"(%78, %21) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %82 = "stablehlo.negate"(%81) : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %83 = "stablehlo.divide"(%82, %20) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %84 = "stablehlo.reduce"(%83, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %85 = "stablehlo.reshape"(%84) : (tensor<8xf32>) -> tensor<8x1xf32>
    %86 = "stablehlo.reshape"(%85) : (tensor<8x1xf32>) -> tensor<8xf32>
    %87 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %88 = "stablehlo.broadcast_in_dim"(%87) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %89 = "stablehlo.multiply"(%86, %88) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %90 = "stablehlo.divide"(%89, %15) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %91 = "stablehlo.broadcast_in_dim"(%90) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %92 = "stablehlo.multiply"(%91, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %93 = "stablehlo.multiply"(%91, %arg1) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %94 = "stablehlo.add"(%80, %92) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %95 = "stablehlo.add"(%94, %93) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %96 = "stablehlo.divide"(%77, %11) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %97 = "stablehlo.multiply"(%77, %12) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %98 = "stablehlo.negate"(%97) : (tensor<8x16xf32>) -> tensor<8x16xf32>
    %99 = "stablehlo.divide"(%98, %11) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %100 = "stablehlo.reduce"(%99, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<8x16xf32>, tensor<f32>) -> tensor<8xf32>
    %101 = "stablehlo.reshape"(%100) : (tensor<8xf32>) -> tensor<8x1xf32>
    %102 = "stablehlo.reshape"(%101) : (tensor<8x1xf32>) -> tensor<8xf32>
    %103 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %104 = "stablehlo.broadcast_in_dim"(%103) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
    %105 = "stablehlo.multiply"(%102, %104) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %106 = "stablehlo.divide"(%105, %6) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    %107 = "stablehlo.broadcast_in_dim"(%106) {broadcast_dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<8x16xf32>
    %108 = "stablehlo.multiply"(%107, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %109 = "stablehlo.multiply"(%107, %arg0) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %110 = "stablehlo.add"(%96, %108) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %111 = "stablehlo.add"(%110, %109) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    "func.return"(%49, %111, %95, %79, %73) : (tensor<f32>, tensor<8x16xf32>, tensor<8x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
