module @siglip attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%arg0: tensor<f32>, %arg1: tensor<16xf32>, %arg2: tensor<16xf32>, %arg3: tensor<32xf32>, %arg4: tensor<16x32xf32>, %arg5: tensor<16xf32>, %arg6: tensor<32x16xf32>, %arg7: tensor<2x8xf32>, %arg8: tensor<16x2x8xf32>, %arg9: tensor<16xf32>, %arg10: tensor<2x8x16xf32>, %arg11: tensor<2x8xf32>, %arg12: tensor<16x2x8xf32>, %arg13: tensor<2x8xf32>, %arg14: tensor<16x2x8xf32>, %arg15: tensor<1x1x16xf32>, %arg16: tensor<16xf32>, %arg17: tensor<16xf32>, %arg18: tensor<16xf32>, %arg19: tensor<16xf32>, %arg20: tensor<16xf32>, %arg21: tensor<16xf32>, %arg22: tensor<32xf32>, %arg23: tensor<16x32xf32>, %arg24: tensor<16xf32>, %arg25: tensor<32x16xf32>, %arg26: tensor<2x8xf32>, %arg27: tensor<16x2x8xf32>, %arg28: tensor<16xf32>, %arg29: tensor<2x8x16xf32>, %arg30: tensor<2x8xf32>, %arg31: tensor<16x2x8xf32>, %arg32: tensor<2x8xf32>, %arg33: tensor<16x2x8xf32>, %arg34: tensor<16xf32>, %arg35: tensor<16xf32>, %arg36: tensor<16xf32>, %arg37: tensor<16xf32>, %arg38: tensor<32xf32>, %arg39: tensor<16x32xf32>, %arg40: tensor<16xf32>, %arg41: tensor<32x16xf32>, %arg42: tensor<2x8xf32>, %arg43: tensor<16x2x8xf32>, %arg44: tensor<16xf32>, %arg45: tensor<2x8x16xf32>, %arg46: tensor<2x8xf32>, %arg47: tensor<16x2x8xf32>, %arg48: tensor<2x8xf32>, %arg49: tensor<16x2x8xf32>, %arg50: tensor<16xf32>, %arg51: tensor<8x8x3x16xf32>, %arg52: tensor<1x4x16xf32>, %arg53: tensor<f32>, %arg54: tensor<32x16xf32>, %arg55: tensor<16xf32>, %arg56: tensor<16xf32>, %arg57: tensor<16xf32>, %arg58: tensor<16xf32>, %arg59: tensor<16xf32>, %arg60: tensor<16xf32>, %arg61: tensor<32xf32>, %arg62: tensor<16x32xf32>, %arg63: tensor<16xf32>, %arg64: tensor<32x16xf32>, %arg65: tensor<2x8xf32>, %arg66: tensor<16x2x8xf32>, %arg67: tensor<16xf32>, %arg68: tensor<2x8x16xf32>, %arg69: tensor<2x8xf32>, %arg70: tensor<16x2x8xf32>, %arg71: tensor<2x8xf32>, %arg72: tensor<16x2x8xf32>, %arg73: tensor<16xf32>, %arg74: tensor<16xf32>, %arg75: tensor<16xf32>, %arg76: tensor<16xf32>, %arg77: tensor<32xf32>, %arg78: tensor<16x32xf32>, %arg79: tensor<16xf32>, %arg80: tensor<32x16xf32>, %arg81: tensor<2x8xf32>, %arg82: tensor<16x2x8xf32>, %arg83: tensor<16xf32>, %arg84: tensor<2x8x16xf32>, %arg85: tensor<2x8xf32>, %arg86: tensor<16x2x8xf32>, %arg87: tensor<2x8xf32>, %arg88: tensor<16x2x8xf32>, %arg89: tensor<16xf32>, %arg90: tensor<16x16xf32>, %arg91: tensor<1x8x16xf32>, %arg92: tensor<4x16x16x3xf32>, %arg93: tensor<4x8xi32>) -> (tensor<4x4xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
    %94 = "stablehlo.reshape"(%arg92) : (tensor<4x16x16x3xf32>) -> tensor<4x2x8x2x8x3xf32>
    %95 = "stablehlo.transpose"(%94) {permutation = array<i64: 0, 1, 3, 2, 4, 5>} : (tensor<4x2x8x2x8x3xf32>) -> tensor<4x2x2x8x8x3xf32>
    %96 = "stablehlo.reshape"(%95) : (tensor<4x2x2x8x8x3xf32>) -> tensor<4x4x192xf32>
    %97 = "stablehlo.reshape"(%arg51) : (tensor<8x8x3x16xf32>) -> tensor<192x16xf32>
    %98 = "stablehlo.dot_general"(%96, %97) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x192xf32>, tensor<192x16xf32>) -> tensor<4x4x16xf32>
    %99 = "stablehlo.broadcast_in_dim"(%arg50) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %100 = "stablehlo.add"(%98, %99) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %101 = "stablehlo.broadcast_in_dim"(%arg52) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<1x4x16xf32>) -> tensor<4x4x16xf32>
    %102 = "stablehlo.add"(%100, %101) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t1 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %103 = "stablehlo.reduce"(%102, %t1) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t2 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t2) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %104 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %105 = "stablehlo.broadcast_in_dim"(%104) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %106 = "stablehlo.multiply"(%103, %105) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %107 = "stablehlo.reshape"(%106) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %108 = "stablehlo.broadcast_in_dim"(%107) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %109 = "stablehlo.subtract"(%102, %108) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %110 = "stablehlo.multiply"(%109, %109) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t3 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %111 = "stablehlo.reduce"(%110, %t3) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t4 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t4) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %112 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %113 = "stablehlo.broadcast_in_dim"(%112) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %114 = "stablehlo.multiply"(%111, %113) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %115 = "stablehlo.reshape"(%114) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %116 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %117 = "stablehlo.broadcast_in_dim"(%116) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %118 = "stablehlo.add"(%115, %117) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %119 = "stablehlo.rsqrt"(%118) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %120 = "stablehlo.broadcast_in_dim"(%119) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %121 = "stablehlo.multiply"(%109, %120) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %122 = "stablehlo.broadcast_in_dim"(%arg19) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %123 = "stablehlo.multiply"(%121, %122) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %124 = "stablehlo.broadcast_in_dim"(%arg18) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %125 = "stablehlo.add"(%123, %124) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %126 = "stablehlo.reshape"(%arg31) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %127 = "stablehlo.reshape"(%arg30) : (tensor<2x8xf32>) -> tensor<16xf32>
    %128 = "stablehlo.dot_general"(%125, %126) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %129 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %130 = "stablehlo.add"(%128, %129) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %131 = "stablehlo.reshape"(%130) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %132 = "stablehlo.reshape"(%arg27) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %133 = "stablehlo.reshape"(%arg26) : (tensor<2x8xf32>) -> tensor<16xf32>
    %134 = "stablehlo.dot_general"(%125, %132) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %135 = "stablehlo.broadcast_in_dim"(%133) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %136 = "stablehlo.add"(%134, %135) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %137 = "stablehlo.reshape"(%136) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %138 = "stablehlo.reshape"(%arg33) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %139 = "stablehlo.reshape"(%arg32) : (tensor<2x8xf32>) -> tensor<16xf32>
    %140 = "stablehlo.dot_general"(%125, %138) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %141 = "stablehlo.broadcast_in_dim"(%139) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %142 = "stablehlo.add"(%140, %141) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %143 = "stablehlo.reshape"(%142) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %144 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %145 = "stablehlo.broadcast_in_dim"(%144) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x2x8xf32>
    %146 = "stablehlo.multiply"(%131, %145) : (tensor<4x4x2x8xf32>, tensor<4x4x2x8xf32>) -> tensor<4x4x2x8xf32>
    %147 = "stablehlo.dot_general"(%146, %137) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 2], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x4x2x8xf32>, tensor<4x4x2x8xf32>) -> tensor<4x2x4x4xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %148 = "stablehlo.reduce"(%147, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %150 = "stablehlo.reshape"(%148) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %151 = "stablehlo.broadcast_in_dim"(%150) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %152 = "stablehlo.subtract"(%147, %151) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %153 = "stablehlo.exponential"(%152) : (tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %154 = "stablehlo.reduce"(%153, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %155 = "stablehlo.reshape"(%154) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %156 = "stablehlo.broadcast_in_dim"(%155) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %157 = "stablehlo.divide"(%153, %156) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %158 = "stablehlo.dot_general"(%157, %143) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [1]>} : (tensor<4x2x4x4xf32>, tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %159 = "stablehlo.transpose"(%158) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x4x8xf32>) -> tensor<4x4x2x8xf32>
    %160 = "stablehlo.reshape"(%arg29) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %161 = "stablehlo.reshape"(%159) : (tensor<4x4x2x8xf32>) -> tensor<4x4x16xf32>
    %162 = "stablehlo.dot_general"(%161, %160) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %163 = "stablehlo.broadcast_in_dim"(%arg28) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %164 = "stablehlo.add"(%162, %163) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %165 = "stablehlo.add"(%102, %164) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %166 = "stablehlo.reduce"(%165, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %167 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %168 = "stablehlo.broadcast_in_dim"(%167) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %169 = "stablehlo.multiply"(%166, %168) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %170 = "stablehlo.reshape"(%169) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %171 = "stablehlo.broadcast_in_dim"(%170) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %172 = "stablehlo.subtract"(%165, %171) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %173 = "stablehlo.multiply"(%172, %172) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %174 = "stablehlo.reduce"(%173, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %175 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %176 = "stablehlo.broadcast_in_dim"(%175) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %177 = "stablehlo.multiply"(%174, %176) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %178 = "stablehlo.reshape"(%177) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %179 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %180 = "stablehlo.broadcast_in_dim"(%179) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %181 = "stablehlo.add"(%178, %180) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %182 = "stablehlo.rsqrt"(%181) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %183 = "stablehlo.broadcast_in_dim"(%182) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %184 = "stablehlo.multiply"(%172, %183) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %185 = "stablehlo.broadcast_in_dim"(%arg21) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %186 = "stablehlo.multiply"(%184, %185) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %187 = "stablehlo.broadcast_in_dim"(%arg20) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %188 = "stablehlo.add"(%186, %187) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %189 = "stablehlo.dot_general"(%188, %arg23) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x32xf32>) -> tensor<4x4x32xf32>
    %190 = "stablehlo.broadcast_in_dim"(%arg22) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x4x32xf32>
    %191 = "stablehlo.add"(%189, %190) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %192 = "stablehlo.multiply"(%191, %191) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %193 = "stablehlo.multiply"(%192, %191) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %194 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %195 = "stablehlo.broadcast_in_dim"(%194) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %196 = "stablehlo.multiply"(%193, %195) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %197 = "stablehlo.add"(%191, %196) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %198 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %199 = "stablehlo.broadcast_in_dim"(%198) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %200 = "stablehlo.multiply"(%197, %199) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %201 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %202 = "stablehlo.broadcast_in_dim"(%201) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %203 = "stablehlo.multiply"(%191, %202) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %204 = "stablehlo.tanh"(%200) : (tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %205 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %206 = "stablehlo.broadcast_in_dim"(%205) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %207 = "stablehlo.add"(%204, %206) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %208 = "stablehlo.multiply"(%203, %207) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %209 = "stablehlo.dot_general"(%208, %arg25) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x32xf32>, tensor<32x16xf32>) -> tensor<4x4x16xf32>
    %210 = "stablehlo.broadcast_in_dim"(%arg24) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %211 = "stablehlo.add"(%209, %210) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %212 = "stablehlo.add"(%165, %211) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %213 = "stablehlo.reduce"(%212, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %214 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %215 = "stablehlo.broadcast_in_dim"(%214) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %216 = "stablehlo.multiply"(%213, %215) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %217 = "stablehlo.reshape"(%216) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %218 = "stablehlo.broadcast_in_dim"(%217) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %219 = "stablehlo.subtract"(%212, %218) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %220 = "stablehlo.multiply"(%219, %219) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %221 = "stablehlo.reduce"(%220, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %222 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %223 = "stablehlo.broadcast_in_dim"(%222) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %224 = "stablehlo.multiply"(%221, %223) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %225 = "stablehlo.reshape"(%224) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %226 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %227 = "stablehlo.broadcast_in_dim"(%226) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %228 = "stablehlo.add"(%225, %227) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %229 = "stablehlo.rsqrt"(%228) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %230 = "stablehlo.broadcast_in_dim"(%229) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %231 = "stablehlo.multiply"(%219, %230) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %232 = "stablehlo.broadcast_in_dim"(%arg35) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %233 = "stablehlo.multiply"(%231, %232) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %234 = "stablehlo.broadcast_in_dim"(%arg34) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %235 = "stablehlo.add"(%233, %234) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %236 = "stablehlo.reshape"(%arg47) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %237 = "stablehlo.reshape"(%arg46) : (tensor<2x8xf32>) -> tensor<16xf32>
    %238 = "stablehlo.dot_general"(%235, %236) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %239 = "stablehlo.broadcast_in_dim"(%237) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %240 = "stablehlo.add"(%238, %239) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %241 = "stablehlo.reshape"(%240) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %242 = "stablehlo.reshape"(%arg43) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %243 = "stablehlo.reshape"(%arg42) : (tensor<2x8xf32>) -> tensor<16xf32>
    %244 = "stablehlo.dot_general"(%235, %242) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %245 = "stablehlo.broadcast_in_dim"(%243) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %246 = "stablehlo.add"(%244, %245) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %247 = "stablehlo.reshape"(%246) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %248 = "stablehlo.reshape"(%arg49) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %249 = "stablehlo.reshape"(%arg48) : (tensor<2x8xf32>) -> tensor<16xf32>
    %250 = "stablehlo.dot_general"(%235, %248) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %251 = "stablehlo.broadcast_in_dim"(%249) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %252 = "stablehlo.add"(%250, %251) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %253 = "stablehlo.reshape"(%252) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %254 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %255 = "stablehlo.broadcast_in_dim"(%254) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x2x8xf32>
    %256 = "stablehlo.multiply"(%241, %255) : (tensor<4x4x2x8xf32>, tensor<4x4x2x8xf32>) -> tensor<4x4x2x8xf32>
    %257 = "stablehlo.dot_general"(%256, %247) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 2], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x4x2x8xf32>, tensor<4x4x2x8xf32>) -> tensor<4x2x4x4xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %258 = "stablehlo.reduce"(%257, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %260 = "stablehlo.reshape"(%258) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %261 = "stablehlo.broadcast_in_dim"(%260) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %262 = "stablehlo.subtract"(%257, %261) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %263 = "stablehlo.exponential"(%262) : (tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %264 = "stablehlo.reduce"(%263, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %265 = "stablehlo.reshape"(%264) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %266 = "stablehlo.broadcast_in_dim"(%265) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %267 = "stablehlo.divide"(%263, %266) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %268 = "stablehlo.dot_general"(%267, %253) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [1]>} : (tensor<4x2x4x4xf32>, tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %269 = "stablehlo.transpose"(%268) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x4x8xf32>) -> tensor<4x4x2x8xf32>
    %270 = "stablehlo.reshape"(%arg45) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %271 = "stablehlo.reshape"(%269) : (tensor<4x4x2x8xf32>) -> tensor<4x4x16xf32>
    %272 = "stablehlo.dot_general"(%271, %270) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %273 = "stablehlo.broadcast_in_dim"(%arg44) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %274 = "stablehlo.add"(%272, %273) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %275 = "stablehlo.add"(%212, %274) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %276 = "stablehlo.reduce"(%275, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %277 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %278 = "stablehlo.broadcast_in_dim"(%277) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %279 = "stablehlo.multiply"(%276, %278) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %280 = "stablehlo.reshape"(%279) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %281 = "stablehlo.broadcast_in_dim"(%280) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %282 = "stablehlo.subtract"(%275, %281) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %283 = "stablehlo.multiply"(%282, %282) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t23 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %284 = "stablehlo.reduce"(%283, %t23) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %285 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %286 = "stablehlo.broadcast_in_dim"(%285) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %287 = "stablehlo.multiply"(%284, %286) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %288 = "stablehlo.reshape"(%287) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %289 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %290 = "stablehlo.broadcast_in_dim"(%289) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %291 = "stablehlo.add"(%288, %290) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %292 = "stablehlo.rsqrt"(%291) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %293 = "stablehlo.broadcast_in_dim"(%292) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %294 = "stablehlo.multiply"(%282, %293) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %295 = "stablehlo.broadcast_in_dim"(%arg37) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %296 = "stablehlo.multiply"(%294, %295) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %297 = "stablehlo.broadcast_in_dim"(%arg36) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %298 = "stablehlo.add"(%296, %297) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %299 = "stablehlo.dot_general"(%298, %arg39) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x32xf32>) -> tensor<4x4x32xf32>
    %300 = "stablehlo.broadcast_in_dim"(%arg38) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x4x32xf32>
    %301 = "stablehlo.add"(%299, %300) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %302 = "stablehlo.multiply"(%301, %301) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %303 = "stablehlo.multiply"(%302, %301) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %304 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %305 = "stablehlo.broadcast_in_dim"(%304) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %306 = "stablehlo.multiply"(%303, %305) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %307 = "stablehlo.add"(%301, %306) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %308 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %309 = "stablehlo.broadcast_in_dim"(%308) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %310 = "stablehlo.multiply"(%307, %309) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %311 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %312 = "stablehlo.broadcast_in_dim"(%311) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %313 = "stablehlo.multiply"(%301, %312) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %314 = "stablehlo.tanh"(%310) : (tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %315 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %316 = "stablehlo.broadcast_in_dim"(%315) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %317 = "stablehlo.add"(%314, %316) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %318 = "stablehlo.multiply"(%313, %317) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %319 = "stablehlo.dot_general"(%318, %arg41) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x32xf32>, tensor<32x16xf32>) -> tensor<4x4x16xf32>
    %320 = "stablehlo.broadcast_in_dim"(%arg40) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %321 = "stablehlo.add"(%319, %320) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %322 = "stablehlo.add"(%275, %321) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %323 = "stablehlo.reduce"(%322, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %324 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %325 = "stablehlo.broadcast_in_dim"(%324) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %326 = "stablehlo.multiply"(%323, %325) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %327 = "stablehlo.reshape"(%326) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %328 = "stablehlo.broadcast_in_dim"(%327) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %329 = "stablehlo.subtract"(%322, %328) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %330 = "stablehlo.multiply"(%329, %329) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %331 = "stablehlo.reduce"(%330, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %332 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %333 = "stablehlo.broadcast_in_dim"(%332) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %334 = "stablehlo.multiply"(%331, %333) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %335 = "stablehlo.reshape"(%334) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %336 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %337 = "stablehlo.broadcast_in_dim"(%336) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %338 = "stablehlo.add"(%335, %337) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %339 = "stablehlo.rsqrt"(%338) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %340 = "stablehlo.broadcast_in_dim"(%339) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %341 = "stablehlo.multiply"(%329, %340) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %342 = "stablehlo.broadcast_in_dim"(%arg17) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %343 = "stablehlo.multiply"(%341, %342) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %344 = "stablehlo.broadcast_in_dim"(%arg16) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %345 = "stablehlo.add"(%343, %344) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %346 = "stablehlo.broadcast_in_dim"(%arg15) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<1x1x16xf32>) -> tensor<4x1x16xf32>
    %347 = "stablehlo.reshape"(%arg12) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %348 = "stablehlo.reshape"(%arg11) : (tensor<2x8xf32>) -> tensor<16xf32>
    %349 = "stablehlo.dot_general"(%346, %347) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %350 = "stablehlo.broadcast_in_dim"(%348) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %351 = "stablehlo.add"(%349, %350) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %352 = "stablehlo.reshape"(%351) : (tensor<4x1x16xf32>) -> tensor<4x1x2x8xf32>
    %353 = "stablehlo.reshape"(%arg8) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %354 = "stablehlo.reshape"(%arg7) : (tensor<2x8xf32>) -> tensor<16xf32>
    %355 = "stablehlo.dot_general"(%345, %353) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %356 = "stablehlo.broadcast_in_dim"(%354) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %357 = "stablehlo.add"(%355, %356) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %358 = "stablehlo.reshape"(%357) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %359 = "stablehlo.reshape"(%arg14) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %360 = "stablehlo.reshape"(%arg13) : (tensor<2x8xf32>) -> tensor<16xf32>
    %361 = "stablehlo.dot_general"(%345, %359) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %362 = "stablehlo.broadcast_in_dim"(%360) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %363 = "stablehlo.add"(%361, %362) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %364 = "stablehlo.reshape"(%363) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %365 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %366 = "stablehlo.broadcast_in_dim"(%365) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x2x8xf32>
    %367 = "stablehlo.multiply"(%352, %366) : (tensor<4x1x2x8xf32>, tensor<4x1x2x8xf32>) -> tensor<4x1x2x8xf32>
    %368 = "stablehlo.dot_general"(%367, %358) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 2], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x1x2x8xf32>, tensor<4x4x2x8xf32>) -> tensor<4x2x1x4xf32>
    %t29 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %369 = "stablehlo.reduce"(%368, %t29) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t30 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t30) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x4xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %371 = "stablehlo.reshape"(%369) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %372 = "stablehlo.broadcast_in_dim"(%371) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x4xf32>
    %373 = "stablehlo.subtract"(%368, %372) : (tensor<4x2x1x4xf32>, tensor<4x2x1x4xf32>) -> tensor<4x2x1x4xf32>
    %374 = "stablehlo.exponential"(%373) : (tensor<4x2x1x4xf32>) -> tensor<4x2x1x4xf32>
    %t31 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %375 = "stablehlo.reduce"(%374, %t31) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t32 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t32) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x4xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %376 = "stablehlo.reshape"(%375) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %377 = "stablehlo.broadcast_in_dim"(%376) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x4xf32>
    %378 = "stablehlo.divide"(%374, %377) : (tensor<4x2x1x4xf32>, tensor<4x2x1x4xf32>) -> tensor<4x2x1x4xf32>
    %379 = "stablehlo.dot_general"(%378, %364) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [1]>} : (tensor<4x2x1x4xf32>, tensor<4x4x2x8xf32>) -> tensor<4x2x1x8xf32>
    %380 = "stablehlo.transpose"(%379) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x1x8xf32>) -> tensor<4x1x2x8xf32>
    %381 = "stablehlo.reshape"(%arg10) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %382 = "stablehlo.reshape"(%380) : (tensor<4x1x2x8xf32>) -> tensor<4x1x16xf32>
    %383 = "stablehlo.dot_general"(%382, %381) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %384 = "stablehlo.broadcast_in_dim"(%arg9) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %385 = "stablehlo.add"(%383, %384) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t33 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %386 = "stablehlo.reduce"(%385, %t33) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t34 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t34) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %387 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %388 = "stablehlo.broadcast_in_dim"(%387) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %389 = "stablehlo.multiply"(%386, %388) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %390 = "stablehlo.reshape"(%389) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %391 = "stablehlo.broadcast_in_dim"(%390) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %392 = "stablehlo.subtract"(%385, %391) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %393 = "stablehlo.multiply"(%392, %392) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t35 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %394 = "stablehlo.reduce"(%393, %t35) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t36 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t36) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %395 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %396 = "stablehlo.broadcast_in_dim"(%395) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %397 = "stablehlo.multiply"(%394, %396) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %398 = "stablehlo.reshape"(%397) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %399 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %400 = "stablehlo.broadcast_in_dim"(%399) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x1xf32>
    %401 = "stablehlo.add"(%398, %400) : (tensor<4x1x1xf32>, tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %402 = "stablehlo.rsqrt"(%401) : (tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %403 = "stablehlo.broadcast_in_dim"(%402) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %404 = "stablehlo.multiply"(%392, %403) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %405 = "stablehlo.broadcast_in_dim"(%arg2) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %406 = "stablehlo.multiply"(%404, %405) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %407 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %408 = "stablehlo.add"(%406, %407) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %409 = "stablehlo.dot_general"(%408, %arg4) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x32xf32>) -> tensor<4x1x32xf32>
    %410 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x1x32xf32>
    %411 = "stablehlo.add"(%409, %410) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %412 = "stablehlo.multiply"(%411, %411) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %413 = "stablehlo.multiply"(%412, %411) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %414 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %415 = "stablehlo.broadcast_in_dim"(%414) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %416 = "stablehlo.multiply"(%413, %415) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %417 = "stablehlo.add"(%411, %416) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %418 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %419 = "stablehlo.broadcast_in_dim"(%418) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %420 = "stablehlo.multiply"(%417, %419) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %421 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %422 = "stablehlo.broadcast_in_dim"(%421) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %423 = "stablehlo.multiply"(%411, %422) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %424 = "stablehlo.tanh"(%420) : (tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %425 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %426 = "stablehlo.broadcast_in_dim"(%425) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %427 = "stablehlo.add"(%424, %426) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %428 = "stablehlo.multiply"(%423, %427) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %429 = "stablehlo.dot_general"(%428, %arg6) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x32xf32>, tensor<32x16xf32>) -> tensor<4x1x16xf32>
    %430 = "stablehlo.broadcast_in_dim"(%arg5) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %431 = "stablehlo.add"(%429, %430) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %432 = "stablehlo.add"(%385, %431) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %433 = "stablehlo.reshape"(%432) : (tensor<4x1x16xf32>) -> tensor<4x16xf32>
    %434 = "stablehlo.gather"(%arg54, %arg93) {dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, slice_sizes = array<i64: 1, 16>, indices_are_sorted = false} : (tensor<32x16xf32>, tensor<4x8xi32>) -> tensor<4x8x16xf32>
    %435 = "stablehlo.slice"(%arg91) {start_indices = array<i64: 0, 0, 0>, limit_indices = array<i64: 1, 8, 16>, strides = array<i64: 1, 1, 1>} : (tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
    %436 = "stablehlo.broadcast_in_dim"(%435) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<1x8x16xf32>) -> tensor<4x8x16xf32>
    %437 = "stablehlo.add"(%434, %436) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t37 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %438 = "stablehlo.reduce"(%437, %t37) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t38 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t38) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %439 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %440 = "stablehlo.broadcast_in_dim"(%439) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %441 = "stablehlo.multiply"(%438, %440) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %442 = "stablehlo.reshape"(%441) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %443 = "stablehlo.broadcast_in_dim"(%442) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %444 = "stablehlo.subtract"(%437, %443) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %445 = "stablehlo.multiply"(%444, %444) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t39 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %446 = "stablehlo.reduce"(%445, %t39) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t40 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t40) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %447 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %448 = "stablehlo.broadcast_in_dim"(%447) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %449 = "stablehlo.multiply"(%446, %448) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %450 = "stablehlo.reshape"(%449) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %451 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %452 = "stablehlo.broadcast_in_dim"(%451) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x1xf32>
    %453 = "stablehlo.add"(%450, %452) : (tensor<4x8x1xf32>, tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %454 = "stablehlo.rsqrt"(%453) : (tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %455 = "stablehlo.broadcast_in_dim"(%454) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %456 = "stablehlo.multiply"(%444, %455) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %457 = "stablehlo.broadcast_in_dim"(%arg58) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %458 = "stablehlo.multiply"(%456, %457) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %459 = "stablehlo.broadcast_in_dim"(%arg57) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %460 = "stablehlo.add"(%458, %459) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %461 = "stablehlo.reshape"(%arg70) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %462 = "stablehlo.reshape"(%arg69) : (tensor<2x8xf32>) -> tensor<16xf32>
    %463 = "stablehlo.dot_general"(%460, %461) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %464 = "stablehlo.broadcast_in_dim"(%462) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %465 = "stablehlo.add"(%463, %464) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %466 = "stablehlo.reshape"(%465) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %467 = "stablehlo.reshape"(%arg66) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %468 = "stablehlo.reshape"(%arg65) : (tensor<2x8xf32>) -> tensor<16xf32>
    %469 = "stablehlo.dot_general"(%460, %467) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %470 = "stablehlo.broadcast_in_dim"(%468) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %471 = "stablehlo.add"(%469, %470) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %472 = "stablehlo.reshape"(%471) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %473 = "stablehlo.reshape"(%arg72) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %474 = "stablehlo.reshape"(%arg71) : (tensor<2x8xf32>) -> tensor<16xf32>
    %475 = "stablehlo.dot_general"(%460, %473) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %476 = "stablehlo.broadcast_in_dim"(%474) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %477 = "stablehlo.add"(%475, %476) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %478 = "stablehlo.reshape"(%477) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %479 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %480 = "stablehlo.broadcast_in_dim"(%479) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x2x8xf32>
    %481 = "stablehlo.multiply"(%466, %480) : (tensor<4x8x2x8xf32>, tensor<4x8x2x8xf32>) -> tensor<4x8x2x8xf32>
    %482 = "stablehlo.dot_general"(%481, %472) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 2], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x8x2x8xf32>, tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %t41 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %483 = "stablehlo.reduce"(%482, %t41) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t42 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t42) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x8x8xf32>, tensor<f32>) -> tensor<4x2x8xf32>
    %485 = "stablehlo.reshape"(%483) : (tensor<4x2x8xf32>) -> tensor<4x2x8x1xf32>
    %486 = "stablehlo.broadcast_in_dim"(%485) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x8x1xf32>) -> tensor<4x2x8x8xf32>
    %487 = "stablehlo.subtract"(%482, %486) : (tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %488 = "stablehlo.exponential"(%487) : (tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %t43 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %489 = "stablehlo.reduce"(%488, %t43) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t44 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t44) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x8x8xf32>, tensor<f32>) -> tensor<4x2x8xf32>
    %490 = "stablehlo.reshape"(%489) : (tensor<4x2x8xf32>) -> tensor<4x2x8x1xf32>
    %491 = "stablehlo.broadcast_in_dim"(%490) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x8x1xf32>) -> tensor<4x2x8x8xf32>
    %492 = "stablehlo.divide"(%488, %491) : (tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %493 = "stablehlo.dot_general"(%492, %478) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [1]>} : (tensor<4x2x8x8xf32>, tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %494 = "stablehlo.transpose"(%493) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x8x8xf32>) -> tensor<4x8x2x8xf32>
    %495 = "stablehlo.reshape"(%arg68) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %496 = "stablehlo.reshape"(%494) : (tensor<4x8x2x8xf32>) -> tensor<4x8x16xf32>
    %497 = "stablehlo.dot_general"(%496, %495) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %498 = "stablehlo.broadcast_in_dim"(%arg67) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %499 = "stablehlo.add"(%497, %498) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %500 = "stablehlo.add"(%437, %499) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t45 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %501 = "stablehlo.reduce"(%500, %t45) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t46 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t46) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %502 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %503 = "stablehlo.broadcast_in_dim"(%502) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %504 = "stablehlo.multiply"(%501, %503) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %505 = "stablehlo.reshape"(%504) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %506 = "stablehlo.broadcast_in_dim"(%505) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %507 = "stablehlo.subtract"(%500, %506) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %508 = "stablehlo.multiply"(%507, %507) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t47 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %509 = "stablehlo.reduce"(%508, %t47) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t48 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t48) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %510 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %511 = "stablehlo.broadcast_in_dim"(%510) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %512 = "stablehlo.multiply"(%509, %511) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %513 = "stablehlo.reshape"(%512) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %514 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %515 = "stablehlo.broadcast_in_dim"(%514) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x1xf32>
    %516 = "stablehlo.add"(%513, %515) : (tensor<4x8x1xf32>, tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %517 = "stablehlo.rsqrt"(%516) : (tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %518 = "stablehlo.broadcast_in_dim"(%517) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %519 = "stablehlo.multiply"(%507, %518) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %520 = "stablehlo.broadcast_in_dim"(%arg60) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %521 = "stablehlo.multiply"(%519, %520) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %522 = "stablehlo.broadcast_in_dim"(%arg59) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %523 = "stablehlo.add"(%521, %522) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %524 = "stablehlo.dot_general"(%523, %arg62) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x32xf32>) -> tensor<4x8x32xf32>
    %525 = "stablehlo.broadcast_in_dim"(%arg61) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x8x32xf32>
    %526 = "stablehlo.add"(%524, %525) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %527 = "stablehlo.multiply"(%526, %526) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %528 = "stablehlo.multiply"(%527, %526) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %529 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %530 = "stablehlo.broadcast_in_dim"(%529) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %531 = "stablehlo.multiply"(%528, %530) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %532 = "stablehlo.add"(%526, %531) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %533 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %534 = "stablehlo.broadcast_in_dim"(%533) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %535 = "stablehlo.multiply"(%532, %534) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %536 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %537 = "stablehlo.broadcast_in_dim"(%536) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %538 = "stablehlo.multiply"(%526, %537) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %539 = "stablehlo.tanh"(%535) : (tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %540 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %541 = "stablehlo.broadcast_in_dim"(%540) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %542 = "stablehlo.add"(%539, %541) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %543 = "stablehlo.multiply"(%538, %542) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %544 = "stablehlo.dot_general"(%543, %arg64) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x32xf32>, tensor<32x16xf32>) -> tensor<4x8x16xf32>
    %545 = "stablehlo.broadcast_in_dim"(%arg63) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %546 = "stablehlo.add"(%544, %545) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %547 = "stablehlo.add"(%500, %546) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t49 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %548 = "stablehlo.reduce"(%547, %t49) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t50 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t50) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %549 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %550 = "stablehlo.broadcast_in_dim"(%549) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %551 = "stablehlo.multiply"(%548, %550) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %552 = "stablehlo.reshape"(%551) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %553 = "stablehlo.broadcast_in_dim"(%552) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %554 = "stablehlo.subtract"(%547, %553) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %555 = "stablehlo.multiply"(%554, %554) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t51 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %556 = "stablehlo.reduce"(%555, %t51) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t52 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t52) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %557 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %558 = "stablehlo.broadcast_in_dim"(%557) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %559 = "stablehlo.multiply"(%556, %558) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %560 = "stablehlo.reshape"(%559) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %561 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %562 = "stablehlo.broadcast_in_dim"(%561) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x1xf32>
    %563 = "stablehlo.add"(%560, %562) : (tensor<4x8x1xf32>, tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %564 = "stablehlo.rsqrt"(%563) : (tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %565 = "stablehlo.broadcast_in_dim"(%564) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %566 = "stablehlo.multiply"(%554, %565) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %567 = "stablehlo.broadcast_in_dim"(%arg74) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %568 = "stablehlo.multiply"(%566, %567) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %569 = "stablehlo.broadcast_in_dim"(%arg73) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %570 = "stablehlo.add"(%568, %569) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %571 = "stablehlo.slice"(%547) {start_indices = array<i64: 0, 7, 0>, limit_indices = array<i64: 4, 8, 16>, strides = array<i64: 1, 1, 1>} : (tensor<4x8x16xf32>) -> tensor<4x1x16xf32>
    %572 = "stablehlo.slice"(%570) {start_indices = array<i64: 0, 7, 0>, limit_indices = array<i64: 4, 8, 16>, strides = array<i64: 1, 1, 1>} : (tensor<4x8x16xf32>) -> tensor<4x1x16xf32>
    %573 = "stablehlo.reshape"(%arg86) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %574 = "stablehlo.reshape"(%arg85) : (tensor<2x8xf32>) -> tensor<16xf32>
    %575 = "stablehlo.dot_general"(%572, %573) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %576 = "stablehlo.broadcast_in_dim"(%574) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %577 = "stablehlo.add"(%575, %576) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %578 = "stablehlo.reshape"(%577) : (tensor<4x1x16xf32>) -> tensor<4x1x2x8xf32>
    %579 = "stablehlo.reshape"(%arg82) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %580 = "stablehlo.reshape"(%arg81) : (tensor<2x8xf32>) -> tensor<16xf32>
    %581 = "stablehlo.dot_general"(%570, %579) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %582 = "stablehlo.broadcast_in_dim"(%580) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %583 = "stablehlo.add"(%581, %582) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %584 = "stablehlo.reshape"(%583) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %585 = "stablehlo.reshape"(%arg88) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %586 = "stablehlo.reshape"(%arg87) : (tensor<2x8xf32>) -> tensor<16xf32>
    %587 = "stablehlo.dot_general"(%570, %585) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %588 = "stablehlo.broadcast_in_dim"(%586) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %589 = "stablehlo.add"(%587, %588) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %590 = "stablehlo.reshape"(%589) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %591 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %592 = "stablehlo.broadcast_in_dim"(%591) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x2x8xf32>
    %593 = "stablehlo.multiply"(%578, %592) : (tensor<4x1x2x8xf32>, tensor<4x1x2x8xf32>) -> tensor<4x1x2x8xf32>
    %594 = "stablehlo.dot_general"(%593, %584) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 2], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x1x2x8xf32>, tensor<4x8x2x8xf32>) -> tensor<4x2x1x8xf32>
    %t53 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %595 = "stablehlo.reduce"(%594, %t53) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t54 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t54) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x8xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %597 = "stablehlo.reshape"(%595) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %598 = "stablehlo.broadcast_in_dim"(%597) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x8xf32>
    %599 = "stablehlo.subtract"(%594, %598) : (tensor<4x2x1x8xf32>, tensor<4x2x1x8xf32>) -> tensor<4x2x1x8xf32>
    %600 = "stablehlo.exponential"(%599) : (tensor<4x2x1x8xf32>) -> tensor<4x2x1x8xf32>
    %t55 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %601 = "stablehlo.reduce"(%600, %t55) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t56 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t56) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x8xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %602 = "stablehlo.reshape"(%601) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %603 = "stablehlo.broadcast_in_dim"(%602) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x8xf32>
    %604 = "stablehlo.divide"(%600, %603) : (tensor<4x2x1x8xf32>, tensor<4x2x1x8xf32>) -> tensor<4x2x1x8xf32>
    %605 = "stablehlo.dot_general"(%604, %590) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 2], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [1]>} : (tensor<4x2x1x8xf32>, tensor<4x8x2x8xf32>) -> tensor<4x2x1x8xf32>
    %606 = "stablehlo.transpose"(%605) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x1x8xf32>) -> tensor<4x1x2x8xf32>
    %607 = "stablehlo.reshape"(%arg84) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %608 = "stablehlo.reshape"(%606) : (tensor<4x1x2x8xf32>) -> tensor<4x1x16xf32>
    %609 = "stablehlo.dot_general"(%608, %607) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %610 = "stablehlo.broadcast_in_dim"(%arg83) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %611 = "stablehlo.add"(%609, %610) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %612 = "stablehlo.add"(%571, %611) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t57 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %613 = "stablehlo.reduce"(%612, %t57) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t58 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t58) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %614 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %615 = "stablehlo.broadcast_in_dim"(%614) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %616 = "stablehlo.multiply"(%613, %615) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %617 = "stablehlo.reshape"(%616) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %618 = "stablehlo.broadcast_in_dim"(%617) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %619 = "stablehlo.subtract"(%612, %618) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %620 = "stablehlo.multiply"(%619, %619) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t59 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %621 = "stablehlo.reduce"(%620, %t59) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t60 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t60) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %622 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %623 = "stablehlo.broadcast_in_dim"(%622) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %624 = "stablehlo.multiply"(%621, %623) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %625 = "stablehlo.reshape"(%624) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %626 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %627 = "stablehlo.broadcast_in_dim"(%626) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x1xf32>
    %628 = "stablehlo.add"(%625, %627) : (tensor<4x1x1xf32>, tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %629 = "stablehlo.rsqrt"(%628) : (tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %630 = "stablehlo.broadcast_in_dim"(%629) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %631 = "stablehlo.multiply"(%619, %630) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %632 = "stablehlo.broadcast_in_dim"(%arg76) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %633 = "stablehlo.multiply"(%631, %632) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %634 = "stablehlo.broadcast_in_dim"(%arg75) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %635 = "stablehlo.add"(%633, %634) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %636 = "stablehlo.dot_general"(%635, %arg78) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x32xf32>) -> tensor<4x1x32xf32>
    %637 = "stablehlo.broadcast_in_dim"(%arg77) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x1x32xf32>
    %638 = "stablehlo.add"(%636, %637) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %639 = "stablehlo.multiply"(%638, %638) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %640 = "stablehlo.multiply"(%639, %638) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %641 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %642 = "stablehlo.broadcast_in_dim"(%641) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %643 = "stablehlo.multiply"(%640, %642) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %644 = "stablehlo.add"(%638, %643) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %645 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %646 = "stablehlo.broadcast_in_dim"(%645) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %647 = "stablehlo.multiply"(%644, %646) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %648 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %649 = "stablehlo.broadcast_in_dim"(%648) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %650 = "stablehlo.multiply"(%638, %649) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %651 = "stablehlo.tanh"(%647) : (tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %652 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %653 = "stablehlo.broadcast_in_dim"(%652) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %654 = "stablehlo.add"(%651, %653) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %655 = "stablehlo.multiply"(%650, %654) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %656 = "stablehlo.dot_general"(%655, %arg80) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x32xf32>, tensor<32x16xf32>) -> tensor<4x1x16xf32>
    %657 = "stablehlo.broadcast_in_dim"(%arg79) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %658 = "stablehlo.add"(%656, %657) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %659 = "stablehlo.add"(%612, %658) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t61 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %660 = "stablehlo.reduce"(%659, %t61) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t62 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t62) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %661 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %662 = "stablehlo.broadcast_in_dim"(%661) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %663 = "stablehlo.multiply"(%660, %662) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %664 = "stablehlo.reshape"(%663) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %665 = "stablehlo.broadcast_in_dim"(%664) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %666 = "stablehlo.subtract"(%659, %665) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %667 = "stablehlo.multiply"(%666, %666) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t63 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %668 = "stablehlo.reduce"(%667, %t63) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t64 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t64) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %669 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %670 = "stablehlo.broadcast_in_dim"(%669) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %671 = "stablehlo.multiply"(%668, %670) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %672 = "stablehlo.reshape"(%671) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %673 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %674 = "stablehlo.broadcast_in_dim"(%673) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x1xf32>
    %675 = "stablehlo.add"(%672, %674) : (tensor<4x1x1xf32>, tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %676 = "stablehlo.rsqrt"(%675) : (tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %677 = "stablehlo.broadcast_in_dim"(%676) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %678 = "stablehlo.multiply"(%666, %677) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %679 = "stablehlo.broadcast_in_dim"(%arg56) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %680 = "stablehlo.multiply"(%678, %679) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %681 = "stablehlo.broadcast_in_dim"(%arg55) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %682 = "stablehlo.add"(%680, %681) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %683 = "stablehlo.reshape"(%682) : (tensor<4x1x16xf32>) -> tensor<4x16xf32>
    %684 = "stablehlo.dot_general"(%683, %arg90) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x16xf32>, tensor<16x16xf32>) -> tensor<4x16xf32>
    %685 = "stablehlo.broadcast_in_dim"(%arg89) {broadcast_dimensions = array<i64: 1>} : (tensor<16xf32>) -> tensor<4x16xf32>
    %686 = "stablehlo.add"(%684, %685) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %687 = "stablehlo.multiply"(%433, %433) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %t65 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %688 = "stablehlo.reduce"(%687, %t65) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t66 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t66) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
    %689 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %690 = "stablehlo.broadcast_in_dim"(%689) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %691 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %692 = "stablehlo.broadcast_in_dim"(%691) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %693 = "stablehlo.compare"(%688, %690) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    %694 = "stablehlo.select"(%693, %688, %692) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %695 = "stablehlo.sqrt"(%694) : (tensor<4xf32>) -> tensor<4xf32>
    %696 = "stablehlo.select"(%693, %695, %690) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %697 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %698 = "stablehlo.broadcast_in_dim"(%697) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %699 = "stablehlo.add"(%696, %698) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %700 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %701 = "stablehlo.broadcast_in_dim"(%700) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %702 = "stablehlo.divide"(%701, %699) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %703 = "stablehlo.reshape"(%702) : (tensor<4xf32>) -> tensor<4x1xf32>
    %704 = "stablehlo.broadcast_in_dim"(%703) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<4x1xf32>) -> tensor<4x16xf32>
    %705 = "stablehlo.multiply"(%433, %704) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %706 = "stablehlo.multiply"(%686, %686) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %t67 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %707 = "stablehlo.reduce"(%706, %t67) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t68 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t68) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
    %708 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %709 = "stablehlo.broadcast_in_dim"(%708) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %710 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %711 = "stablehlo.broadcast_in_dim"(%710) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %712 = "stablehlo.compare"(%707, %709) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    %713 = "stablehlo.select"(%712, %707, %711) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %714 = "stablehlo.sqrt"(%713) : (tensor<4xf32>) -> tensor<4xf32>
    %715 = "stablehlo.select"(%712, %714, %709) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %716 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %717 = "stablehlo.broadcast_in_dim"(%716) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %718 = "stablehlo.add"(%715, %717) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %719 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %720 = "stablehlo.broadcast_in_dim"(%719) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %721 = "stablehlo.divide"(%720, %718) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %722 = "stablehlo.reshape"(%721) : (tensor<4xf32>) -> tensor<4x1xf32>
    %723 = "stablehlo.broadcast_in_dim"(%722) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<4x1xf32>) -> tensor<4x16xf32>
    %724 = "stablehlo.multiply"(%686, %723) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %725 = "stablehlo.transpose"(%724) {permutation = array<i64: 1, 0>} : (tensor<4x16xf32>) -> tensor<16x4xf32>
    %726 = "stablehlo.dot_general"(%705, %725) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x16xf32>, tensor<16x4xf32>) -> tensor<4x4xf32>
    %727 = "stablehlo.exponential"(%arg53) : (tensor<f32>) -> tensor<f32>
    %728 = "stablehlo.broadcast_in_dim"(%727) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %729 = "stablehlo.multiply"(%726, %728) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %730 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %731 = "stablehlo.add"(%729, %730) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    "func.return"(%731, %705, %724) : (tensor<4x4xf32>, tensor<4x16xf32>, tensor<4x16xf32>) -> ()
  }
}
