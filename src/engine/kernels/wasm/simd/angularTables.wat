;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; The per-channel tables ./angularPerChannel.wat reads (learnable k: rebuilt every step), built
;; as src/sphere/fusedAngular.ts' buildTable builds them (sigmoid, with dg/dk), with the same
;; operations in the same order, two nodes a step (f64x2), so that they are the same bits:
;;   t = tanhFromExp(a·u) (src/sphere/angular.ts), sech² = 1 − t², G = t·s, H = (s·a)·sech²·root,
;;   K = (−2·a·a·s)·sech²·u + t·(s² − 1)·π·a·a.
;; consts: per channel six float64 a, s, s·a, −2·a·a·s, s² − 1, (unused), made in JavaScript.
;; nodeU, nodeRoot: u and 1/√(2 − v²) at nodes 0 … nodes (nodes + 1 values, one more readable).
;; temp: 3·(nodes + 2) float64 for one channel's G, H, K at every node. table: per channel
;; `nodes` rows of G[i], ΔG[i], H[i], ΔH[i], K[i], ΔK[i] (Δ: node i + 1 minus node i, formed in
;; float64), each rounded once to float32: 24 bytes a node, so that 16 channels' tables (786 kB)
;; fit this machine's 1 MB L2 (in float64, 1.6 MB did not: the loop then waited on L3).
(func (export "angularChannelTables")
  (param $table i32) (param $consts i32) (param $channels i32) (param $nodes i32)
  (param $nodeU i32) (param $nodeRoot i32) (param $temp i32)
  (local $j i32) (local $i i32) (local $at i32) (local $row i32) (local $len i32)
  (local $tempH i32) (local $tempK i32)
  (local $a v128) (local $s v128) (local $sa v128) (local $lead v128) (local $s2m1 v128)
  (local $u v128) (local $y v128) (local $n v128) (local $r v128) (local $p v128) (local $e v128)
  (local $t v128) (local $sech2 v128) (local $pair v128)
  (local $r2 v128) (local $r4 v128) (local $s0 v128) (local $s1 v128) (local $s2 v128)
  (local.set $len (i32.add (local.get $nodes) (i32.const 1)))
  (local.set $tempH (i32.add (local.get $temp) (i32.shl (i32.add (local.get $nodes) (i32.const 2)) (i32.const 3))))
  (local.set $tempK (i32.add (local.get $tempH) (i32.shl (i32.add (local.get $nodes) (i32.const 2)) (i32.const 3))))
  (local.set $row (local.get $table))
  (block $channelsDone (loop $channel
    (br_if $channelsDone (i32.ge_u (local.get $j) (local.get $channels)))
    (local.set $a (v128.load64_splat (local.get $consts)))
    (local.set $s (v128.load64_splat offset=8 (local.get $consts)))
    (local.set $sa (v128.load64_splat offset=16 (local.get $consts)))
    (local.set $lead (v128.load64_splat offset=24 (local.get $consts)))
    (local.set $s2m1 (v128.load64_splat offset=32 (local.get $consts)))
    ;; G, H, K at nodes 0 … nodes, two at a time (an odd count computes one extra, unused).
    (local.set $i (i32.const 0))
    (block $nodesDone (loop $node
      (br_if $nodesDone (i32.ge_u (local.get $i) (local.get $len)))
      (local.set $at (i32.shl (local.get $i) (i32.const 3)))
      (local.set $u (v128.load (i32.add (local.get $nodeU) (local.get $at))))
      ;; tanhFromExp(a·u): y = clamp(−2·(a·u)), n = floor(y·log2 e + 0.5), r = y − n·ln2hi − n·ln2lo.
      (local.set $y (f64x2.min (f64x2.max
        (f64x2.mul (v128.const f64x2 -2 -2) (f64x2.mul (local.get $a) (local.get $u)))
        (v128.const f64x2 -708 -708)) (v128.const f64x2 708 708)))
      (local.set $n (f64x2.floor (f64x2.add
        (f64x2.mul (local.get $y) (v128.const f64x2 0x1.71547652b82fep0 0x1.71547652b82fep0))
        (v128.const f64x2 0.5 0.5))))
      (local.set $r (f64x2.sub
        (f64x2.sub (local.get $y) (f64x2.mul (local.get $n) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1)))
        (f64x2.mul (local.get $n) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))))
      ;; p(r) = Σ rᵏ/k!, k ≤ 12, by Estrin's scheme as tanhFromExp: q = pairs, s, t, then p.
      (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
      (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
      (local.set $s0 (f64x2.add (f64x2.add (v128.const f64x2 1 1) (local.get $r)) (f64x2.mul (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (local.get $r))) (local.get $r2))))
      (local.set $s1 (f64x2.add (f64x2.add (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5) (f64x2.mul (v128.const f64x2 0x1.1111111111111p-7 0x1.1111111111111p-7) (local.get $r))) (f64x2.mul (f64x2.add (v128.const f64x2 0x1.6c16c16c16c17p-10 0x1.6c16c16c16c17p-10) (f64x2.mul (v128.const f64x2 0x1.a01a01a01a01ap-13 0x1.a01a01a01a01ap-13) (local.get $r))) (local.get $r2))))
      (local.set $s2 (f64x2.add (f64x2.add (v128.const f64x2 0x1.a01a01a01a01ap-16 0x1.a01a01a01a01ap-16) (f64x2.mul (v128.const f64x2 0x1.71de3a556c734p-19 0x1.71de3a556c734p-19) (local.get $r))) (f64x2.mul (f64x2.add (v128.const f64x2 0x1.27e4fb7789f5cp-22 0x1.27e4fb7789f5cp-22) (f64x2.mul (v128.const f64x2 0x1.ae64567f544e4p-26 0x1.ae64567f544e4p-26) (local.get $r))) (local.get $r2))))
      (local.set $p (f64x2.add
        (f64x2.add (local.get $s0) (f64x2.mul (local.get $s1) (local.get $r4)))
        (f64x2.mul
          (f64x2.add (local.get $s2) (f64x2.mul (v128.const f64x2 0x1.1eed8eff8d898p-29 0x1.1eed8eff8d898p-29) (local.get $r4)))
          (f64x2.mul (local.get $r4) (local.get $r4)))))
      ;; e = p·2ⁿ (2ⁿ from its bits: n ∈ [−1022, 1021]), t = (1 − e)/(1 + e).
      (local.set $e (f64x2.mul (local.get $p) (i64x2.shl
        (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $n)))
          (v128.const i64x2 1023 1023))
        (i32.const 52))))
      (local.set $t (f64x2.div (f64x2.sub (v128.const f64x2 1 1) (local.get $e))
        (f64x2.add (v128.const f64x2 1 1) (local.get $e))))
      (local.set $sech2 (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $t) (local.get $t))))
      (v128.store (i32.add (local.get $temp) (local.get $at)) (f64x2.mul (local.get $t) (local.get $s)))
      (v128.store (i32.add (local.get $tempH) (local.get $at)) (f64x2.mul
        (f64x2.mul (local.get $sa) (local.get $sech2)) (v128.load (i32.add (local.get $nodeRoot) (local.get $at)))))
      (v128.store (i32.add (local.get $tempK) (local.get $at)) (f64x2.add
        (f64x2.mul (f64x2.mul (local.get $lead) (local.get $sech2)) (local.get $u))
        (f64x2.mul (f64x2.mul (f64x2.mul (f64x2.mul (local.get $t) (local.get $s2m1))
          (v128.const f64x2 0x1.921fb54442d18p1 0x1.921fb54442d18p1)) (local.get $a)) (local.get $a))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $node)))
    ;; Rows: [X[i], X[i+1]] − [0, X[i]] = [X[i], ΔX[i]] for X = G, H, K.
    (local.set $i (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $nodes)))
      (local.set $at (i32.shl (local.get $i) (i32.const 3)))
      (local.set $pair (v128.load (i32.add (local.get $temp) (local.get $at))))
      (v128.store64_lane 0 (local.get $row) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $pair)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (v128.const i64x2 0 0) (local.get $pair)))))
      (local.set $pair (v128.load (i32.add (local.get $tempH) (local.get $at))))
      (v128.store64_lane offset=8 0 (local.get $row) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $pair)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (v128.const i64x2 0 0) (local.get $pair)))))
      (local.set $pair (v128.load (i32.add (local.get $tempK) (local.get $at))))
      (v128.store64_lane offset=16 0 (local.get $row) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $pair)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (v128.const i64x2 0 0) (local.get $pair)))))
      (local.set $row (i32.add (local.get $row) (i32.const 24)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
    (local.set $consts (i32.add (local.get $consts) (i32.const 48)))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))
    (br $channel)))
)
