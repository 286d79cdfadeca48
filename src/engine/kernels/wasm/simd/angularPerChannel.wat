;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; The SphereConv operator with one table per channel (learnable k; src/sphere/fusedAngular.ts,
;; applyChannelTables): g, dg/dc and dg/dk of n float32 cosines x whose channel is i mod
;; channels. Like ./angularFixed.wat it computes in float64 (f64x2; four cosines a step, then
;; pairs) with the JavaScript loop's operations in its order, so the outputs are the same bits:
;;   v = sqrt(1 − |c|) (V_MIN where |c| ≥ limit), p = v·intervals, i = trunc(p), f = p − i,
;;   g = ±(G[i] + f·ΔG[i]), dg/dc = (H[i] + f·ΔH[i]) / v (0 where clamped), dg/dk = ±(K[i] + f·ΔK[i]),
;; relu: all three 0 where c ≤ 0. Channel j's table starts at table + j·nodes·24 and holds, per
;; node i, six float32 (24 bytes; read as float64): G[i], ΔG[i], H[i], ΔH[i], K[i], ΔK[i] (Δ: node
;; i+1 minus node i in float64, then rounded, as the JS loop forms them). NaN cosines give NaN (index 0, as JS' p | 0).
;; Shortcuts: groups (of four, or pairs) all ±0 (a first layer's blank background) take
;; per-channel values at c = 0, made first by the scalar twins of the operations below into zeros
;; (3·channels float32: g, dg/dc, dg/dk; g and dg/dk are +0 there); with relu, groups all ≤ 0
;; are zeros. The four-step measured 5–10% faster than pairs alone (load ~6, alternating runs).
(func (export "angularPerChannel")
  (param $x i32) (param $g i32) (param $dgdc i32) (param $dgdk i32) (param $n i32)
  (param $table i32) (param $channels i32) (param $nodes i32) (param $relu i32)
  (param $limit f64) (param $vMin f64) (param $intervals f64) (param $zeros i32)
  (local $i i32) (local $two i32) (local $at i32) (local $stride i32) (local $jA i32) (local $jB i32)
  (local $rowA i32) (local $rowB i32) (local $p0 f64) (local $f0 f64) (local $row0 i32) (local $z i32)
  (local $idx v128) (local $c v128) (local $ac v128) (local $clamped v128) (local $v v128)
  (local $p v128) (local $f v128) (local $lo v128) (local $hi v128) (local $neg v128)
  (local $gv v128) (local $dv v128) (local $kv v128) (local $zeroed v128) (local $reluMask v128)
  (local $limitV v128) (local $vMinV v128) (local $intervalsV v128)
  (local $n4 i32) (local $j0 i32) (local $j1 i32) (local $j2 i32) (local $j3 i32) (local $c4 v128)
  (local $gLo v128) (local $dLo v128) (local $kLo v128) (local $gHi v128) (local $dHi v128) (local $kHi v128)
  (local.set $limitV (f64x2.splat (local.get $limit)))
  (local.set $vMinV (f64x2.splat (local.get $vMin)))
  (local.set $intervalsV (f64x2.splat (local.get $intervals)))
  ;; All ones when relu is on: the lanes with c ≤ 0 are then zeroed.
  (local.set $reluMask (i64x2.neg (i64x2.splat (i64.extend_i32_u (i32.ne (local.get $relu) (i32.const 0))))))
  (local.set $stride (i32.mul (local.get $nodes) (i32.const 24)))
  ;; g, dg/dc, dg/dk at c = ±0 per channel (v = 1; limit > 0), as the loop below computes them.
  (local.set $p0 (f64.mul (f64.sqrt (f64.const 1)) (local.get $intervals)))
  (local.set $f0 (f64.sub (local.get $p0) (f64.convert_i32_s (i32.trunc_sat_f64_s (local.get $p0)))))
  (block $zerosDone (loop $zero
    (br_if $zerosDone (i32.ge_u (local.get $jA) (local.get $channels)))
    (local.set $row0 (i32.add (i32.add (local.get $table) (i32.mul (local.get $jA) (local.get $stride)))
      (i32.mul (i32.trunc_sat_f64_s (local.get $p0)) (i32.const 24))))
    (local.set $z (i32.add (local.get $zeros) (i32.shl (local.get $jA) (i32.const 2))))
    (f32.store (local.get $z) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $row0)))
      (f64.mul (local.get $f0) (f64.promote_f32 (f32.load offset=4 (local.get $row0)))))))
    (local.set $z (i32.add (local.get $z) (i32.shl (local.get $channels) (i32.const 2))))
    (f32.store (local.get $z) (f32.demote_f64 (f64.div (f64.add (f64.promote_f32 (f32.load offset=8 (local.get $row0)))
      (f64.mul (local.get $f0) (f64.promote_f32 (f32.load offset=12 (local.get $row0))))) (f64.sqrt (f64.const 1)))))
    (local.set $z (i32.add (local.get $z) (i32.shl (local.get $channels) (i32.const 2))))
    (f32.store (local.get $z) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load offset=16 (local.get $row0)))
      (f64.mul (local.get $f0) (f64.promote_f32 (f32.load offset=20 (local.get $row0)))))))
    (local.set $jA (i32.add (local.get $jA) (i32.const 1)))
    (br $zero)))
  ;; Lane 0's channel jA (0 first); lane 1's jB is the next one, wrapping at the last.
  (local.set $jA (i32.const 0))
  ;; Four cosines a step while four are left (lanes 0–3: channels j0 … j3), then pairs.
  (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
  (block $fourDone (loop $four
    (br_if $fourDone (i32.ge_u (local.get $i) (local.get $n4)))
    (local.set $at (i32.shl (local.get $i) (i32.const 2)))
    (local.set $c4 (v128.load (i32.add (local.get $x) (local.get $at))))
    (local.set $j0 (local.get $jA))
    (local.set $j1 (select (i32.const 0) (i32.add (local.get $j0) (i32.const 1))
      (i32.eq (i32.add (local.get $j0) (i32.const 1)) (local.get $channels))))
    (local.set $j2 (select (i32.const 0) (i32.add (local.get $j1) (i32.const 1))
      (i32.eq (i32.add (local.get $j1) (i32.const 1)) (local.get $channels))))
    (local.set $j3 (select (i32.const 0) (i32.add (local.get $j2) (i32.const 1))
      (i32.eq (i32.add (local.get $j2) (i32.const 1)) (local.get $channels))))
    (block $ready4
      (if (i32.and (i32.ne (local.get $relu) (i32.const 0))
            (i32x4.all_true (f32x4.le (local.get $c4) (v128.const f32x4 0 0 0 0))))
        (then
          (local.set $gv (v128.const i32x4 0 0 0 0))
          (local.set $dv (local.get $gv))
          (local.set $kv (local.get $gv))
          (br $ready4)))
      (if (i32x4.all_true (f32x4.eq (local.get $c4) (v128.const f32x4 0 0 0 0)))
        (then
          (local.set $z (i32.const 0))
          (local.set $gv (v128.load32_lane 3 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j3) (i32.const 2)))) (v128.load32_lane 2 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j2) (i32.const 2))))
            (v128.load32_lane 1 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j1) (i32.const 2)))) (v128.load32_zero (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j0) (i32.const 2)))))))))
          (local.set $z (i32.shl (local.get $channels) (i32.const 2)))
          (local.set $dv (v128.load32_lane 3 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j3) (i32.const 2)))) (v128.load32_lane 2 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j2) (i32.const 2))))
            (v128.load32_lane 1 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j1) (i32.const 2)))) (v128.load32_zero (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j0) (i32.const 2)))))))))
          (local.set $z (i32.shl (local.get $channels) (i32.const 3)))
          (local.set $kv (v128.load32_lane 3 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j3) (i32.const 2)))) (v128.load32_lane 2 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j2) (i32.const 2))))
            (v128.load32_lane 1 (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j1) (i32.const 2)))) (v128.load32_zero (i32.add (local.get $zeros) (i32.add (local.get $z) (i32.shl (local.get $j0) (i32.const 2)))))))))
          (br $ready4)))
        (local.set $c (f64x2.promote_low_f32x4 (local.get $c4)))
        (local.set $ac (f64x2.abs (local.get $c)))
        (local.set $clamped (f64x2.ge (local.get $ac) (local.get $limitV)))
        (local.set $v (v128.bitselect (local.get $vMinV)
          (f64x2.sqrt (f64x2.sub (v128.const f64x2 1 1) (local.get $ac))) (local.get $clamped)))
        (local.set $p (f64x2.mul (local.get $v) (local.get $intervalsV)))
        (local.set $idx (i32x4.trunc_sat_f64x2_s_zero (local.get $p)))
        (local.set $f (f64x2.sub (local.get $p) (f64x2.convert_low_i32x4_s (local.get $idx))))
        (local.set $rowA (i32.add (i32.add (local.get $table) (i32.mul (local.get $j0) (local.get $stride))) (i32.mul (i32x4.extract_lane 0 (local.get $idx)) (i32.const 24))))
        (local.set $rowB (i32.add (i32.add (local.get $table) (i32.mul (local.get $j1) (local.get $stride))) (i32.mul (i32x4.extract_lane 1 (local.get $idx)) (i32.const 24))))
        ;; g is odd in c, dg/dk too: the sign flips where c < 0 (not −0: the JS loop tests c < 0).
        (local.set $neg (v128.and (f64x2.lt (local.get $c) (v128.const f64x2 0 0))
          (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        ;; g: G[i] of both lanes, then ΔG[i] of both lanes.
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $rowA))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $rowB))))
        (local.set $gLo (v128.xor (local.get $neg) (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
          (f64x2.mul (local.get $f)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $rowA))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $rowB))))
        (local.set $dLo (f64x2.div
          (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
            (f64x2.mul (local.get $f)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
          (local.get $v)))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $rowA))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $rowB))))
        (local.set $kLo (v128.xor (local.get $neg) (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
          (f64x2.mul (local.get $f)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))))
        ;; Clamped: dg/dc = 0 (as tf's clipByValue gradient). relu: all three 0 where c ≤ 0.
        (local.set $zeroed (v128.and (local.get $reluMask) (f64x2.le (local.get $c) (v128.const f64x2 0 0))))
        (local.set $gLo (f32x4.demote_f64x2_zero (v128.andnot (local.get $gLo) (local.get $zeroed))))
        (local.set $kLo (f32x4.demote_f64x2_zero (v128.andnot (local.get $kLo) (local.get $zeroed))))
        (local.set $dLo (f32x4.demote_f64x2_zero
          (v128.andnot (local.get $dLo) (v128.or (local.get $zeroed) (local.get $clamped)))))
        (local.set $c (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c4) (local.get $c4))))
        (local.set $ac (f64x2.abs (local.get $c)))
        (local.set $clamped (f64x2.ge (local.get $ac) (local.get $limitV)))
        (local.set $v (v128.bitselect (local.get $vMinV)
          (f64x2.sqrt (f64x2.sub (v128.const f64x2 1 1) (local.get $ac))) (local.get $clamped)))
        (local.set $p (f64x2.mul (local.get $v) (local.get $intervalsV)))
        (local.set $idx (i32x4.trunc_sat_f64x2_s_zero (local.get $p)))
        (local.set $f (f64x2.sub (local.get $p) (f64x2.convert_low_i32x4_s (local.get $idx))))
        (local.set $rowA (i32.add (i32.add (local.get $table) (i32.mul (local.get $j2) (local.get $stride))) (i32.mul (i32x4.extract_lane 0 (local.get $idx)) (i32.const 24))))
        (local.set $rowB (i32.add (i32.add (local.get $table) (i32.mul (local.get $j3) (local.get $stride))) (i32.mul (i32x4.extract_lane 1 (local.get $idx)) (i32.const 24))))
        ;; g is odd in c, dg/dk too: the sign flips where c < 0 (not −0: the JS loop tests c < 0).
        (local.set $neg (v128.and (f64x2.lt (local.get $c) (v128.const f64x2 0 0))
          (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
        ;; g: G[i] of both lanes, then ΔG[i] of both lanes.
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $rowA))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $rowB))))
        (local.set $gHi (v128.xor (local.get $neg) (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
          (f64x2.mul (local.get $f)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $rowA))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $rowB))))
        (local.set $dHi (f64x2.div
          (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
            (f64x2.mul (local.get $f)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
          (local.get $v)))
        (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $rowA))))
        (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $rowB))))
        (local.set $kHi (v128.xor (local.get $neg) (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
          (f64x2.mul (local.get $f)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))))
        ;; Clamped: dg/dc = 0 (as tf's clipByValue gradient). relu: all three 0 where c ≤ 0.
        (local.set $zeroed (v128.and (local.get $reluMask) (f64x2.le (local.get $c) (v128.const f64x2 0 0))))
        (local.set $gHi (f32x4.demote_f64x2_zero (v128.andnot (local.get $gHi) (local.get $zeroed))))
        (local.set $kHi (f32x4.demote_f64x2_zero (v128.andnot (local.get $kHi) (local.get $zeroed))))
        (local.set $dHi (f32x4.demote_f64x2_zero
          (v128.andnot (local.get $dHi) (v128.or (local.get $zeroed) (local.get $clamped)))))
      (local.set $gv (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $gLo) (local.get $gHi)))
      (local.set $dv (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $dLo) (local.get $dHi)))
      (local.set $kv (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $kLo) (local.get $kHi))))
    (v128.store (i32.add (local.get $g) (local.get $at)) (local.get $gv))
    (v128.store (i32.add (local.get $dgdc) (local.get $at)) (local.get $dv))
    (v128.store (i32.add (local.get $dgdk) (local.get $at)) (local.get $kv))
    (local.set $jA (select (i32.const 0) (i32.add (local.get $j3) (i32.const 1))
      (i32.eq (i32.add (local.get $j3) (i32.const 1)) (local.get $channels))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $four)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $at (i32.shl (local.get $i) (i32.const 2)))
    ;; Two cosines, or the last one (odd n; lane 1 is then 0, computed and dropped).
    (local.set $two (i32.ge_u (i32.sub (local.get $n) (local.get $i)) (i32.const 2)))
    (if (local.get $two)
      (then (local.set $c (v128.load64_zero (i32.add (local.get $x) (local.get $at)))))
      (else (local.set $c (v128.load32_zero (i32.add (local.get $x) (local.get $at))))))
    (local.set $jB (select (i32.const 0) (i32.add (local.get $jA) (i32.const 1))
      (i32.eq (i32.add (local.get $jA) (i32.const 1)) (local.get $channels))))
    (block $ready
      ;; Both ≤ 0 with relu (none NaN): all three 0.
      (if (i32.and (i32.ne (local.get $relu) (i32.const 0))
            (i32x4.all_true (f32x4.le (local.get $c) (v128.const f32x4 0 0 0 0))))
        (then
          (local.set $gv (v128.const i32x4 0 0 0 0))
          (local.set $dv (local.get $gv))
          (local.set $kv (local.get $gv))
          (br $ready)))
      ;; Both ±0: channel jA's and jB's values at c = 0.
      (if (i32x4.all_true (f32x4.eq (local.get $c) (v128.const f32x4 0 0 0 0)))
        (then
          (local.set $z (i32.shl (local.get $channels) (i32.const 2)))
          (local.set $rowA (i32.add (local.get $zeros) (i32.shl (local.get $jA) (i32.const 2))))
          (local.set $rowB (i32.add (local.get $zeros) (i32.shl (local.get $jB) (i32.const 2))))
          (local.set $gv (v128.load32_lane 1 (local.get $rowB) (v128.load32_zero (local.get $rowA))))
          (local.set $rowA (i32.add (local.get $rowA) (local.get $z)))
          (local.set $rowB (i32.add (local.get $rowB) (local.get $z)))
          (local.set $dv (v128.load32_lane 1 (local.get $rowB) (v128.load32_zero (local.get $rowA))))
          (local.set $rowA (i32.add (local.get $rowA) (local.get $z)))
          (local.set $rowB (i32.add (local.get $rowB) (local.get $z)))
          (local.set $kv (v128.load32_lane 1 (local.get $rowB) (v128.load32_zero (local.get $rowA))))
          (br $ready)))
      (local.set $c (f64x2.promote_low_f32x4 (local.get $c)))
      (local.set $ac (f64x2.abs (local.get $c)))
      (local.set $clamped (f64x2.ge (local.get $ac) (local.get $limitV)))
      (local.set $v (v128.bitselect (local.get $vMinV)
        (f64x2.sqrt (f64x2.sub (v128.const f64x2 1 1) (local.get $ac))) (local.get $clamped)))
      (local.set $p (f64x2.mul (local.get $v) (local.get $intervalsV)))
      (local.set $idx (i32x4.trunc_sat_f64x2_s_zero (local.get $p)))
      (local.set $f (f64x2.sub (local.get $p) (f64x2.convert_low_i32x4_s (local.get $idx))))
      (local.set $rowA (i32.add (i32.add (local.get $table) (i32.mul (local.get $jA) (local.get $stride))) (i32.mul (i32x4.extract_lane 0 (local.get $idx)) (i32.const 24))))
      (local.set $rowB (i32.add (i32.add (local.get $table) (i32.mul (local.get $jB) (local.get $stride))) (i32.mul (i32x4.extract_lane 1 (local.get $idx)) (i32.const 24))))
      ;; g is odd in c, dg/dk too: the sign flips where c < 0 (not −0: the JS loop tests c < 0).
      (local.set $neg (v128.and (f64x2.lt (local.get $c) (v128.const f64x2 0 0))
        (v128.const i64x2 0x8000000000000000 0x8000000000000000)))
      ;; g: G[i] of both lanes, then ΔG[i] of both lanes.
      (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $rowA))))
      (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $rowB))))
      (local.set $gv (v128.xor (local.get $neg) (f64x2.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
        (f64x2.mul (local.get $f)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))))
      (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $rowA))))
      (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $rowB))))
      (local.set $dv (f64x2.div
        (f64x2.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
          (f64x2.mul (local.get $f)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
        (local.get $v)))
      (local.set $lo (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $rowA))))
      (local.set $hi (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $rowB))))
      (local.set $kv (v128.xor (local.get $neg) (f64x2.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
        (f64x2.mul (local.get $f)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))))
      ;; Clamped: dg/dc = 0 (as tf's clipByValue gradient). relu: all three 0 where c ≤ 0.
      (local.set $zeroed (v128.and (local.get $reluMask) (f64x2.le (local.get $c) (v128.const f64x2 0 0))))
      (local.set $gv (f32x4.demote_f64x2_zero (v128.andnot (local.get $gv) (local.get $zeroed))))
      (local.set $kv (f32x4.demote_f64x2_zero (v128.andnot (local.get $kv) (local.get $zeroed))))
      (local.set $dv (f32x4.demote_f64x2_zero
        (v128.andnot (local.get $dv) (v128.or (local.get $zeroed) (local.get $clamped)))))
    )
    (if (local.get $two)
      (then
        (v128.store64_lane 0 (i32.add (local.get $g) (local.get $at)) (local.get $gv))
        (v128.store64_lane 0 (i32.add (local.get $dgdc) (local.get $at)) (local.get $dv))
        (v128.store64_lane 0 (i32.add (local.get $dgdk) (local.get $at)) (local.get $kv)))
      (else
        (v128.store32_lane 0 (i32.add (local.get $g) (local.get $at)) (local.get $gv))
        (v128.store32_lane 0 (i32.add (local.get $dgdc) (local.get $at)) (local.get $dv))
        (v128.store32_lane 0 (i32.add (local.get $dgdk) (local.get $at)) (local.get $kv))))
    ;; The next pair starts one channel after lane 1's.
    (local.set $jA (select (i32.const 0) (i32.add (local.get $jB) (i32.const 1))
      (i32.eq (i32.add (local.get $jB) (i32.const 1)) (local.get $channels))))
    (local.set $i (i32.add (local.get $i) (i32.const 2)))
    (br $next)))
)
