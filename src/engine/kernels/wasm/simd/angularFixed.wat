;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; The SphereConv operator with one table (src/sphere/fusedAngular.ts, applySharedTable):
;; g and dg/dc of n float32 cosines x, in float32, four cosines a step, with the JavaScript
;; loop's operations in its order (it rounds each with Math.fround), so the same bits:
;;   v = sqrt(1 − |c|) (vMin where |c| ≥ limit), p = v·intervals, i = trunc(p), f = p − i,
;;   g = ±(G[i] + f·ΔG[i]), dg/dc = (H[i] + f·ΔH[i]) / v (0 where clamped),
;; relu: 0 and 0 where c ≤ 0. The table holds, per node i, four float32 (16 bytes):
;; G[i], G[i+1] − G[i], H[i], H[i+1] − H[i] (sharedTableRows). A NaN cosine gives NaN (node 0,
;; as JS' p | 0). The float64 version this replaced spent most of its time in f64x2 square
;; roots and divisions, two lanes each.

;; g and dg/dc of four cosines (the lanes of $c4).
(func $angularFour
  (param $c4 v128) (param $table i32) (param $reluMask v128) (param $limit v128) (param $vMin v128)
  (param $intervals v128)
  (result v128 v128)
  (local $ac v128) (local $clamped v128) (local $v v128) (local $p v128) (local $idx v128)
  (local $f v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
  (local $lo v128) (local $hi v128) (local $g v128) (local $d v128) (local $zeroed v128)
  (local.set $ac (f32x4.abs (local.get $c4)))
  (local.set $clamped (f32x4.ge (local.get $ac) (local.get $limit)))
  (local.set $v (v128.bitselect (local.get $vMin)
    (f32x4.sqrt (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $ac))) (local.get $clamped)))
  (local.set $p (f32x4.mul (local.get $v) (local.get $intervals)))
  (local.set $idx (i32x4.trunc_sat_f32x4_s (local.get $p)))
  (local.set $f (f32x4.sub (local.get $p) (f32x4.convert_i32x4_s (local.get $idx))))
  ;; Each lane's row [G, ΔG, H, ΔH], then transposed: G, ΔG, H, ΔH of the four lanes.
  (local.set $r0 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 0 (local.get $idx)) (i32.const 4)))))
  (local.set $r1 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 1 (local.get $idx)) (i32.const 4)))))
  (local.set $r2 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 2 (local.get $idx)) (i32.const 4)))))
  (local.set $r3 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 3 (local.get $idx)) (i32.const 4)))))
  ;; lo = [G0, G1, ΔG0, ΔG1], hi = [G2, G3, ΔG2, ΔG3]
  (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
  (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
  (local.set $g (f32x4.add
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
    (f32x4.mul (local.get $f)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))))
  ;; g is odd in c: flip the sign where c < 0 (not −0: the JS loop tests c < 0).
  (local.set $g (v128.xor (local.get $g)
    (v128.and (f32x4.lt (local.get $c4) (v128.const f32x4 0 0 0 0)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
  ;; lo = [H0, H1, ΔH0, ΔH1], hi = [H2, H3, ΔH2, ΔH3]
  (local.set $lo (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
  (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
  (local.set $d (f32x4.div
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
      (f32x4.mul (local.get $f)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
    (local.get $v)))
  ;; Clamped: dg/dc = 0 (as tf's clipByValue gradient). relu: both 0 where c ≤ 0.
  (local.set $zeroed (v128.and (local.get $reluMask) (f32x4.le (local.get $c4) (v128.const f32x4 0 0 0 0))))
  (v128.andnot (local.get $g) (local.get $zeroed))
  (v128.andnot (local.get $d) (v128.or (local.get $zeroed) (local.get $clamped)))
)

(func (export "angularFixed")
  (param $x i32) (param $g i32) (param $dgdc i32) (param $n i32) (param $table i32)
  (param $relu i32) (param $limit f32) (param $vMin f32) (param $intervals f32)
  (local $i i32) (local $at i32) (local $n4 i32) (local $c4 v128) (local $reluMask v128)
  (local $limitV v128) (local $vMinV v128) (local $intervalsV v128) (local $gZero v128) (local $dZero v128)
  (local $gv v128) (local $dv v128)
  (local $ac v128) (local $clamped v128) (local $v v128) (local $p v128) (local $idx v128)
  (local $f v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
  (local $lo v128) (local $hi v128) (local $zeroed v128)
  (local.set $limitV (f32x4.splat (local.get $limit)))
  (local.set $vMinV (f32x4.splat (local.get $vMin)))
  (local.set $intervalsV (f32x4.splat (local.get $intervals)))
  ;; All ones when relu is on: the lanes with c ≤ 0 are then zeroed.
  (local.set $reluMask (i32x4.splat (i32.sub (i32.const 0) (i32.ne (local.get $relu) (i32.const 0)))))
  ;; g and dg/dc at c = +0 (the shortcut below), as the loop computes them (relu off).
  (call $angularFour (v128.const f32x4 0 0 0 0) (local.get $table) (v128.const i32x4 0 0 0 0)
    (local.get $limitV) (local.get $vMinV) (local.get $intervalsV))
  (local.set $dZero)
  (local.set $gZero)
  (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
  (block $fourDone (loop $four
    (br_if $fourDone (i32.ge_u (local.get $i) (local.get $n4)))
    (local.set $at (i32.shl (local.get $i) (i32.const 2)))
    (local.set $c4 (v128.load (i32.add (local.get $x) (local.get $at))))
    (block $stored
      ;; Shortcuts where all four are ≤ 0 (none NaN), common in the first layer (MNIST's blank
      ;; background gives cos = 0): with relu 0 and 0, else where all four are ±0 the c = 0 values.
      (if (i32x4.all_true (f32x4.le (local.get $c4) (v128.const f32x4 0 0 0 0)))
        (then
          (if (local.get $relu)
            (then
              (v128.store (i32.add (local.get $g) (local.get $at)) (v128.const i32x4 0 0 0 0))
              (v128.store (i32.add (local.get $dgdc) (local.get $at)) (v128.const i32x4 0 0 0 0))
              (br $stored)))
          (if (i32x4.all_true (f32x4.eq (local.get $c4) (v128.const f32x4 0 0 0 0)))
            (then
              (v128.store (i32.add (local.get $g) (local.get $at)) (local.get $gZero))
              (v128.store (i32.add (local.get $dgdc) (local.get $at)) (local.get $dZero))
              (br $stored)))))
      ;; $angularFour's body, inlined (V8 does not inline wasm calls here; the call cost ~18% of the kernel's time).
      (local.set $ac (f32x4.abs (local.get $c4)))
      (local.set $clamped (f32x4.ge (local.get $ac) (local.get $limitV)))
      (local.set $v (v128.bitselect (local.get $vMinV)
        (f32x4.sqrt (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $ac))) (local.get $clamped)))
      (local.set $p (f32x4.mul (local.get $v) (local.get $intervalsV)))
      (local.set $idx (i32x4.trunc_sat_f32x4_s (local.get $p)))
      (local.set $f (f32x4.sub (local.get $p) (f32x4.convert_i32x4_s (local.get $idx))))
      ;; Each lane's row [G, ΔG, H, ΔH], then transposed: G, ΔG, H, ΔH of the four lanes.
      (local.set $r0 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 0 (local.get $idx)) (i32.const 4)))))
      (local.set $r1 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 1 (local.get $idx)) (i32.const 4)))))
      (local.set $r2 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 2 (local.get $idx)) (i32.const 4)))))
      (local.set $r3 (v128.load (i32.add (local.get $table) (i32.shl (i32x4.extract_lane 3 (local.get $idx)) (i32.const 4)))))
      ;; lo = [G0, G1, ΔG0, ΔG1], hi = [G2, G3, ΔG2, ΔG3]
      (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
      (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
      (local.set $gv (f32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
        (f32x4.mul (local.get $f)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))))
      ;; g is odd in c: flip the sign where c < 0 (not −0: the JS loop tests c < 0).
      (local.set $gv (v128.xor (local.get $gv)
        (v128.and (f32x4.lt (local.get $c4) (v128.const f32x4 0 0 0 0)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
      ;; lo = [H0, H1, ΔH0, ΔH1], hi = [H2, H3, ΔH2, ΔH3]
      (local.set $lo (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
      (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
      (local.set $dv (f32x4.div
        (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
          (f32x4.mul (local.get $f)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi))))
        (local.get $v)))
      ;; Clamped: dg/dc = 0 (as tf's clipByValue gradient). relu: both 0 where c ≤ 0.
      (local.set $zeroed (v128.and (local.get $reluMask) (f32x4.le (local.get $c4) (v128.const f32x4 0 0 0 0))))
      (v128.store (i32.add (local.get $g) (local.get $at)) (v128.andnot (local.get $gv) (local.get $zeroed)))
      (v128.store (i32.add (local.get $dgdc) (local.get $at))
        (v128.andnot (local.get $dv) (v128.or (local.get $zeroed) (local.get $clamped)))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $four)))
  ;; The last one to three cosines, one at a time in lane 0 (the other lanes read c = 0).
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $at (i32.shl (local.get $i) (i32.const 2)))
    (call $angularFour (v128.load32_zero (i32.add (local.get $x) (local.get $at))) (local.get $table)
      (local.get $reluMask) (local.get $limitV) (local.get $vMinV) (local.get $intervalsV))
    (local.set $dv)
    (local.set $gv)
    (v128.store32_lane 0 (i32.add (local.get $g) (local.get $at)) (local.get $gv))
    (v128.store32_lane 0 (i32.add (local.get $dgdc) (local.get $at)) (local.get $dv))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
)
