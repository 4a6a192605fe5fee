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
    %53 = "stablehlo.negate"(%52) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %54 = "stablehlo.logistic"(%53) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %55 = "stablehlo.multiply"(%51, %54) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %56 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %57 = "stablehlo.broadcast_in_dim"(%56) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %58 = "stablehlo.multiply"(%55, %57) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %59 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %60 = "stablehlo.broadcast_in_dim"(%59) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %61 = "stablehlo.minimum"(%52, %60) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %62 = "stablehlo.abs"(%52) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %63 = "stablehlo.negate"(%62) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %64 = "stablehlo.exponential"(%63) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %65 = "stablehlo.log_plus_one"(%64) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %66 = "stablehlo.subtract"(%61, %65) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %67 = "stablehlo.reduce"(%66, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %68 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %69 = "stablehlo.multiply"(%67, %68) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %70 = "stablehlo.dot_general"(%58, %35) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %71 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %72 = "stablehlo.multiply"(%70, %71) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %73 = "stablehlo.dot_general"(%58, %19) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %74 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %75 = "stablehlo.multiply"(%73, %74) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %76 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %77 = "stablehlo.subtract"(%41, %76) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %78 = "stablehlo.multiply"(%58, %77) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %79 = "stablehlo.reduce"(%78, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %80 = "stablehlo.reduce"(%58, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %t12 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<i32>} : () -> tensor<i32>
    %81:10 = "stablehlo.while"(%t12, %69, %72, %75, %79, %80, %35, %19, %36, %arg3) ({
    ^bb0(%w11c_0: tensor<i32>, %w11c_1: tensor<f32>, %w11c_2: tensor<2x16xf32>, %w11c_3: tensor<2x16xf32>, %w11c_4: tensor<f32>, %w11c_5: tensor<f32>, %w11c_6: tensor<2x16xf32>, %w11c_7: tensor<2x16xf32>, %w11c_8: tensor<f32>, %w11c_9: tensor<f32>):
    %t13 = "stablehlo.constant"() {value = dense<"0x03000000"> : tensor<i32>} : () -> tensor<i32>
    %t14 = "stablehlo.compare"(%w11c_0, %t13) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%t14) : (tensor<i1>) -> ()
    }, {
    ^bb0(%w11b_0: tensor<i32>, %w11b_1: tensor<f32>, %w11b_2: tensor<2x16xf32>, %w11b_3: tensor<2x16xf32>, %w11b_4: tensor<f32>, %w11b_5: tensor<f32>, %w11b_6: tensor<2x16xf32>, %w11b_7: tensor<2x16xf32>, %w11b_8: tensor<f32>, %w11b_9: tensor<f32>):
    %w11n_9 = "stablehlo.collective_permute"(%w11b_6) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_10 = "stablehlo.collective_permute"(%w11b_3) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_11 = "stablehlo.dot_general"(%w11b_7, %w11n_9) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %w11n_12 = "stablehlo.broadcast_in_dim"(%w11b_8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w11n_13 = "stablehlo.multiply"(%w11n_11, %w11n_12) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_14 = "stablehlo.broadcast_in_dim"(%w11b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w11n_15 = "stablehlo.add"(%w11n_13, %w11n_14) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_16 = "stablehlo.constant"() {value = dense<"0x000080BF"> : tensor<f32>} : () -> tensor<f32>
    %w11n_17 = "stablehlo.broadcast_in_dim"(%w11n_16) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w11n_18 = "stablehlo.multiply"(%w11n_15, %w11n_17) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_19 = "stablehlo.negate"(%w11n_18) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_20 = "stablehlo.logistic"(%w11n_19) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_21 = "stablehlo.multiply"(%w11n_17, %w11n_20) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_22 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %w11n_23 = "stablehlo.broadcast_in_dim"(%w11n_22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w11n_24 = "stablehlo.multiply"(%w11n_21, %w11n_23) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w11n_26 = "stablehlo.broadcast_in_dim"(%w11n_25) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w11n_27 = "stablehlo.minimum"(%w11n_18, %w11n_26) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_28 = "stablehlo.abs"(%w11n_18) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_29 = "stablehlo.negate"(%w11n_28) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_30 = "stablehlo.exponential"(%w11n_29) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_31 = "stablehlo.log_plus_one"(%w11n_30) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_32 = "stablehlo.subtract"(%w11n_27, %w11n_31) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w11n_33 = "stablehlo.reduce"(%w11n_32, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %w11n_34 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %w11n_35 = "stablehlo.multiply"(%w11n_33, %w11n_34) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w11n_36 = "stablehlo.dot_general"(%w11n_24, %w11n_9) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_37 = "stablehlo.broadcast_in_dim"(%w11b_8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %w11n_38 = "stablehlo.multiply"(%w11n_36, %w11n_37) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_39 = "stablehlo.dot_general"(%w11n_24, %w11b_7) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_40 = "stablehlo.broadcast_in_dim"(%w11b_8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %w11n_41 = "stablehlo.multiply"(%w11n_39, %w11n_40) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_42 = "stablehlo.broadcast_in_dim"(%w11b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w11n_43 = "stablehlo.subtract"(%w11n_15, %w11n_42) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w11n_44 = "stablehlo.multiply"(%w11n_24, %w11n_43) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w11n_45 = "stablehlo.reduce"(%w11n_44, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w11n_46 = "stablehlo.reduce"(%w11n_24, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %w11n_47 = "stablehlo.add"(%w11n_10, %w11n_41) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_48 = "stablehlo.add"(%w11b_1, %w11n_35) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w11n_49 = "stablehlo.add"(%w11b_2, %w11n_38) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w11n_50 = "stablehlo.add"(%w11b_4, %w11n_45) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w11n_51 = "stablehlo.add"(%w11b_5, %w11n_46) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %t21 = "stablehlo.constant"() {value = dense<"0x01000000"> : tensor<i32>} : () -> tensor<i32>
    %t22 = "stablehlo.add"(%w11b_0, %t21) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%t22, %w11n_48, %w11n_49, %w11n_47, %w11n_50, %w11n_51, %w11n_9, %w11b_7, %w11b_8, %w11b_9) : (tensor<i32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
    }) : (tensor<i32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> (tensor<i32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>)
    %86 = "stablehlo.collective_permute"(%81#3) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %88 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %89 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %90 = "stablehlo.multiply"(%81#2, %89) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %91 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %92 = "stablehlo.multiply"(%86, %91) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %93 = "stablehlo.multiply"(%81#4, %88) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %94 = "stablehlo.multiply"(%81#5, %88) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %95 = "stablehlo.divide"(%92, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %96 = "stablehlo.multiply"(%92, %35) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %97 = "stablehlo.negate"(%96) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %98 = "stablehlo.divide"(%97, %34) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t23 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %99 = "stablehlo.reduce"(%98, %t23) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %100 = "stablehlo.reshape"(%99) : (tensor<2xf32>) -> tensor<2x1xf32>
    %101 = "stablehlo.reshape"(%100) : (tensor<2x1xf32>) -> tensor<2xf32>
    %102 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %103 = "stablehlo.broadcast_in_dim"(%102) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %104 = "stablehlo.select"(%26, %101, %103) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %105 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %106 = "stablehlo.broadcast_in_dim"(%105) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %107 = "stablehlo.multiply"(%104, %106) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %108 = "stablehlo.divide"(%107, %28) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %109 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %110 = "stablehlo.broadcast_in_dim"(%109) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %111 = "stablehlo.select"(%26, %108, %110) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %112 = "stablehlo.broadcast_in_dim"(%111) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %113 = "stablehlo.multiply"(%112, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %114 = "stablehlo.multiply"(%112, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %115 = "stablehlo.add"(%95, %113) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %116 = "stablehlo.add"(%115, %114) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %117 = "stablehlo.divide"(%90, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %118 = "stablehlo.multiply"(%90, %19) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %119 = "stablehlo.negate"(%118) : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %120 = "stablehlo.divide"(%119, %18) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %121 = "stablehlo.reduce"(%120, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %122 = "stablehlo.reshape"(%121) : (tensor<2xf32>) -> tensor<2x1xf32>
    %123 = "stablehlo.reshape"(%122) : (tensor<2x1xf32>) -> tensor<2xf32>
    %124 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %125 = "stablehlo.broadcast_in_dim"(%124) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %126 = "stablehlo.select"(%10, %123, %125) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %127 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %128 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %129 = "stablehlo.multiply"(%126, %128) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %130 = "stablehlo.divide"(%129, %12) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %131 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %132 = "stablehlo.broadcast_in_dim"(%131) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %133 = "stablehlo.select"(%10, %130, %132) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %134 = "stablehlo.broadcast_in_dim"(%133) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %135 = "stablehlo.multiply"(%134, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %136 = "stablehlo.multiply"(%134, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %137 = "stablehlo.add"(%117, %135) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %138 = "stablehlo.add"(%137, %136) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %139 = "stablehlo.all_reduce"(%81#1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t27 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t27) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%139, %138, %116, %93, %94) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
