;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; Training BatchNorm's passes over the data; ../batchNorm.ts keeps the per-channel algebra in
;; float64. Tensors x, y, dy, dx are [rows, c] (channels last, c a multiple of 4); per-channel
;; vectors (center, scale, offset, a, b, k) are float32 [c]; sums are float64 [2c], written whole.
;; Every pass walks blocks of 32 rows (2 KB at c = 16, in L1) one 4-channel group at a time,
;; the group's coefficients and running sums in registers. The sums are float32 within a block
;; and each block's partials go into the float64 sums (f64x2.promote_low_f32x4), so float32
;; rounding is that of a 32-term sum, not of a 50,000-term one.

;; sums[ch] = Σ(x − x₀), sums[c + ch] = Σ(x − x₀)², x₀ = the channel's value in row 0: shifted by
;; a value inside the data, E[d²] − E[d]² does not cancel when |mean| ≫ std.
(func (export "bnMomentSums")
  (param $x i32) (param $rows i32) (param $c i32) (param $sums i32)
  (local $rowBytes i32) (local $total i32) (local $start i32) (local $end i32) (local $g i32)
  (local $p i32) (local $pEnd i32) (local $at i32)
  (local $shift v128) (local $d v128) (local $s v128) (local $q v128)
  (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $total (i32.mul (local.get $rows) (local.get $rowBytes)))
  (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $c) (i32.const 4)))
  (block $blocksDone (loop $blockLoop
    (br_if $blocksDone (i32.ge_u (local.get $start) (local.get $total)))
    (local.set $end (i32.add (local.get $start) (i32.shl (local.get $rowBytes) (i32.const 5))))
    (if (i32.gt_u (local.get $end) (local.get $total)) (then (local.set $end (local.get $total))))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_u (local.get $g) (local.get $rowBytes)))
      (local.set $shift (v128.load (i32.add (local.get $x) (local.get $g))))
      (local.set $s (v128.const i32x4 0 0 0 0))
      (local.set $q (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $x) (i32.add (local.get $start) (local.get $g))))
      (local.set $pEnd (i32.add (local.get $x) (i32.add (local.get $end) (local.get $g))))
      (block $rDone (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $p) (local.get $pEnd)))
        (local.set $d (f32x4.sub (v128.load (local.get $p)) (local.get $shift)))
        (local.set $s (f32x4.add (local.get $s) (local.get $d)))
        (local.set $q (f32x4.add (local.get $q) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
        (br $rLoop)))
      ;; Channel g/4's float64 sums sit at byte 2g, its squares 8c = 2·rowBytes further.
      (local.set $at (i32.add (local.get $sums) (i32.shl (local.get $g) (i32.const 1))))
      (v128.store (local.get $at)
        (f64x2.add (v128.load (local.get $at)) (f64x2.promote_low_f32x4 (local.get $s))))
      (v128.store offset=16 (local.get $at)
        (f64x2.add (v128.load offset=16 (local.get $at)) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $s) (local.get $s)))))
      (local.set $at (i32.add (local.get $at) (i32.shl (local.get $rowBytes) (i32.const 1))))
      (v128.store (local.get $at)
        (f64x2.add (v128.load (local.get $at)) (f64x2.promote_low_f32x4 (local.get $q))))
      (v128.store offset=16 (local.get $at)
        (f64x2.add (v128.load offset=16 (local.get $at)) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $q) (local.get $q)))))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gLoop)))
    (local.set $start (local.get $end))
    (br $blockLoop)))
)

;; y = (x − center)·scale + offset per channel (centered: x·a + b would cancel in float32 when
;; |mean| ≫ std).
(func (export "bnAffine")
  (param $x i32) (param $center i32) (param $scale i32) (param $offset i32) (param $y i32)
  (param $rows i32) (param $c i32)
  (local $rowBytes i32) (local $total i32) (local $start i32) (local $end i32) (local $g i32)
  (local $o i32) (local $oEnd i32)
  (local $m v128) (local $a v128) (local $b v128)
  (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $total (i32.mul (local.get $rows) (local.get $rowBytes)))
  (block $blocksDone (loop $blockLoop
    (br_if $blocksDone (i32.ge_u (local.get $start) (local.get $total)))
    (local.set $end (i32.add (local.get $start) (i32.shl (local.get $rowBytes) (i32.const 5))))
    (if (i32.gt_u (local.get $end) (local.get $total)) (then (local.set $end (local.get $total))))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_u (local.get $g) (local.get $rowBytes)))
      (local.set $m (v128.load (i32.add (local.get $center) (local.get $g))))
      (local.set $a (v128.load (i32.add (local.get $scale) (local.get $g))))
      (local.set $b (v128.load (i32.add (local.get $offset) (local.get $g))))
      (local.set $o (i32.add (local.get $start) (local.get $g)))
      (local.set $oEnd (i32.add (local.get $end) (local.get $g)))
      (block $rDone (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $o) (local.get $oEnd)))
        (v128.store (i32.add (local.get $y) (local.get $o))
          (f32x4.add (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $m))
                                (local.get $a))
                     (local.get $b)))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (br $rLoop)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gLoop)))
    (local.set $start (local.get $end))
    (br $blockLoop)))
)

