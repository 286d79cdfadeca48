;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; The SphereConv operator with one table (src/sphere/fusedAngular.ts, applySharedTable):
;; g and dg/dc of n float32 cosines x. The JavaScript loop computes in float64 and rounds once
;; to float32; so does this one (f64x2, four cosines a step), with the same operations in the
;; same order, so that the outputs are the same bits:
;;   v = sqrt(1 − |c|) (V_MIN where |c| ≥ limit), p = v·intervals, i = trunc(p), f = p − i,
;;   g = ±(G[i] + f·ΔG[i]), dg/dc = (H[i] + f·ΔH[i]) / v (0 where clamped),
;; relu: 0 and 0 where c ≤ 0. The table holds, per node i, four float64 (32 bytes):
;; G[i], G[i+1] − G[i], H[i], H[i+1] − H[i] (the differences the JS loop forms, made once).
;; NaN cosines give NaN (index 0, as JS' p | 0), as the JS loop does.
(func (export "angularFixed")
  (param $x i32) (param $g i32) (param $dgdc i32) (param $n i32) (param $table i32)
  (param $relu i32) (param $limit f64) (param $vMin f64) (param $intervals f64)
  (local $i i32) (local $two i32) (local $rowA i32) (local $rowB i32) (local $idx v128)
  (local $c v128) (local $ac v128) (local $clamped v128) (local $v v128) (local $p v128)
  (local $f v128) (local $lo v128) (local $hi v128) (local $gv v128) (local $dv v128)
  (local $zeroed v128) (local $reluMask v128) (local $limitV v128) (local $vMinV v128)
  (local $intervalsV v128) (local $c4 v128) (local $gLo v128) (local $gHi v128) (local $dLo v128)
  (local $dHi v128) (local $signBit v128) (local $n4 i32) (local $at i32)
  (local $p0 f64) (local $row0 i32) (local $f0 f64) (local $gZero v128) (local $dZero v128)
  (local.set $signBit (v128.const i64x2 0x8000000000000000 0x8000000000000000))
  (local.set $limitV (f64x2.splat (local.get $limit)))
  (local.set $vMinV (f64x2.splat (local.get $vMin)))
  (local.set $intervalsV (f64x2.splat (local.get $intervals)))
  ;; All ones when relu is on: the lanes with c ≤ 0 are then zeroed.
  (local.set $reluMask (i64x2.splat (i64.extend_i32_u (i32.ne (local.get $relu) (i32.const 0)))))
  (local.set $reluMask (i64x2.neg (local.get $reluMask)))
;; g and dg/dc at c = ±0, by the scalar twins of the operations below (v = 1; limit > 0).
  (local.set $p0 (f64.mul (f64.sqrt (f64.const 1)) (local.get $intervals)))
  (local.set $row0 (i32.add (local.get $table) (i32.shl (i32.trunc_sat_f64_s (local.get $p0)) (i32.const 5))))
  (local.set $f0 (f64.sub (local.get $p0) (f64.convert_i32_s (i32.trunc_sat_f64_s (local.get $p0)))))
  (local.set $gZero (f32x4.splat (f32.demote_f64 (f64.add (f64.load (local.get $row0))
    (f64.mul (local.get $f0) (f64.load offset=8 (local.get $row0)))))))
  (local.set $dZero (f32x4.splat (f32.demote_f64 (f64.div (f64.add (f64.load offset=16 (local.get $row0))
    (f64.mul (local.get $f0) (f64.load offset=24 (local.get $row0)))) (f64.sqrt (f64.const 1))))))
  ;; Four cosines a step (one load, one store per output), the two halves as f64x2.
  (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
  (block $fourDone (loop $four
    (br_if $fourDone (i32.ge_u (local.get $i) (local.get $n4)))
    (local.set $at (i32.shl (local.get $i) (i32.const 2)))
    (local.set $c4 (v128.load (i32.add (local.get $x) (local.get $at))))
    ;; Shortcuts where all four are ≤ 0 (none NaN), common in the first layer (MNIST's blank
    ;; background gives cos = 0): with relu 0 and 0, else where all four are ±0 the c = 0 values.
    (if (i32x4.all_true (f32x4.le (local.get $c4) (v128.const f32x4 0 0 0 0)))
      (then
        (if (local.get $relu)
          (then
            (v128.store (i32.add (local.get $g) (local.get $at)) (v128.const i32x4 0 0 0 0))
            (v128.store (i32.add (local.get $dgdc) (local.get $at)) (v128.const i32x4 0 0 0 0))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $four)))
        (if (i32x4.all_true (f32x4.eq (local.get $c4) (v128.const f32x4 0 0 0 0)))
          (then
            (v128.store (i32.add (local.get $g) (local.get $at)) (local.get $gZero))
            (v128.store (i32.add (local.get $dgdc) (local.get $at)) (local.get $dZero))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $four)))))
    ;; ---- cosines 0, 1 of the four
    (local.set $c (f64x2.promote_low_f32x4 (local.get $c4)))
    (local.set $ac (f64x2.abs (local.get $c)))
    (local.set $clamped (f64x2.ge (local.get $ac) (local.get $limitV)))
    (local.set $v (v128.bitselect (local.get $vMinV)
      (f64x2.sqrt (f64x2.sub (v128.const f64x2 1 1) (local.get $ac))) (local.get $clamped)))
    (local.set $p (f64x2.mul (local.get $v) (local.get $intervalsV)))
    (local.set $idx (i32x4.trunc_sat_f64x2_s_zero (local.get $p)))
    (local.set $f (f64x2.sub (local.get $p) (f64x2.convert_low_i32x4_s (local.get $idx))))
    (local.set $rowA (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 0 (local.get $idx)) (i32.const 5))))
    (local.set $rowB (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 1 (local.get $idx)) (i32.const 5))))
    (local.set $lo (v128.load (local.get $rowA)))
    (local.set $hi (v128.load (local.get $rowB)))
    (local.set $gLo (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
      (f64x2.mul (local.get $f)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))))
    (local.set $gLo (v128.xor (local.get $gLo)
      (v128.and (f64x2.lt (local.get $c) (v128.const f64x2 0 0)) (local.get $signBit))))
    (local.set $lo (v128.load offset=16 (local.get $rowA)))
    (local.set $hi (v128.load offset=16 (local.get $rowB)))
    (local.set $dLo (f64x2.div
      (f64x2.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
        (f64x2.mul (local.get $f)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
      (local.get $v)))
    (local.set $zeroed (v128.and (local.get $reluMask) (f64x2.le (local.get $c) (v128.const f64x2 0 0))))
    (local.set $gLo (f32x4.demote_f64x2_zero (v128.andnot (local.get $gLo) (local.get $zeroed))))
    (local.set $dLo (f32x4.demote_f64x2_zero
      (v128.andnot (local.get $dLo) (v128.or (local.get $zeroed) (local.get $clamped)))))
    ;; ---- cosines 2, 3 of the four
    (local.set $c (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c4) (local.get $c4))))
    (local.set $ac (f64x2.abs (local.get $c)))
    (local.set $clamped (f64x2.ge (local.get $ac) (local.get $limitV)))
    (local.set $v (v128.bitselect (local.get $vMinV)
      (f64x2.sqrt (f64x2.sub (v128.const f64x2 1 1) (local.get $ac))) (local.get $clamped)))
    (local.set $p (f64x2.mul (local.get $v) (local.get $intervalsV)))
    (local.set $idx (i32x4.trunc_sat_f64x2_s_zero (local.get $p)))
    (local.set $f (f64x2.sub (local.get $p) (f64x2.convert_low_i32x4_s (local.get $idx))))
    (local.set $rowA (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 0 (local.get $idx)) (i32.const 5))))
    (local.set $rowB (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 1 (local.get $idx)) (i32.const 5))))
    (local.set $lo (v128.load (local.get $rowA)))
    (local.set $hi (v128.load (local.get $rowB)))
    (local.set $gHi (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
      (f64x2.mul (local.get $f)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))))
    (local.set $gHi (v128.xor (local.get $gHi)
      (v128.and (f64x2.lt (local.get $c) (v128.const f64x2 0 0)) (local.get $signBit))))
    (local.set $lo (v128.load offset=16 (local.get $rowA)))
    (local.set $hi (v128.load offset=16 (local.get $rowB)))
    (local.set $dHi (f64x2.div
      (f64x2.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
        (f64x2.mul (local.get $f)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
      (local.get $v)))
    (local.set $zeroed (v128.and (local.get $reluMask) (f64x2.le (local.get $c) (v128.const f64x2 0 0))))
    (local.set $gHi (f32x4.demote_f64x2_zero (v128.andnot (local.get $gHi) (local.get $zeroed))))
    (local.set $dHi (f32x4.demote_f64x2_zero
      (v128.andnot (local.get $dHi) (v128.or (local.get $zeroed) (local.get $clamped)))))

    (v128.store (i32.add (local.get $g) (local.get $at))
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $gLo) (local.get $gHi)))
    (v128.store (i32.add (local.get $dgdc) (local.get $at))
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $dLo) (local.get $dHi)))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $four)))
  ;; The last one to three cosines: two, then one, as above.
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    ;; Two cosines, or the last one (odd n).
    (local.set $two (i32.ge_u (i32.sub (local.get $n) (local.get $i)) (i32.const 2)))
    (if (local.get $two)
      (then (local.set $c (v128.load64_zero (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))))
      (else (local.set $c (v128.load32_zero (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))))
    (local.set $c (f64x2.promote_low_f32x4 (local.get $c)))
    (local.set $ac (f64x2.abs (local.get $c)))
    (local.set $clamped (f64x2.ge (local.get $ac) (local.get $limitV)))
    (local.set $v (v128.bitselect
      (local.get $vMinV)
      (f64x2.sqrt (f64x2.sub (v128.const f64x2 1 1) (local.get $ac)))
      (local.get $clamped)))
    (local.set $p (f64x2.mul (local.get $v) (local.get $intervalsV)))
    (local.set $idx (i32x4.trunc_sat_f64x2_s_zero (local.get $p)))
    (local.set $f (f64x2.sub (local.get $p) (f64x2.convert_low_i32x4_s (local.get $idx))))
    (local.set $rowA (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 0 (local.get $idx)) (i32.const 5))))
    (local.set $rowB (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 1 (local.get $idx)) (i32.const 5))))
    ;; g: G[i] of both lanes, then ΔG[i] of both lanes.
    (local.set $lo (v128.load (local.get $rowA)))
    (local.set $hi (v128.load (local.get $rowB)))
    (local.set $gv (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
      (f64x2.mul (local.get $f)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))))
    ;; g is odd in c: flip the sign where c < 0 (not −0: the JS loop tests c < 0).
    (local.set $gv (v128.xor (local.get $gv)
      (v128.and (f64x2.lt (local.get $c) (v128.const f64x2 0 0))
                (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
    (local.set $lo (v128.load offset=16 (local.get $rowA)))
    (local.set $hi (v128.load offset=16 (local.get $rowB)))
    (local.set $dv (f64x2.div
      (f64x2.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
        (f64x2.mul (local.get $f)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
      (local.get $v)))
    ;; Clamped: dg/dc = 0 (as tf's clipByValue gradient). relu: both 0 where c ≤ 0.
    (local.set $zeroed (v128.and (local.get $reluMask) (f64x2.le (local.get $c) (v128.const f64x2 0 0))))
    (local.set $gv (f32x4.demote_f64x2_zero (v128.andnot (local.get $gv) (local.get $zeroed))))
    (local.set $dv (f32x4.demote_f64x2_zero
      (v128.andnot (local.get $dv) (v128.or (local.get $zeroed) (local.get $clamped)))))
    (if (local.get $two)
      (then
        (v128.store64_lane 0 (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 2))) (local.get $gv))
        (v128.store64_lane 0 (i32.add (local.get $dgdc) (i32.shl (local.get $i) (i32.const 2))) (local.get $dv)))
      (else
        (v128.store32_lane 0 (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 2))) (local.get $gv))
        (v128.store32_lane 0 (i32.add (local.get $dgdc) (i32.shl (local.get $i) (i32.const 2))) (local.get $dv))))
    (local.set $i (i32.add (local.get $i) (i32.const 2)))
    (br $next)))
)
