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
    %30 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %31 = "stablehlo.broadcast_in_dim"(%30) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %32 = "stablehlo.add"(%29, %31) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %33 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %35 = "stablehlo.divide"(%34, %32) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %36 = "stablehlo.reshape"(%35) : (tensor<2xf32>) -> tensor<2x1xf32>
    %37 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %38 = "stablehlo.multiply"(%arg1, %37) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %39 = "stablehlo.exponential"(%arg2) : (tensor<f32>) -> tensor<f32>
    %40 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %41 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %42 = "stablehlo.broadcast_in_dim"(%41) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %43 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %44 = "stablehlo.broadcast_in_dim"(%43) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %45 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<ui32>} : () -> tensor<ui32>
    %t6 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<i32>} : () -> tensor<i32>
    %46:11 = "stablehlo.while"(%t6, %40, %42, %44, %40, %38, %45, %arg0, %19, %39, %arg3) ({
    ^bb0(%w5c_0: tensor<i32>, %w5c_1: tensor<f32>, %w5c_2: tensor<2x16xf32>, %w5c_3: tensor<2x16xf32>, %w5c_4: tensor<f32>, %w5c_5: tensor<2x16xf32>, %w5c_6: tensor<ui32>, %w5c_7: tensor<2x16xf32>, %w5c_8: tensor<2xf32>, %w5c_9: tensor<f32>, %w5c_10: tensor<f32>):
    %t7 = "stablehlo.constant"() {value = dense<"0x04000000"> : tensor<i32>} : () -> tensor<i32>
    %t8 = "stablehlo.compare"(%w5c_0, %t7) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%t8) : (tensor<i1>) -> ()
    }, {
    ^bb0(%w5b_0: tensor<i32>, %w5b_1: tensor<f32>, %w5b_2: tensor<2x16xf32>, %w5b_3: tensor<2x16xf32>, %w5b_4: tensor<f32>, %w5b_5: tensor<2x16xf32>, %w5b_6: tensor<ui32>, %w5b_7: tensor<2x16xf32>, %w5b_8: tensor<2xf32>, %w5b_9: tensor<f32>, %w5b_10: tensor<f32>):
    %w5n_10 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %w5n_11 = "stablehlo.multiply"(%w5b_8, %w5n_10) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %w5n_12 = "stablehlo.broadcast_in_dim"(%w5n_11) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x2xf32>
    %w5n_13 = "stablehlo.dot_general"(%w5b_7, %w5b_5) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x2xf32>
    %w5n_14 = "stablehlo.multiply"(%w5n_13, %w5n_12) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_15 = "stablehlo.broadcast_in_dim"(%w5b_10) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w5n_16 = "stablehlo.add"(%w5n_14, %w5n_15) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_17 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x2xui32>
    %w5n_18 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x2xui32>
    %w5n_19 = "stablehlo.broadcast_in_dim"(%w5b_6) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<2x2xui32>
    %w5n_20 = "stablehlo.add"(%w5n_18, %w5n_19) : (tensor<2x2xui32>, tensor<2x2xui32>) -> tensor<2x2xui32>
    %w5n_21 = "stablehlo.compare"(%w5n_17, %w5n_20) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x2xui32>, tensor<2x2xui32>) -> tensor<2x2xi1>
    %w5n_22 = "stablehlo.convert"(%w5n_21) : (tensor<2x2xi1>) -> tensor<2x2xf32>
    %w5n_23 = "stablehlo.constant"() {value = dense<"0x00000040"> : tensor<f32>} : () -> tensor<f32>
    %w5n_24 = "stablehlo.broadcast_in_dim"(%w5n_23) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w5n_25 = "stablehlo.multiply"(%w5n_22, %w5n_24) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_26 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %w5n_27 = "stablehlo.broadcast_in_dim"(%w5n_26) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w5n_28 = "stablehlo.subtract"(%w5n_25, %w5n_27) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_29 = "stablehlo.multiply"(%w5n_16, %w5n_28) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_30 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_31 = "stablehlo.broadcast_in_dim"(%w5n_30) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w5n_32 = "stablehlo.minimum"(%w5n_29, %w5n_31) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_33 = "stablehlo.abs"(%w5n_29) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_34 = "stablehlo.negate"(%w5n_33) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_35 = "stablehlo.exponential"(%w5n_34) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_36 = "stablehlo.log_plus_one"(%w5n_35) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_37 = "stablehlo.subtract"(%w5n_32, %w5n_36) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_38 = "stablehlo.exponential_minus_one"(%w5n_37) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_39 = "stablehlo.negate"(%w5n_38) : (tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_40 = "stablehlo.multiply"(%w5n_28, %w5n_39) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_41 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %w5n_42 = "stablehlo.broadcast_in_dim"(%w5n_41) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %w5n_43 = "stablehlo.multiply"(%w5n_40, %w5n_42) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_44 = "stablehlo.broadcast_in_dim"(%w5b_8) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x2xf32>
    %w5n_45 = "stablehlo.multiply"(%w5n_43, %w5n_44) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %w5n_46 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %w5n_47 = "stablehlo.broadcast_in_dim"(%w5n_46) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %w5n_48 = "stablehlo.divide"(%w5n_47, %w5b_8) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_49 = "stablehlo.reduce"(%w5n_37, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<f32>
    %w5n_50 = "stablehlo.constant"() {value = dense<"0x000000BE"> : tensor<f32>} : () -> tensor<f32>
    %w5n_51 = "stablehlo.multiply"(%w5n_49, %w5n_50) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_52 = "stablehlo.dot_general"(%w5n_48, %w5n_45) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [0]>} : (tensor<2xf32>, tensor<2x2xf32>) -> tensor<2xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_53 = "stablehlo.reduce"(%w5n_52, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<2xf32>, tensor<f32>) -> tensor<f32>
    %w5n_54 = "stablehlo.transpose"(%w5b_7) {permutation = array<i64: 1, 0>} : (tensor<2x16xf32>) -> tensor<16x2xf32>
    %w5n_55 = "stablehlo.slice"(%w5b_2) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_56 = "stablehlo.slice"(%w5b_5) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_57:2 = "stablehlo.optimization_barrier"(%w5n_56, %w5b_2) : (tensor<2x4xf32>, tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x16xf32>)
    %w5n_58 = "stablehlo.slice"(%w5b_2) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_59 = "stablehlo.reshape"(%w5n_58) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_60 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_61 = "stablehlo.multiply"(%w5n_59, %w5n_60) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_62 = "stablehlo.broadcast_in_dim"(%w5n_61) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_63 = "stablehlo.add"(%w5n_57#0, %w5n_62) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_64 = "stablehlo.dot_general"(%w5n_45, %w5n_63) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_65 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_66 = "stablehlo.multiply"(%w5n_64, %w5n_65) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_67 = "stablehlo.add"(%w5n_55, %w5n_66) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t14 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_68 = "stablehlo.dynamic_update_slice"(%w5b_2, %w5n_67, %t13, %t14) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_69 = "stablehlo.slice"(%w5n_68) {start_indices = array<i64: 0, 4>, limit_indices = array<i64: 2, 8>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_70 = "stablehlo.slice"(%w5b_5) {start_indices = array<i64: 0, 4>, limit_indices = array<i64: 2, 8>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_71:2 = "stablehlo.optimization_barrier"(%w5n_70, %w5n_68) : (tensor<2x4xf32>, tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x16xf32>)
    %w5n_72 = "stablehlo.slice"(%w5n_68) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_73 = "stablehlo.reshape"(%w5n_72) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_74 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_75 = "stablehlo.multiply"(%w5n_73, %w5n_74) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_76 = "stablehlo.broadcast_in_dim"(%w5n_75) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_77 = "stablehlo.add"(%w5n_71#0, %w5n_76) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_78 = "stablehlo.dot_general"(%w5n_45, %w5n_77) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_79 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_80 = "stablehlo.multiply"(%w5n_78, %w5n_79) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_81 = "stablehlo.add"(%w5n_69, %w5n_80) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t16 = "stablehlo.constant"() {value = dense<"0x0400000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_82 = "stablehlo.dynamic_update_slice"(%w5n_68, %w5n_81, %t15, %t16) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_83 = "stablehlo.slice"(%w5n_82) {start_indices = array<i64: 0, 8>, limit_indices = array<i64: 2, 12>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_84 = "stablehlo.slice"(%w5b_5) {start_indices = array<i64: 0, 8>, limit_indices = array<i64: 2, 12>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_85:2 = "stablehlo.optimization_barrier"(%w5n_84, %w5n_82) : (tensor<2x4xf32>, tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x16xf32>)
    %w5n_86 = "stablehlo.slice"(%w5n_82) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_87 = "stablehlo.reshape"(%w5n_86) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_88 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_89 = "stablehlo.multiply"(%w5n_87, %w5n_88) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_90 = "stablehlo.broadcast_in_dim"(%w5n_89) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_91 = "stablehlo.add"(%w5n_85#0, %w5n_90) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_92 = "stablehlo.dot_general"(%w5n_45, %w5n_91) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_93 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_94 = "stablehlo.multiply"(%w5n_92, %w5n_93) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_95 = "stablehlo.add"(%w5n_83, %w5n_94) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t18 = "stablehlo.constant"() {value = dense<"0x0800000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_96 = "stablehlo.dynamic_update_slice"(%w5n_82, %w5n_95, %t17, %t18) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_97 = "stablehlo.slice"(%w5n_96) {start_indices = array<i64: 0, 12>, limit_indices = array<i64: 2, 16>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_98 = "stablehlo.slice"(%w5b_5) {start_indices = array<i64: 0, 12>, limit_indices = array<i64: 2, 16>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_99:2 = "stablehlo.optimization_barrier"(%w5n_98, %w5n_96) : (tensor<2x4xf32>, tensor<2x16xf32>) -> (tensor<2x4xf32>, tensor<2x16xf32>)
    %w5n_100 = "stablehlo.slice"(%w5n_96) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_101 = "stablehlo.reshape"(%w5n_100) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_102 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_103 = "stablehlo.multiply"(%w5n_101, %w5n_102) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_104 = "stablehlo.broadcast_in_dim"(%w5n_103) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_105 = "stablehlo.add"(%w5n_99#0, %w5n_104) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_106 = "stablehlo.dot_general"(%w5n_45, %w5n_105) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x2xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_107 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4xf32>
    %w5n_108 = "stablehlo.multiply"(%w5n_106, %w5n_107) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %w5n_109 = "stablehlo.add"(%w5n_97, %w5n_108) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t20 = "stablehlo.constant"() {value = dense<"0x0C00000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_110 = "stablehlo.dynamic_update_slice"(%w5n_96, %w5n_109, %t19, %t20) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_111 = "stablehlo.slice"(%w5b_3) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_112 = "stablehlo.slice"(%w5n_54) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 4, 2>, strides = array<i64: 1, 1>} : (tensor<16x2xf32>) -> tensor<4x2xf32>
    %w5n_113:2 = "stablehlo.optimization_barrier"(%w5n_112, %w5b_3) : (tensor<4x2xf32>, tensor<2x16xf32>) -> (tensor<4x2xf32>, tensor<2x16xf32>)
    %w5n_114 = "stablehlo.slice"(%w5b_3) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_115 = "stablehlo.reshape"(%w5n_114) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_116 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_117 = "stablehlo.multiply"(%w5n_115, %w5n_116) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_118 = "stablehlo.broadcast_in_dim"(%w5n_117) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_119 = "stablehlo.add"(%w5n_113#0, %w5n_118) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_120 = "stablehlo.dot_general"(%w5n_119, %w5n_45) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
    %w5n_121 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_122 = "stablehlo.multiply"(%w5n_120, %w5n_121) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_123 = "stablehlo.transpose"(%w5n_122) {permutation = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
    %w5n_124 = "stablehlo.add"(%w5n_111, %w5n_123) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t22 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_125 = "stablehlo.dynamic_update_slice"(%w5b_3, %w5n_124, %t21, %t22) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_126 = "stablehlo.slice"(%w5n_125) {start_indices = array<i64: 0, 4>, limit_indices = array<i64: 2, 8>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_127 = "stablehlo.slice"(%w5n_54) {start_indices = array<i64: 4, 0>, limit_indices = array<i64: 8, 2>, strides = array<i64: 1, 1>} : (tensor<16x2xf32>) -> tensor<4x2xf32>
    %w5n_128:2 = "stablehlo.optimization_barrier"(%w5n_127, %w5n_125) : (tensor<4x2xf32>, tensor<2x16xf32>) -> (tensor<4x2xf32>, tensor<2x16xf32>)
    %w5n_129 = "stablehlo.slice"(%w5n_125) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_130 = "stablehlo.reshape"(%w5n_129) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_131 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_132 = "stablehlo.multiply"(%w5n_130, %w5n_131) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_133 = "stablehlo.broadcast_in_dim"(%w5n_132) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_134 = "stablehlo.add"(%w5n_128#0, %w5n_133) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_135 = "stablehlo.dot_general"(%w5n_134, %w5n_45) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
    %w5n_136 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_137 = "stablehlo.multiply"(%w5n_135, %w5n_136) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_138 = "stablehlo.transpose"(%w5n_137) {permutation = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
    %w5n_139 = "stablehlo.add"(%w5n_126, %w5n_138) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t23 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t24 = "stablehlo.constant"() {value = dense<"0x0400000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_140 = "stablehlo.dynamic_update_slice"(%w5n_125, %w5n_139, %t23, %t24) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_141 = "stablehlo.slice"(%w5n_140) {start_indices = array<i64: 0, 8>, limit_indices = array<i64: 2, 12>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_142 = "stablehlo.slice"(%w5n_54) {start_indices = array<i64: 8, 0>, limit_indices = array<i64: 12, 2>, strides = array<i64: 1, 1>} : (tensor<16x2xf32>) -> tensor<4x2xf32>
    %w5n_143:2 = "stablehlo.optimization_barrier"(%w5n_142, %w5n_140) : (tensor<4x2xf32>, tensor<2x16xf32>) -> (tensor<4x2xf32>, tensor<2x16xf32>)
    %w5n_144 = "stablehlo.slice"(%w5n_140) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_145 = "stablehlo.reshape"(%w5n_144) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_146 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_147 = "stablehlo.multiply"(%w5n_145, %w5n_146) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_148 = "stablehlo.broadcast_in_dim"(%w5n_147) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_149 = "stablehlo.add"(%w5n_143#0, %w5n_148) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_150 = "stablehlo.dot_general"(%w5n_149, %w5n_45) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
    %w5n_151 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_152 = "stablehlo.multiply"(%w5n_150, %w5n_151) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_153 = "stablehlo.transpose"(%w5n_152) {permutation = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
    %w5n_154 = "stablehlo.add"(%w5n_141, %w5n_153) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t26 = "stablehlo.constant"() {value = dense<"0x0800000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_155 = "stablehlo.dynamic_update_slice"(%w5n_140, %w5n_154, %t25, %t26) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_156 = "stablehlo.slice"(%w5n_155) {start_indices = array<i64: 0, 12>, limit_indices = array<i64: 2, 16>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<2x4xf32>
    %w5n_157 = "stablehlo.slice"(%w5n_54) {start_indices = array<i64: 12, 0>, limit_indices = array<i64: 16, 2>, strides = array<i64: 1, 1>} : (tensor<16x2xf32>) -> tensor<4x2xf32>
    %w5n_158:2 = "stablehlo.optimization_barrier"(%w5n_157, %w5n_155) : (tensor<4x2xf32>, tensor<2x16xf32>) -> (tensor<4x2xf32>, tensor<2x16xf32>)
    %w5n_159 = "stablehlo.slice"(%w5n_155) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_160 = "stablehlo.reshape"(%w5n_159) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_161 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_162 = "stablehlo.multiply"(%w5n_160, %w5n_161) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_163 = "stablehlo.broadcast_in_dim"(%w5n_162) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_164 = "stablehlo.add"(%w5n_158#0, %w5n_163) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_165 = "stablehlo.dot_general"(%w5n_164, %w5n_45) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
    %w5n_166 = "stablehlo.broadcast_in_dim"(%w5b_9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x2xf32>
    %w5n_167 = "stablehlo.multiply"(%w5n_165, %w5n_166) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
    %w5n_168 = "stablehlo.transpose"(%w5n_167) {permutation = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
    %w5n_169 = "stablehlo.add"(%w5n_156, %w5n_168) : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x0000000000000000"> : tensor<i64>} : () -> tensor<i64>
    %t28 = "stablehlo.constant"() {value = dense<"0x0C00000000000000"> : tensor<i64>} : () -> tensor<i64>
    %w5n_170 = "stablehlo.dynamic_update_slice"(%w5n_155, %w5n_169, %t27, %t28) : (tensor<2x16xf32>, tensor<2x4xf32>, tensor<i64>, tensor<i64>) -> tensor<2x16xf32>
    %w5n_171 = "stablehlo.add"(%w5b_1, %w5n_51) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_172 = "stablehlo.add"(%w5b_4, %w5n_53) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_173 = "stablehlo.collective_permute"(%w5n_170) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %w5n_174:2 = "stablehlo.optimization_barrier"(%w5n_173, %w5n_173) : (tensor<2x16xf32>, tensor<2x16xf32>) -> (tensor<2x16xf32>, tensor<2x16xf32>)
    %w5n_175 = "stablehlo.slice"(%w5n_173) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_176 = "stablehlo.reshape"(%w5n_175) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_177 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_178 = "stablehlo.multiply"(%w5n_176, %w5n_177) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_179 = "stablehlo.broadcast_in_dim"(%w5n_178) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %w5n_180 = "stablehlo.add"(%w5n_174#0, %w5n_179) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w5n_181:3 = "stablehlo.optimization_barrier"(%w5b_5, %w5n_110, %w5n_180) : (tensor<2x16xf32>, tensor<2x16xf32>, tensor<2x16xf32>) -> (tensor<2x16xf32>, tensor<2x16xf32>, tensor<2x16xf32>)
    %w5n_182 = "stablehlo.slice"(%w5n_110) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_183 = "stablehlo.reshape"(%w5n_182) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_184 = "stablehlo.slice"(%w5n_180) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x16xf32>) -> tensor<1x1xf32>
    %w5n_185 = "stablehlo.reshape"(%w5n_184) : (tensor<1x1xf32>) -> tensor<f32>
    %w5n_186 = "stablehlo.add"(%w5n_183, %w5n_185) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_187 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %w5n_188 = "stablehlo.multiply"(%w5n_186, %w5n_187) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %w5n_189 = "stablehlo.broadcast_in_dim"(%w5n_188) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %w5n_190 = "stablehlo.add"(%w5n_181#0, %w5n_189) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %w5n_191 = "stablehlo.collective_permute"(%w5n_190) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2x16xf32>) -> tensor<2x16xf32>
    %w5n_192 = "stablehlo.constant"() {value = dense<"0x02000000"> : tensor<ui32>} : () -> tensor<ui32>
    %t29 = "stablehlo.constant"() {value = dense<"0x01000000"> : tensor<i32>} : () -> tensor<i32>
    %t30 = "stablehlo.add"(%w5b_0, %t29) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%t30, %w5n_171, %w5n_110, %w5n_180, %w5n_172, %w5n_191, %w5n_192, %w5b_7, %w5b_8, %w5b_9, %w5b_10) : (tensor<i32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<2x16xf32>, tensor<ui32>, tensor<2x16xf32>, tensor<2xf32>, tensor<f32>, tensor<f32>) -> ()
    }) : (tensor<i32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<2x16xf32>, tensor<ui32>, tensor<2x16xf32>, tensor<2xf32>, tensor<f32>, tensor<f32>) -> (tensor<i32>, tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<2x16xf32>, tensor<ui32>, tensor<2x16xf32>, tensor<2xf32>, tensor<f32>, tensor<f32>)
    %50 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t31 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %51 = "stablehlo.reduce"(%50, %t31) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t32 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t32) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %52 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %53 = "stablehlo.broadcast_in_dim"(%52) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %54 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %55 = "stablehlo.broadcast_in_dim"(%54) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %56 = "stablehlo.compare"(%51, %53) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
    %57 = "stablehlo.select"(%56, %51, %55) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %58 = "stablehlo.sqrt"(%57) : (tensor<2xf32>) -> tensor<2xf32>
    %59 = "stablehlo.select"(%56, %58, %53) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %60 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %61 = "stablehlo.broadcast_in_dim"(%60) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %62 = "stablehlo.add"(%59, %61) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %63 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %64 = "stablehlo.broadcast_in_dim"(%63) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %65 = "stablehlo.divide"(%64, %62) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %66 = "stablehlo.reshape"(%65) : (tensor<2xf32>) -> tensor<2x1xf32>
    %67 = "stablehlo.broadcast_in_dim"(%66) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf32>) -> tensor<2x16xf32>
    %68 = "stablehlo.multiply"(%arg0, %67) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %69 = "stablehlo.broadcast_in_dim"(%19) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %70 = "stablehlo.divide"(%46#2, %69) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %71 = "stablehlo.multiply"(%arg0, %46#2) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t33 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %72 = "stablehlo.reduce"(%71, %t33) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t34 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t34) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<f32>
    %74 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %75 = "stablehlo.broadcast_in_dim"(%74) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %76 = "stablehlo.multiply"(%70, %75) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %77 = "stablehlo.broadcast_in_dim"(%74) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x16xf32>
    %78 = "stablehlo.multiply"(%46#3, %77) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %79 = "stablehlo.multiply"(%72, %74) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %80 = "stablehlo.multiply"(%46#4, %74) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %81 = "stablehlo.multiply"(%76, %67) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %82 = "stablehlo.multiply"(%76, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t35 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %83 = "stablehlo.reduce"(%82, %t35) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t36 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t36) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %84 = "stablehlo.reshape"(%83) : (tensor<2xf32>) -> tensor<2x1xf32>
    %85 = "stablehlo.reshape"(%84) : (tensor<2x1xf32>) -> tensor<2xf32>
    %86 = "stablehlo.multiply"(%85, %65) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %87 = "stablehlo.negate"(%86) : (tensor<2xf32>) -> tensor<2xf32>
    %88 = "stablehlo.divide"(%87, %62) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %89 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %90 = "stablehlo.broadcast_in_dim"(%89) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %91 = "stablehlo.select"(%56, %88, %90) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %92 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %93 = "stablehlo.broadcast_in_dim"(%92) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %94 = "stablehlo.multiply"(%91, %93) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %95 = "stablehlo.divide"(%94, %58) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %96 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %97 = "stablehlo.broadcast_in_dim"(%96) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %98 = "stablehlo.select"(%56, %95, %97) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %99 = "stablehlo.broadcast_in_dim"(%98) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %100 = "stablehlo.multiply"(%99, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %101 = "stablehlo.multiply"(%99, %arg0) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %102 = "stablehlo.add"(%81, %100) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %103 = "stablehlo.add"(%102, %101) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %104 = "stablehlo.multiply"(%78, %37) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %105 = "stablehlo.multiply"(%78, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %t37 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %106 = "stablehlo.reduce"(%105, %t37) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t38 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t38) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x16xf32>, tensor<f32>) -> tensor<2xf32>
    %107 = "stablehlo.reshape"(%106) : (tensor<2xf32>) -> tensor<2x1xf32>
    %108 = "stablehlo.reshape"(%107) : (tensor<2x1xf32>) -> tensor<2xf32>
    %109 = "stablehlo.multiply"(%108, %35) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %110 = "stablehlo.negate"(%109) : (tensor<2xf32>) -> tensor<2xf32>
    %111 = "stablehlo.divide"(%110, %32) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %112 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %113 = "stablehlo.broadcast_in_dim"(%112) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %114 = "stablehlo.select"(%26, %111, %113) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %115 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %116 = "stablehlo.broadcast_in_dim"(%115) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %117 = "stablehlo.multiply"(%114, %116) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %118 = "stablehlo.divide"(%117, %28) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %119 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %120 = "stablehlo.broadcast_in_dim"(%119) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
    %121 = "stablehlo.select"(%26, %118, %120) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %122 = "stablehlo.broadcast_in_dim"(%121) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x16xf32>
    %123 = "stablehlo.multiply"(%122, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %124 = "stablehlo.multiply"(%122, %arg1) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %125 = "stablehlo.add"(%104, %123) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %126 = "stablehlo.add"(%125, %124) : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<2x16xf32>
    %127 = "stablehlo.all_reduce"(%46#1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t39 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t39) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<f32>) -> tensor<f32>
    "func.return"(%127, %103, %126, %79, %80) : (tensor<f32>, tensor<2x16xf32>, tensor<2x16xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