;; sums[ch] = Σ(dy − dy₀), dy₀ = the channel's dy in row 0 (shifted as in bnMomentSums: dy's mean
;; can be large next to its spread, and Σdy/M must resolve that spread), sums[c + ch] =
;; Σdy·(x − center), center = the forward pass's mean. These products are float64 (exact) and
;; add up in float64 registers row by row: with dy's mean ≫ its spread, dy·(x − mean) is mostly
;; mean(dy)·(x − mean), which cancels over the rows; float32 products and partials lost up to
;; 1e-5 of the sum there (a shift of dy leaves the same error in dy₀·Σ(x − mean)).
(func (export "bnGradSums")
  (param $dy i32) (param $x i32) (param $center i32) (param $rows i32) (param $c i32) (param $sums i32)
  (local $rowBytes i32) (local $total i32) (local $start i32) (local $end i32) (local $g i32)
  (local $o i32) (local $oEnd i32) (local $at i32)
  (local $m v128) (local $shift v128) (local $e v128) (local $s v128) (local $xc v128)
  (local $qLo v128) (local $qHi v128)
  (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $total (i32.mul (local.get $rows) (local.get $rowBytes)))
  (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $c) (i32.const 4)))
  (block $blocksDone (loop $blockLoop
    (br_if $blocksDone (i32.ge_u (local.get $start) (local.get $total)))
    (local.set $end (i32.add (local.get $start) (i32.shl (local.get $rowBytes) (i32.const 5))))
    (if (i32.gt_u (local.get $end) (local.get $total)) (then (local.set $end (local.get $total))))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_u (local.get $g) (local.get $rowBytes)))
      (local.set $m (v128.load (i32.add (local.get $center) (local.get $g))))
      (local.set $shift (v128.load (i32.add (local.get $dy) (local.get $g))))
      (local.set $s (v128.const i32x4 0 0 0 0))
      (local.set $qLo (v128.const i32x4 0 0 0 0))
      (local.set $qHi (v128.const i32x4 0 0 0 0))
      (local.set $o (i32.add (local.get $start) (local.get $g)))
      (local.set $oEnd (i32.add (local.get $end) (local.get $g)))
      (block $rDone (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $o) (local.get $oEnd)))
        (local.set $e (v128.load (i32.add (local.get $dy) (local.get $o))))
        (local.set $s (f32x4.add (local.get $s) (f32x4.sub (local.get $e) (local.get $shift))))
        (local.set $xc (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $m)))
        (local.set $qLo (f64x2.add (local.get $qLo)
          (f64x2.mul (f64x2.promote_low_f32x4 (local.get $e)) (f64x2.promote_low_f32x4 (local.get $xc)))))
        (local.set $qHi (f64x2.add (local.get $qHi)
          (f64x2.mul
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $e) (local.get $e)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xc) (local.get $xc))))))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (br $rLoop)))
      (local.set $at (i32.add (local.get $sums) (i32.shl (local.get $g) (i32.const 1))))
      (v128.store (local.get $at)
        (f64x2.add (v128.load (local.get $at)) (f64x2.promote_low_f32x4 (local.get $s))))
      (v128.store offset=16 (local.get $at)
        (f64x2.add (v128.load offset=16 (local.get $at)) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $s) (local.get $s)))))
      (local.set $at (i32.add (local.get $at) (i32.shl (local.get $rowBytes) (i32.const 1))))
      (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (local.get $qLo)))
      (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (local.get $qHi)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gLoop)))
    (local.set $start (local.get $end))
    (br $blockLoop)))
)

;; dx = a·(dy − dyCenter) + b·(x − center) + k per channel: both centered (dy − its mean is the
;; small part of dy, as x − mean is of x), so float32 does not cancel a·dy against k.
(func (export "bnGradApply")
  (param $dy i32) (param $dyCenter i32) (param $x i32) (param $center i32) (param $a i32) (param $b i32)
  (param $k i32) (param $dx i32) (param $rows i32) (param $c i32)
  (local $rowBytes i32) (local $total i32) (local $start i32) (local $end i32) (local $g i32)
  (local $o i32) (local $oEnd i32)
  (local $m v128) (local $dm v128) (local $va v128) (local $vb v128) (local $vk v128)
  (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $total (i32.mul (local.get $rows) (local.get $rowBytes)))
  (block $blocksDone (loop $blockLoop
    (br_if $blocksDone (i32.ge_u (local.get $start) (local.get $total)))
    (local.set $end (i32.add (local.get $start) (i32.shl (local.get $rowBytes) (i32.const 5))))
    (if (i32.gt_u (local.get $end) (local.get $total)) (then (local.set $end (local.get $total))))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_u (local.get $g) (local.get $rowBytes)))
      (local.set $m (v128.load (i32.add (local.get $center) (local.get $g))))
      (local.set $dm (v128.load (i32.add (local.get $dyCenter) (local.get $g))))
      (local.set $va (v128.load (i32.add (local.get $a) (local.get $g))))
      (local.set $vb (v128.load (i32.add (local.get $b) (local.get $g))))
      (local.set $vk (v128.load (i32.add (local.get $k) (local.get $g))))
      (local.set $o (i32.add (local.get $start) (local.get $g)))
      (local.set $oEnd (i32.add (local.get $end) (local.get $g)))
      (block $rDone (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $o) (local.get $oEnd)))
        (v128.store (i32.add (local.get $dx) (local.get $o))
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $va)
                                  (f32x4.sub (v128.load (i32.add (local.get $dy) (local.get $o))) (local.get $dm)))
                       (f32x4.mul (local.get $vb)
                                  (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $m))))
            (local.get $vk)))
        (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
        (br $rLoop)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gLoop)))
    (local.set $start (local.get $end))
    (br $blockLoop)))
)
