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
    %147 = "stablehlo.transpose"(%146) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %148 = "stablehlo.transpose"(%137) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %149 = "stablehlo.transpose"(%143) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %150 = "stablehlo.dot_general"(%147, %148) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x2x4x8xf32>, tensor<4x2x4x8xf32>) -> tensor<4x2x4x4xf32>
    %t5 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %151 = "stablehlo.reduce"(%150, %t5) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t6 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t6) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %153 = "stablehlo.reshape"(%151) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %154 = "stablehlo.broadcast_in_dim"(%153) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %155 = "stablehlo.subtract"(%150, %154) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %156 = "stablehlo.exponential"(%155) : (tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %t7 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %157 = "stablehlo.reduce"(%156, %t7) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t8 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %158 = "stablehlo.reshape"(%157) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %159 = "stablehlo.broadcast_in_dim"(%158) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %160 = "stablehlo.divide"(%156, %159) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %161 = "stablehlo.dot_general"(%160, %149) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [2]>} : (tensor<4x2x4x4xf32>, tensor<4x2x4x8xf32>) -> tensor<4x2x4x8xf32>
    %162 = "stablehlo.transpose"(%161) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x4x8xf32>) -> tensor<4x4x2x8xf32>
    %163 = "stablehlo.reshape"(%arg29) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %164 = "stablehlo.reshape"(%162) : (tensor<4x4x2x8xf32>) -> tensor<4x4x16xf32>
    %165 = "stablehlo.dot_general"(%164, %163) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %166 = "stablehlo.broadcast_in_dim"(%arg28) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %167 = "stablehlo.add"(%165, %166) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %168 = "stablehlo.add"(%102, %167) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t9 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %169 = "stablehlo.reduce"(%168, %t9) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t10 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t10) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %170 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %171 = "stablehlo.broadcast_in_dim"(%170) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %172 = "stablehlo.multiply"(%169, %171) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %173 = "stablehlo.reshape"(%172) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %174 = "stablehlo.broadcast_in_dim"(%173) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %175 = "stablehlo.subtract"(%168, %174) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %176 = "stablehlo.multiply"(%175, %175) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t11 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %177 = "stablehlo.reduce"(%176, %t11) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t12 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t12) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %178 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %179 = "stablehlo.broadcast_in_dim"(%178) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %180 = "stablehlo.multiply"(%177, %179) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %181 = "stablehlo.reshape"(%180) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %182 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %183 = "stablehlo.broadcast_in_dim"(%182) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %184 = "stablehlo.add"(%181, %183) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %185 = "stablehlo.rsqrt"(%184) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %186 = "stablehlo.broadcast_in_dim"(%185) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %187 = "stablehlo.multiply"(%175, %186) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %188 = "stablehlo.broadcast_in_dim"(%arg21) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %189 = "stablehlo.multiply"(%187, %188) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %190 = "stablehlo.broadcast_in_dim"(%arg20) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %191 = "stablehlo.add"(%189, %190) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %192 = "stablehlo.dot_general"(%191, %arg23) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x32xf32>) -> tensor<4x4x32xf32>
    %193 = "stablehlo.broadcast_in_dim"(%arg22) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x4x32xf32>
    %194 = "stablehlo.add"(%192, %193) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %195 = "stablehlo.multiply"(%194, %194) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %196 = "stablehlo.multiply"(%195, %194) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %197 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %198 = "stablehlo.broadcast_in_dim"(%197) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %199 = "stablehlo.multiply"(%196, %198) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %200 = "stablehlo.add"(%194, %199) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %201 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %202 = "stablehlo.broadcast_in_dim"(%201) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %203 = "stablehlo.multiply"(%200, %202) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %204 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %205 = "stablehlo.broadcast_in_dim"(%204) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %206 = "stablehlo.multiply"(%194, %205) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %207 = "stablehlo.tanh"(%203) : (tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %208 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %209 = "stablehlo.broadcast_in_dim"(%208) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %210 = "stablehlo.add"(%207, %209) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %211 = "stablehlo.multiply"(%206, %210) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %212 = "stablehlo.dot_general"(%211, %arg25) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x32xf32>, tensor<32x16xf32>) -> tensor<4x4x16xf32>
    %213 = "stablehlo.broadcast_in_dim"(%arg24) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %214 = "stablehlo.add"(%212, %213) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %215 = "stablehlo.add"(%168, %214) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t13 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %216 = "stablehlo.reduce"(%215, %t13) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t14 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t14) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %217 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %218 = "stablehlo.broadcast_in_dim"(%217) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %219 = "stablehlo.multiply"(%216, %218) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %220 = "stablehlo.reshape"(%219) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %221 = "stablehlo.broadcast_in_dim"(%220) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %222 = "stablehlo.subtract"(%215, %221) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %223 = "stablehlo.multiply"(%222, %222) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t15 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %224 = "stablehlo.reduce"(%223, %t15) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t16 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t16) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %225 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %226 = "stablehlo.broadcast_in_dim"(%225) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %227 = "stablehlo.multiply"(%224, %226) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %228 = "stablehlo.reshape"(%227) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %229 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %230 = "stablehlo.broadcast_in_dim"(%229) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %231 = "stablehlo.add"(%228, %230) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %232 = "stablehlo.rsqrt"(%231) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %233 = "stablehlo.broadcast_in_dim"(%232) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %234 = "stablehlo.multiply"(%222, %233) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %235 = "stablehlo.broadcast_in_dim"(%arg35) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %236 = "stablehlo.multiply"(%234, %235) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %237 = "stablehlo.broadcast_in_dim"(%arg34) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %238 = "stablehlo.add"(%236, %237) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %239 = "stablehlo.reshape"(%arg47) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %240 = "stablehlo.reshape"(%arg46) : (tensor<2x8xf32>) -> tensor<16xf32>
    %241 = "stablehlo.dot_general"(%238, %239) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %242 = "stablehlo.broadcast_in_dim"(%240) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %243 = "stablehlo.add"(%241, %242) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %244 = "stablehlo.reshape"(%243) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %245 = "stablehlo.reshape"(%arg43) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %246 = "stablehlo.reshape"(%arg42) : (tensor<2x8xf32>) -> tensor<16xf32>
    %247 = "stablehlo.dot_general"(%238, %245) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %248 = "stablehlo.broadcast_in_dim"(%246) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %249 = "stablehlo.add"(%247, %248) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %250 = "stablehlo.reshape"(%249) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %251 = "stablehlo.reshape"(%arg49) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %252 = "stablehlo.reshape"(%arg48) : (tensor<2x8xf32>) -> tensor<16xf32>
    %253 = "stablehlo.dot_general"(%238, %251) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %254 = "stablehlo.broadcast_in_dim"(%252) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %255 = "stablehlo.add"(%253, %254) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %256 = "stablehlo.reshape"(%255) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %257 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %258 = "stablehlo.broadcast_in_dim"(%257) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x2x8xf32>
    %259 = "stablehlo.multiply"(%244, %258) : (tensor<4x4x2x8xf32>, tensor<4x4x2x8xf32>) -> tensor<4x4x2x8xf32>
    %260 = "stablehlo.transpose"(%259) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %261 = "stablehlo.transpose"(%250) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %262 = "stablehlo.transpose"(%256) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %263 = "stablehlo.dot_general"(%260, %261) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x2x4x8xf32>, tensor<4x2x4x8xf32>) -> tensor<4x2x4x4xf32>
    %t17 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %264 = "stablehlo.reduce"(%263, %t17) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t18 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t18) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %266 = "stablehlo.reshape"(%264) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %267 = "stablehlo.broadcast_in_dim"(%266) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %268 = "stablehlo.subtract"(%263, %267) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %269 = "stablehlo.exponential"(%268) : (tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %t19 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %270 = "stablehlo.reduce"(%269, %t19) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t20 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t20) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x4x4xf32>, tensor<f32>) -> tensor<4x2x4xf32>
    %271 = "stablehlo.reshape"(%270) : (tensor<4x2x4xf32>) -> tensor<4x2x4x1xf32>
    %272 = "stablehlo.broadcast_in_dim"(%271) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x4x1xf32>) -> tensor<4x2x4x4xf32>
    %273 = "stablehlo.divide"(%269, %272) : (tensor<4x2x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<4x2x4x4xf32>
    %274 = "stablehlo.dot_general"(%273, %262) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [2]>} : (tensor<4x2x4x4xf32>, tensor<4x2x4x8xf32>) -> tensor<4x2x4x8xf32>
    %275 = "stablehlo.transpose"(%274) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x4x8xf32>) -> tensor<4x4x2x8xf32>
    %276 = "stablehlo.reshape"(%arg45) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %277 = "stablehlo.reshape"(%275) : (tensor<4x4x2x8xf32>) -> tensor<4x4x16xf32>
    %278 = "stablehlo.dot_general"(%277, %276) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %279 = "stablehlo.broadcast_in_dim"(%arg44) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %280 = "stablehlo.add"(%278, %279) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %281 = "stablehlo.add"(%215, %280) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t21 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %282 = "stablehlo.reduce"(%281, %t21) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t22 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t22) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %283 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %284 = "stablehlo.broadcast_in_dim"(%283) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %285 = "stablehlo.multiply"(%282, %284) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %286 = "stablehlo.reshape"(%285) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %287 = "stablehlo.broadcast_in_dim"(%286) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %288 = "stablehlo.subtract"(%281, %287) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %289 = "stablehlo.multiply"(%288, %288) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t23 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %290 = "stablehlo.reduce"(%289, %t23) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t24 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t24) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %291 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %292 = "stablehlo.broadcast_in_dim"(%291) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %293 = "stablehlo.multiply"(%290, %292) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %294 = "stablehlo.reshape"(%293) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %295 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %296 = "stablehlo.broadcast_in_dim"(%295) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %297 = "stablehlo.add"(%294, %296) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %298 = "stablehlo.rsqrt"(%297) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %299 = "stablehlo.broadcast_in_dim"(%298) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %300 = "stablehlo.multiply"(%288, %299) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %301 = "stablehlo.broadcast_in_dim"(%arg37) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %302 = "stablehlo.multiply"(%300, %301) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %303 = "stablehlo.broadcast_in_dim"(%arg36) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %304 = "stablehlo.add"(%302, %303) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %305 = "stablehlo.dot_general"(%304, %arg39) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x32xf32>) -> tensor<4x4x32xf32>
    %306 = "stablehlo.broadcast_in_dim"(%arg38) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x4x32xf32>
    %307 = "stablehlo.add"(%305, %306) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %308 = "stablehlo.multiply"(%307, %307) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %309 = "stablehlo.multiply"(%308, %307) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %310 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %311 = "stablehlo.broadcast_in_dim"(%310) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %312 = "stablehlo.multiply"(%309, %311) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %313 = "stablehlo.add"(%307, %312) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %314 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %315 = "stablehlo.broadcast_in_dim"(%314) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %316 = "stablehlo.multiply"(%313, %315) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %317 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %318 = "stablehlo.broadcast_in_dim"(%317) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %319 = "stablehlo.multiply"(%307, %318) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %320 = "stablehlo.tanh"(%316) : (tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %321 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %322 = "stablehlo.broadcast_in_dim"(%321) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x32xf32>
    %323 = "stablehlo.add"(%320, %322) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %324 = "stablehlo.multiply"(%319, %323) : (tensor<4x4x32xf32>, tensor<4x4x32xf32>) -> tensor<4x4x32xf32>
    %325 = "stablehlo.dot_general"(%324, %arg41) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x32xf32>, tensor<32x16xf32>) -> tensor<4x4x16xf32>
    %326 = "stablehlo.broadcast_in_dim"(%arg40) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %327 = "stablehlo.add"(%325, %326) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %328 = "stablehlo.add"(%281, %327) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t25 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %329 = "stablehlo.reduce"(%328, %t25) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t26 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t26) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %330 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %331 = "stablehlo.broadcast_in_dim"(%330) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %332 = "stablehlo.multiply"(%329, %331) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %333 = "stablehlo.reshape"(%332) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %334 = "stablehlo.broadcast_in_dim"(%333) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %335 = "stablehlo.subtract"(%328, %334) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %336 = "stablehlo.multiply"(%335, %335) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %t27 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %337 = "stablehlo.reduce"(%336, %t27) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t28 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t28) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x4x16xf32>, tensor<f32>) -> tensor<4x4xf32>
    %338 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %339 = "stablehlo.broadcast_in_dim"(%338) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %340 = "stablehlo.multiply"(%337, %339) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %341 = "stablehlo.reshape"(%340) : (tensor<4x4xf32>) -> tensor<4x4x1xf32>
    %342 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %343 = "stablehlo.broadcast_in_dim"(%342) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4x1xf32>
    %344 = "stablehlo.add"(%341, %343) : (tensor<4x4x1xf32>, tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %345 = "stablehlo.rsqrt"(%344) : (tensor<4x4x1xf32>) -> tensor<4x4x1xf32>
    %346 = "stablehlo.broadcast_in_dim"(%345) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x4x1xf32>) -> tensor<4x4x16xf32>
    %347 = "stablehlo.multiply"(%335, %346) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %348 = "stablehlo.broadcast_in_dim"(%arg17) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %349 = "stablehlo.multiply"(%347, %348) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %350 = "stablehlo.broadcast_in_dim"(%arg16) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %351 = "stablehlo.add"(%349, %350) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %352 = "stablehlo.broadcast_in_dim"(%arg15) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<1x1x16xf32>) -> tensor<4x1x16xf32>
    %353 = "stablehlo.reshape"(%arg12) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %354 = "stablehlo.reshape"(%arg11) : (tensor<2x8xf32>) -> tensor<16xf32>
    %355 = "stablehlo.dot_general"(%352, %353) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %356 = "stablehlo.broadcast_in_dim"(%354) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %357 = "stablehlo.add"(%355, %356) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %358 = "stablehlo.reshape"(%357) : (tensor<4x1x16xf32>) -> tensor<4x1x2x8xf32>
    %359 = "stablehlo.reshape"(%arg8) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %360 = "stablehlo.reshape"(%arg7) : (tensor<2x8xf32>) -> tensor<16xf32>
    %361 = "stablehlo.dot_general"(%351, %359) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %362 = "stablehlo.broadcast_in_dim"(%360) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %363 = "stablehlo.add"(%361, %362) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %364 = "stablehlo.reshape"(%363) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %365 = "stablehlo.reshape"(%arg14) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %366 = "stablehlo.reshape"(%arg13) : (tensor<2x8xf32>) -> tensor<16xf32>
    %367 = "stablehlo.dot_general"(%351, %365) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x4x16xf32>, tensor<16x16xf32>) -> tensor<4x4x16xf32>
    %368 = "stablehlo.broadcast_in_dim"(%366) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x4x16xf32>
    %369 = "stablehlo.add"(%367, %368) : (tensor<4x4x16xf32>, tensor<4x4x16xf32>) -> tensor<4x4x16xf32>
    %370 = "stablehlo.reshape"(%369) : (tensor<4x4x16xf32>) -> tensor<4x4x2x8xf32>
    %371 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %372 = "stablehlo.broadcast_in_dim"(%371) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x2x8xf32>
    %373 = "stablehlo.multiply"(%358, %372) : (tensor<4x1x2x8xf32>, tensor<4x1x2x8xf32>) -> tensor<4x1x2x8xf32>
    %374 = "stablehlo.transpose"(%373) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x1x2x8xf32>) -> tensor<4x2x1x8xf32>
    %375 = "stablehlo.transpose"(%364) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %376 = "stablehlo.transpose"(%370) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x4x2x8xf32>) -> tensor<4x2x4x8xf32>
    %377 = "stablehlo.dot_general"(%374, %375) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x2x1x8xf32>, tensor<4x2x4x8xf32>) -> tensor<4x2x1x4xf32>
    %t29 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %378 = "stablehlo.reduce"(%377, %t29) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t30 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t30) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x4xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %380 = "stablehlo.reshape"(%378) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %381 = "stablehlo.broadcast_in_dim"(%380) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x4xf32>
    %382 = "stablehlo.subtract"(%377, %381) : (tensor<4x2x1x4xf32>, tensor<4x2x1x4xf32>) -> tensor<4x2x1x4xf32>
    %383 = "stablehlo.exponential"(%382) : (tensor<4x2x1x4xf32>) -> tensor<4x2x1x4xf32>
    %t31 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %384 = "stablehlo.reduce"(%383, %t31) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t32 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t32) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x4xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %385 = "stablehlo.reshape"(%384) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %386 = "stablehlo.broadcast_in_dim"(%385) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x4xf32>
    %387 = "stablehlo.divide"(%383, %386) : (tensor<4x2x1x4xf32>, tensor<4x2x1x4xf32>) -> tensor<4x2x1x4xf32>
    %388 = "stablehlo.dot_general"(%387, %376) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [2]>} : (tensor<4x2x1x4xf32>, tensor<4x2x4x8xf32>) -> tensor<4x2x1x8xf32>
    %389 = "stablehlo.transpose"(%388) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x1x8xf32>) -> tensor<4x1x2x8xf32>
    %390 = "stablehlo.reshape"(%arg10) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %391 = "stablehlo.reshape"(%389) : (tensor<4x1x2x8xf32>) -> tensor<4x1x16xf32>
    %392 = "stablehlo.dot_general"(%391, %390) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %393 = "stablehlo.broadcast_in_dim"(%arg9) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %394 = "stablehlo.add"(%392, %393) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t33 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %395 = "stablehlo.reduce"(%394, %t33) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t34 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t34) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %396 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %397 = "stablehlo.broadcast_in_dim"(%396) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %398 = "stablehlo.multiply"(%395, %397) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %399 = "stablehlo.reshape"(%398) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %400 = "stablehlo.broadcast_in_dim"(%399) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %401 = "stablehlo.subtract"(%394, %400) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %402 = "stablehlo.multiply"(%401, %401) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t35 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %403 = "stablehlo.reduce"(%402, %t35) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t36 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t36) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %404 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %405 = "stablehlo.broadcast_in_dim"(%404) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %406 = "stablehlo.multiply"(%403, %405) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %407 = "stablehlo.reshape"(%406) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %408 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %409 = "stablehlo.broadcast_in_dim"(%408) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x1xf32>
    %410 = "stablehlo.add"(%407, %409) : (tensor<4x1x1xf32>, tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %411 = "stablehlo.rsqrt"(%410) : (tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %412 = "stablehlo.broadcast_in_dim"(%411) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %413 = "stablehlo.multiply"(%401, %412) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %414 = "stablehlo.broadcast_in_dim"(%arg2) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %415 = "stablehlo.multiply"(%413, %414) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %416 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %417 = "stablehlo.add"(%415, %416) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %418 = "stablehlo.dot_general"(%417, %arg4) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x32xf32>) -> tensor<4x1x32xf32>
    %419 = "stablehlo.broadcast_in_dim"(%arg3) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x1x32xf32>
    %420 = "stablehlo.add"(%418, %419) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %421 = "stablehlo.multiply"(%420, %420) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %422 = "stablehlo.multiply"(%421, %420) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %423 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %424 = "stablehlo.broadcast_in_dim"(%423) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %425 = "stablehlo.multiply"(%422, %424) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %426 = "stablehlo.add"(%420, %425) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %427 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %428 = "stablehlo.broadcast_in_dim"(%427) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %429 = "stablehlo.multiply"(%426, %428) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %430 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %431 = "stablehlo.broadcast_in_dim"(%430) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %432 = "stablehlo.multiply"(%420, %431) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %433 = "stablehlo.tanh"(%429) : (tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %434 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %435 = "stablehlo.broadcast_in_dim"(%434) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %436 = "stablehlo.add"(%433, %435) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %437 = "stablehlo.multiply"(%432, %436) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %438 = "stablehlo.dot_general"(%437, %arg6) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x32xf32>, tensor<32x16xf32>) -> tensor<4x1x16xf32>
    %439 = "stablehlo.broadcast_in_dim"(%arg5) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %440 = "stablehlo.add"(%438, %439) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %441 = "stablehlo.add"(%394, %440) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %442 = "stablehlo.reshape"(%441) : (tensor<4x1x16xf32>) -> tensor<4x16xf32>
    %443 = "stablehlo.gather"(%arg54, %arg93) {dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, slice_sizes = array<i64: 1, 16>, indices_are_sorted = false} : (tensor<32x16xf32>, tensor<4x8xi32>) -> tensor<4x8x16xf32>
    %444 = "stablehlo.slice"(%arg91) {start_indices = array<i64: 0, 0, 0>, limit_indices = array<i64: 1, 8, 16>, strides = array<i64: 1, 1, 1>} : (tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
    %445 = "stablehlo.broadcast_in_dim"(%444) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<1x8x16xf32>) -> tensor<4x8x16xf32>
    %446 = "stablehlo.add"(%443, %445) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t37 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %447 = "stablehlo.reduce"(%446, %t37) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t38 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t38) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %448 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %449 = "stablehlo.broadcast_in_dim"(%448) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %450 = "stablehlo.multiply"(%447, %449) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %451 = "stablehlo.reshape"(%450) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %452 = "stablehlo.broadcast_in_dim"(%451) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %453 = "stablehlo.subtract"(%446, %452) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %454 = "stablehlo.multiply"(%453, %453) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t39 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %455 = "stablehlo.reduce"(%454, %t39) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t40 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t40) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %456 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %457 = "stablehlo.broadcast_in_dim"(%456) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %458 = "stablehlo.multiply"(%455, %457) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %459 = "stablehlo.reshape"(%458) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %460 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %461 = "stablehlo.broadcast_in_dim"(%460) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x1xf32>
    %462 = "stablehlo.add"(%459, %461) : (tensor<4x8x1xf32>, tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %463 = "stablehlo.rsqrt"(%462) : (tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %464 = "stablehlo.broadcast_in_dim"(%463) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %465 = "stablehlo.multiply"(%453, %464) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %466 = "stablehlo.broadcast_in_dim"(%arg58) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %467 = "stablehlo.multiply"(%465, %466) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %468 = "stablehlo.broadcast_in_dim"(%arg57) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %469 = "stablehlo.add"(%467, %468) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %470 = "stablehlo.reshape"(%arg70) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %471 = "stablehlo.reshape"(%arg69) : (tensor<2x8xf32>) -> tensor<16xf32>
    %472 = "stablehlo.dot_general"(%469, %470) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %473 = "stablehlo.broadcast_in_dim"(%471) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %474 = "stablehlo.add"(%472, %473) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %475 = "stablehlo.reshape"(%474) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %476 = "stablehlo.reshape"(%arg66) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %477 = "stablehlo.reshape"(%arg65) : (tensor<2x8xf32>) -> tensor<16xf32>
    %478 = "stablehlo.dot_general"(%469, %476) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %479 = "stablehlo.broadcast_in_dim"(%477) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %480 = "stablehlo.add"(%478, %479) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %481 = "stablehlo.reshape"(%480) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %482 = "stablehlo.reshape"(%arg72) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %483 = "stablehlo.reshape"(%arg71) : (tensor<2x8xf32>) -> tensor<16xf32>
    %484 = "stablehlo.dot_general"(%469, %482) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %485 = "stablehlo.broadcast_in_dim"(%483) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %486 = "stablehlo.add"(%484, %485) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %487 = "stablehlo.reshape"(%486) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %488 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %489 = "stablehlo.broadcast_in_dim"(%488) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x2x8xf32>
    %490 = "stablehlo.multiply"(%475, %489) : (tensor<4x8x2x8xf32>, tensor<4x8x2x8xf32>) -> tensor<4x8x2x8xf32>
    %491 = "stablehlo.transpose"(%490) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %492 = "stablehlo.transpose"(%481) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %493 = "stablehlo.transpose"(%487) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %494 = "stablehlo.dot_general"(%491, %492) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %t41 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %495 = "stablehlo.reduce"(%494, %t41) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t42 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t42) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x8x8xf32>, tensor<f32>) -> tensor<4x2x8xf32>
    %497 = "stablehlo.reshape"(%495) : (tensor<4x2x8xf32>) -> tensor<4x2x8x1xf32>
    %498 = "stablehlo.broadcast_in_dim"(%497) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x8x1xf32>) -> tensor<4x2x8x8xf32>
    %499 = "stablehlo.subtract"(%494, %498) : (tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %500 = "stablehlo.exponential"(%499) : (tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %t43 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %501 = "stablehlo.reduce"(%500, %t43) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t44 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t44) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x8x8xf32>, tensor<f32>) -> tensor<4x2x8xf32>
    %502 = "stablehlo.reshape"(%501) : (tensor<4x2x8xf32>) -> tensor<4x2x8x1xf32>
    %503 = "stablehlo.broadcast_in_dim"(%502) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x8x1xf32>) -> tensor<4x2x8x8xf32>
    %504 = "stablehlo.divide"(%500, %503) : (tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %505 = "stablehlo.dot_general"(%504, %493) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [2]>} : (tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x8x8xf32>
    %506 = "stablehlo.transpose"(%505) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x8x8xf32>) -> tensor<4x8x2x8xf32>
    %507 = "stablehlo.reshape"(%arg68) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %508 = "stablehlo.reshape"(%506) : (tensor<4x8x2x8xf32>) -> tensor<4x8x16xf32>
    %509 = "stablehlo.dot_general"(%508, %507) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %510 = "stablehlo.broadcast_in_dim"(%arg67) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %511 = "stablehlo.add"(%509, %510) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %512 = "stablehlo.add"(%446, %511) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t45 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %513 = "stablehlo.reduce"(%512, %t45) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t46 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t46) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %514 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %515 = "stablehlo.broadcast_in_dim"(%514) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %516 = "stablehlo.multiply"(%513, %515) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %517 = "stablehlo.reshape"(%516) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %518 = "stablehlo.broadcast_in_dim"(%517) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %519 = "stablehlo.subtract"(%512, %518) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %520 = "stablehlo.multiply"(%519, %519) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t47 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %521 = "stablehlo.reduce"(%520, %t47) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t48 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t48) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %522 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %523 = "stablehlo.broadcast_in_dim"(%522) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %524 = "stablehlo.multiply"(%521, %523) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %525 = "stablehlo.reshape"(%524) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %526 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %527 = "stablehlo.broadcast_in_dim"(%526) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x1xf32>
    %528 = "stablehlo.add"(%525, %527) : (tensor<4x8x1xf32>, tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %529 = "stablehlo.rsqrt"(%528) : (tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %530 = "stablehlo.broadcast_in_dim"(%529) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %531 = "stablehlo.multiply"(%519, %530) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %532 = "stablehlo.broadcast_in_dim"(%arg60) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %533 = "stablehlo.multiply"(%531, %532) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %534 = "stablehlo.broadcast_in_dim"(%arg59) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %535 = "stablehlo.add"(%533, %534) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %536 = "stablehlo.dot_general"(%535, %arg62) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x32xf32>) -> tensor<4x8x32xf32>
    %537 = "stablehlo.broadcast_in_dim"(%arg61) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x8x32xf32>
    %538 = "stablehlo.add"(%536, %537) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %539 = "stablehlo.multiply"(%538, %538) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %540 = "stablehlo.multiply"(%539, %538) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %541 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %542 = "stablehlo.broadcast_in_dim"(%541) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %543 = "stablehlo.multiply"(%540, %542) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %544 = "stablehlo.add"(%538, %543) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %545 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %546 = "stablehlo.broadcast_in_dim"(%545) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %547 = "stablehlo.multiply"(%544, %546) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %548 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %549 = "stablehlo.broadcast_in_dim"(%548) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %550 = "stablehlo.multiply"(%538, %549) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %551 = "stablehlo.tanh"(%547) : (tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %552 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %553 = "stablehlo.broadcast_in_dim"(%552) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x32xf32>
    %554 = "stablehlo.add"(%551, %553) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %555 = "stablehlo.multiply"(%550, %554) : (tensor<4x8x32xf32>, tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
    %556 = "stablehlo.dot_general"(%555, %arg64) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x32xf32>, tensor<32x16xf32>) -> tensor<4x8x16xf32>
    %557 = "stablehlo.broadcast_in_dim"(%arg63) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %558 = "stablehlo.add"(%556, %557) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %559 = "stablehlo.add"(%512, %558) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t49 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %560 = "stablehlo.reduce"(%559, %t49) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t50 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t50) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %561 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %562 = "stablehlo.broadcast_in_dim"(%561) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %563 = "stablehlo.multiply"(%560, %562) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %564 = "stablehlo.reshape"(%563) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %565 = "stablehlo.broadcast_in_dim"(%564) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %566 = "stablehlo.subtract"(%559, %565) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %567 = "stablehlo.multiply"(%566, %566) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %t51 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %568 = "stablehlo.reduce"(%567, %t51) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t52 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t52) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x8x16xf32>, tensor<f32>) -> tensor<4x8xf32>
    %569 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %570 = "stablehlo.broadcast_in_dim"(%569) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8xf32>
    %571 = "stablehlo.multiply"(%568, %570) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %572 = "stablehlo.reshape"(%571) : (tensor<4x8xf32>) -> tensor<4x8x1xf32>
    %573 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %574 = "stablehlo.broadcast_in_dim"(%573) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x8x1xf32>
    %575 = "stablehlo.add"(%572, %574) : (tensor<4x8x1xf32>, tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %576 = "stablehlo.rsqrt"(%575) : (tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %577 = "stablehlo.broadcast_in_dim"(%576) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x8x1xf32>) -> tensor<4x8x16xf32>
    %578 = "stablehlo.multiply"(%566, %577) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %579 = "stablehlo.broadcast_in_dim"(%arg74) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %580 = "stablehlo.multiply"(%578, %579) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %581 = "stablehlo.broadcast_in_dim"(%arg73) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %582 = "stablehlo.add"(%580, %581) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %583 = "stablehlo.slice"(%559) {start_indices = array<i64: 0, 7, 0>, limit_indices = array<i64: 4, 8, 16>, strides = array<i64: 1, 1, 1>} : (tensor<4x8x16xf32>) -> tensor<4x1x16xf32>
    %584 = "stablehlo.slice"(%582) {start_indices = array<i64: 0, 7, 0>, limit_indices = array<i64: 4, 8, 16>, strides = array<i64: 1, 1, 1>} : (tensor<4x8x16xf32>) -> tensor<4x1x16xf32>
    %585 = "stablehlo.reshape"(%arg86) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %586 = "stablehlo.reshape"(%arg85) : (tensor<2x8xf32>) -> tensor<16xf32>
    %587 = "stablehlo.dot_general"(%584, %585) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %588 = "stablehlo.broadcast_in_dim"(%586) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %589 = "stablehlo.add"(%587, %588) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %590 = "stablehlo.reshape"(%589) : (tensor<4x1x16xf32>) -> tensor<4x1x2x8xf32>
    %591 = "stablehlo.reshape"(%arg82) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %592 = "stablehlo.reshape"(%arg81) : (tensor<2x8xf32>) -> tensor<16xf32>
    %593 = "stablehlo.dot_general"(%582, %591) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %594 = "stablehlo.broadcast_in_dim"(%592) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %595 = "stablehlo.add"(%593, %594) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %596 = "stablehlo.reshape"(%595) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %597 = "stablehlo.reshape"(%arg88) : (tensor<16x2x8xf32>) -> tensor<16x16xf32>
    %598 = "stablehlo.reshape"(%arg87) : (tensor<2x8xf32>) -> tensor<16xf32>
    %599 = "stablehlo.dot_general"(%582, %597) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x8x16xf32>, tensor<16x16xf32>) -> tensor<4x8x16xf32>
    %600 = "stablehlo.broadcast_in_dim"(%598) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x8x16xf32>
    %601 = "stablehlo.add"(%599, %600) : (tensor<4x8x16xf32>, tensor<4x8x16xf32>) -> tensor<4x8x16xf32>
    %602 = "stablehlo.reshape"(%601) : (tensor<4x8x16xf32>) -> tensor<4x8x2x8xf32>
    %603 = "stablehlo.constant"() {value = dense<"0xF304B53E"> : tensor<f32>} : () -> tensor<f32>
    %604 = "stablehlo.broadcast_in_dim"(%603) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x2x8xf32>
    %605 = "stablehlo.multiply"(%590, %604) : (tensor<4x1x2x8xf32>, tensor<4x1x2x8xf32>) -> tensor<4x1x2x8xf32>
    %606 = "stablehlo.transpose"(%605) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x1x2x8xf32>) -> tensor<4x2x1x8xf32>
    %607 = "stablehlo.transpose"(%596) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %608 = "stablehlo.transpose"(%602) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x8x2x8xf32>) -> tensor<4x2x8x8xf32>
    %609 = "stablehlo.dot_general"(%606, %607) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<4x2x1x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x1x8xf32>
    %t53 = "stablehlo.constant"() {value = dense<"0x000080FF"> : tensor<f32>} : () -> tensor<f32>
    %610 = "stablehlo.reduce"(%609, %t53) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t54 = "stablehlo.maximum"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t54) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x8xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %612 = "stablehlo.reshape"(%610) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %613 = "stablehlo.broadcast_in_dim"(%612) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x8xf32>
    %614 = "stablehlo.subtract"(%609, %613) : (tensor<4x2x1x8xf32>, tensor<4x2x1x8xf32>) -> tensor<4x2x1x8xf32>
    %615 = "stablehlo.exponential"(%614) : (tensor<4x2x1x8xf32>) -> tensor<4x2x1x8xf32>
    %t55 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %616 = "stablehlo.reduce"(%615, %t55) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t56 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t56) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 3>} : (tensor<4x2x1x8xf32>, tensor<f32>) -> tensor<4x2x1xf32>
    %617 = "stablehlo.reshape"(%616) : (tensor<4x2x1xf32>) -> tensor<4x2x1x1xf32>
    %618 = "stablehlo.broadcast_in_dim"(%617) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<4x2x1x1xf32>) -> tensor<4x2x1x8xf32>
    %619 = "stablehlo.divide"(%615, %618) : (tensor<4x2x1x8xf32>, tensor<4x2x1x8xf32>) -> tensor<4x2x1x8xf32>
    %620 = "stablehlo.dot_general"(%619, %608) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [2]>} : (tensor<4x2x1x8xf32>, tensor<4x2x8x8xf32>) -> tensor<4x2x1x8xf32>
    %621 = "stablehlo.transpose"(%620) {permutation = array<i64: 0, 2, 1, 3>} : (tensor<4x2x1x8xf32>) -> tensor<4x1x2x8xf32>
    %622 = "stablehlo.reshape"(%arg84) : (tensor<2x8x16xf32>) -> tensor<16x16xf32>
    %623 = "stablehlo.reshape"(%621) : (tensor<4x1x2x8xf32>) -> tensor<4x1x16xf32>
    %624 = "stablehlo.dot_general"(%623, %622) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x16xf32>) -> tensor<4x1x16xf32>
    %625 = "stablehlo.broadcast_in_dim"(%arg83) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %626 = "stablehlo.add"(%624, %625) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %627 = "stablehlo.add"(%583, %626) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t57 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %628 = "stablehlo.reduce"(%627, %t57) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t58 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t58) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %629 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %630 = "stablehlo.broadcast_in_dim"(%629) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %631 = "stablehlo.multiply"(%628, %630) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %632 = "stablehlo.reshape"(%631) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %633 = "stablehlo.broadcast_in_dim"(%632) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %634 = "stablehlo.subtract"(%627, %633) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %635 = "stablehlo.multiply"(%634, %634) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t59 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %636 = "stablehlo.reduce"(%635, %t59) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t60 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t60) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %637 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %638 = "stablehlo.broadcast_in_dim"(%637) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %639 = "stablehlo.multiply"(%636, %638) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %640 = "stablehlo.reshape"(%639) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %641 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %642 = "stablehlo.broadcast_in_dim"(%641) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x1xf32>
    %643 = "stablehlo.add"(%640, %642) : (tensor<4x1x1xf32>, tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %644 = "stablehlo.rsqrt"(%643) : (tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %645 = "stablehlo.broadcast_in_dim"(%644) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %646 = "stablehlo.multiply"(%634, %645) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %647 = "stablehlo.broadcast_in_dim"(%arg76) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %648 = "stablehlo.multiply"(%646, %647) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %649 = "stablehlo.broadcast_in_dim"(%arg75) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %650 = "stablehlo.add"(%648, %649) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %651 = "stablehlo.dot_general"(%650, %arg78) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x16xf32>, tensor<16x32xf32>) -> tensor<4x1x32xf32>
    %652 = "stablehlo.broadcast_in_dim"(%arg77) {broadcast_dimensions = array<i64: 2>} : (tensor<32xf32>) -> tensor<4x1x32xf32>
    %653 = "stablehlo.add"(%651, %652) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %654 = "stablehlo.multiply"(%653, %653) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %655 = "stablehlo.multiply"(%654, %653) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %656 = "stablehlo.constant"() {value = dense<"0x1327373D"> : tensor<f32>} : () -> tensor<f32>
    %657 = "stablehlo.broadcast_in_dim"(%656) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %658 = "stablehlo.multiply"(%655, %657) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %659 = "stablehlo.add"(%653, %658) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %660 = "stablehlo.constant"() {value = dense<"0x2A424C3F"> : tensor<f32>} : () -> tensor<f32>
    %661 = "stablehlo.broadcast_in_dim"(%660) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %662 = "stablehlo.multiply"(%659, %661) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %663 = "stablehlo.constant"() {value = dense<"0x0000003F"> : tensor<f32>} : () -> tensor<f32>
    %664 = "stablehlo.broadcast_in_dim"(%663) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %665 = "stablehlo.multiply"(%653, %664) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %666 = "stablehlo.tanh"(%662) : (tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %667 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %668 = "stablehlo.broadcast_in_dim"(%667) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x32xf32>
    %669 = "stablehlo.add"(%666, %668) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %670 = "stablehlo.multiply"(%665, %669) : (tensor<4x1x32xf32>, tensor<4x1x32xf32>) -> tensor<4x1x32xf32>
    %671 = "stablehlo.dot_general"(%670, %arg80) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<4x1x32xf32>, tensor<32x16xf32>) -> tensor<4x1x16xf32>
    %672 = "stablehlo.broadcast_in_dim"(%arg79) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %673 = "stablehlo.add"(%671, %672) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %674 = "stablehlo.add"(%627, %673) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t61 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %675 = "stablehlo.reduce"(%674, %t61) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t62 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t62) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %676 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %677 = "stablehlo.broadcast_in_dim"(%676) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %678 = "stablehlo.multiply"(%675, %677) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %679 = "stablehlo.reshape"(%678) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %680 = "stablehlo.broadcast_in_dim"(%679) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %681 = "stablehlo.subtract"(%674, %680) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %682 = "stablehlo.multiply"(%681, %681) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %t63 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %683 = "stablehlo.reduce"(%682, %t63) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t64 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t64) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<4x1x16xf32>, tensor<f32>) -> tensor<4x1xf32>
    %684 = "stablehlo.constant"() {value = dense<"0x0000803D"> : tensor<f32>} : () -> tensor<f32>
    %685 = "stablehlo.broadcast_in_dim"(%684) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1xf32>
    %686 = "stablehlo.multiply"(%683, %685) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    %687 = "stablehlo.reshape"(%686) : (tensor<4x1xf32>) -> tensor<4x1x1xf32>
    %688 = "stablehlo.constant"() {value = dense<"0xBD378635"> : tensor<f32>} : () -> tensor<f32>
    %689 = "stablehlo.broadcast_in_dim"(%688) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x1x1xf32>
    %690 = "stablehlo.add"(%687, %689) : (tensor<4x1x1xf32>, tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %691 = "stablehlo.rsqrt"(%690) : (tensor<4x1x1xf32>) -> tensor<4x1x1xf32>
    %692 = "stablehlo.broadcast_in_dim"(%691) {broadcast_dimensions = array<i64: 0, 1, 2>} : (tensor<4x1x1xf32>) -> tensor<4x1x16xf32>
    %693 = "stablehlo.multiply"(%681, %692) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %694 = "stablehlo.broadcast_in_dim"(%arg56) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %695 = "stablehlo.multiply"(%693, %694) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %696 = "stablehlo.broadcast_in_dim"(%arg55) {broadcast_dimensions = array<i64: 2>} : (tensor<16xf32>) -> tensor<4x1x16xf32>
    %697 = "stablehlo.add"(%695, %696) : (tensor<4x1x16xf32>, tensor<4x1x16xf32>) -> tensor<4x1x16xf32>
    %698 = "stablehlo.reshape"(%697) : (tensor<4x1x16xf32>) -> tensor<4x16xf32>
    %699 = "stablehlo.dot_general"(%698, %arg90) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x16xf32>, tensor<16x16xf32>) -> tensor<4x16xf32>
    %700 = "stablehlo.broadcast_in_dim"(%arg89) {broadcast_dimensions = array<i64: 1>} : (tensor<16xf32>) -> tensor<4x16xf32>
    %701 = "stablehlo.add"(%699, %700) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %702 = "stablehlo.multiply"(%442, %442) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %t65 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %703 = "stablehlo.reduce"(%702, %t65) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t66 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t66) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
    %704 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %705 = "stablehlo.broadcast_in_dim"(%704) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %706 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %707 = "stablehlo.broadcast_in_dim"(%706) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %708 = "stablehlo.compare"(%703, %705) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    %709 = "stablehlo.select"(%708, %703, %707) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %710 = "stablehlo.sqrt"(%709) : (tensor<4xf32>) -> tensor<4xf32>
    %711 = "stablehlo.select"(%708, %710, %705) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %712 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %713 = "stablehlo.broadcast_in_dim"(%712) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %714 = "stablehlo.add"(%711, %713) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %715 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %716 = "stablehlo.broadcast_in_dim"(%715) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %717 = "stablehlo.divide"(%716, %714) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %718 = "stablehlo.reshape"(%717) : (tensor<4xf32>) -> tensor<4x1xf32>
    %719 = "stablehlo.broadcast_in_dim"(%718) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<4x1xf32>) -> tensor<4x16xf32>
    %720 = "stablehlo.multiply"(%442, %719) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %721 = "stablehlo.multiply"(%701, %701) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %t67 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %722 = "stablehlo.reduce"(%721, %t67) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %t68 = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t68) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x16xf32>, tensor<f32>) -> tensor<4xf32>
    %723 = "stablehlo.constant"() {value = dense<"0x00000000"> : tensor<f32>} : () -> tensor<f32>
    %724 = "stablehlo.broadcast_in_dim"(%723) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %725 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %726 = "stablehlo.broadcast_in_dim"(%725) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %727 = "stablehlo.compare"(%722, %724) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    %728 = "stablehlo.select"(%727, %722, %726) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %729 = "stablehlo.sqrt"(%728) : (tensor<4xf32>) -> tensor<4xf32>
    %730 = "stablehlo.select"(%727, %729, %724) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %731 = "stablehlo.constant"() {value = dense<"0x77CC2B32"> : tensor<f32>} : () -> tensor<f32>
    %732 = "stablehlo.broadcast_in_dim"(%731) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %733 = "stablehlo.add"(%730, %732) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %734 = "stablehlo.constant"() {value = dense<"0x0000803F"> : tensor<f32>} : () -> tensor<f32>
    %735 = "stablehlo.broadcast_in_dim"(%734) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %736 = "stablehlo.divide"(%735, %733) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %737 = "stablehlo.reshape"(%736) : (tensor<4xf32>) -> tensor<4x1xf32>
    %738 = "stablehlo.broadcast_in_dim"(%737) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<4x1xf32>) -> tensor<4x16xf32>
    %739 = "stablehlo.multiply"(%701, %738) : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %740 = "stablehlo.transpose"(%739) {permutation = array<i64: 1, 0>} : (tensor<4x16xf32>) -> tensor<16x4xf32>
    %741 = "stablehlo.dot_general"(%720, %740) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [], rhs_batching_dimensions = [], lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<4x16xf32>, tensor<16x4xf32>) -> tensor<4x4xf32>
    %742 = "stablehlo.exponential"(%arg53) : (tensor<f32>) -> tensor<f32>
    %743 = "stablehlo.broadcast_in_dim"(%742) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %744 = "stablehlo.multiply"(%741, %743) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %745 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x4xf32>
    %746 = "stablehlo.add"(%744, %745) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    "func.return"(%746, %720, %739) : (tensor<4x4xf32>, tensor<4x16xf32>, tensor<4x16xf32>) -> ()
  }
}
