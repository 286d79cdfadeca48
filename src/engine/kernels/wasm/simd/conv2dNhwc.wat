;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; A stride-1 conv, NHWC, cout a multiple of 8, on an input already padded (zeros around it):
;; y[b, p, q, co] = sum over i, j, ci of x[b, p + i, q + j, ci] * w[i, j, ci, co],
;; x [batch, hp, wp, cin] (padded), y [batch, oh, ow, cout], oh = hp - kh + 1, ow = wp - kw + 1,
;; and the filter w [kh, kw, cin, cout] packed by packFilter8 below: per block of 8 output
;; channels, its kh·kw·cin rows of 8 in (i, j, ci) order, 32 bytes apart (a block's filter is
;; then one run of memory: 9 kB for 3×3×32, where the rows of [kh, kw, cin, cout] were spread
;; over cout/8 times as many cache lines; the 32 → 64 conv of bench:conv went 3.4 → 3.1 ms).
;; Per output row and block of 8 output channels, four positions at a time hold eight
;; accumulators (4 positions × 8 channels) over every tap and input channel: x splat per
;; position, w's 8 channels loaded once for the four. The kh input rows (a few kB) and the block's
;; filter stay in L1. Where 4 does not divide ow, the last block is the row's last four positions,
;; overlapping the one before: those outputs are computed twice, in the same order, so written
;; twice with the same bits. Rows narrower than 4: one by one. Sums in (i, j, ci) order, float32.
;; XNNPACK's conv ran the Lab's 16 → 32 conv at ~14 GFLOP/s here.
;; (Larger loop bodies compile worse under V8 here: the taps unrolled four at a time, one x
;; pointer per position and w at constant offsets, took the 16 → 32 conv from 3.1 to 4.9 ms, and
;; this same body written twice per turn to 4.7 ms. Not kept.)
(func (export "conv2dNhwc")
  (param $x i32) (param $w i32) (param $y i32)
  (param $batch i32) (param $hp i32) (param $wp i32) (param $oh i32) (param $ow i32)
  (param $kh i32) (param $kw i32) (param $cin i32) (param $cout i32)
  (local $b i32) (local $p i32) (local $q i32) (local $i i32) (local $ci i32) (local $co i32)
  (local $cinB i32) (local $cin2B i32) (local $cin3B i32) (local $coutB i32)
  (local $yrow i32) (local $xrow i32) (local $xp i32) (local $wq i32) (local $op i32) (local $qb i32)
  (local $s v128) (local $d0 v128) (local $d1 v128)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
  (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
  (local.set $cinB (i32.shl (local.get $cin) (i32.const 2)))
  (local.set $cin2B (i32.shl (local.get $cinB) (i32.const 1)))
  (local.set $cin3B (i32.add (local.get $cin2B) (local.get $cinB)))
  (local.set $coutB (i32.shl (local.get $cout) (i32.const 2)))
  (block $bDone (loop $bLoop
    (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
    (local.set $p (i32.const 0))
    (block $pDone (loop $pLoop
      (br_if $pDone (i32.ge_s (local.get $p) (local.get $oh)))
      (local.set $yrow (i32.add (local.get $y)
        (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $p)) (local.get $ow))
                 (local.get $coutB))))
      (local.set $co (i32.const 0))
      (block $coDone (loop $coLoop
        (br_if $coDone (i32.ge_s (local.get $co) (local.get $cout)))
        ;; ---- four positions at a time, from qb = min(q, ow - 4)
        (local.set $q (i32.const 0))
        (block $qDone (loop $qLoop
          (br_if $qDone (i32.or (i32.ge_s (local.get $q) (local.get $ow)) (i32.lt_s (local.get $ow) (i32.const 4))))
          (local.set $qb (local.get $q))
          (if (i32.gt_s (local.get $qb) (i32.sub (local.get $ow) (i32.const 4)))
            (then (local.set $qb (i32.sub (local.get $ow) (i32.const 4)))))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $a4 (v128.const i32x4 0 0 0 0))
          (local.set $a5 (v128.const i32x4 0 0 0 0))
          (local.set $a6 (v128.const i32x4 0 0 0 0))
          (local.set $a7 (v128.const i32x4 0 0 0 0))
          (local.set $wq (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $kh) (i32.mul (local.get $kw) (local.get $cin))) (local.get $co)) (i32.const 2))))
          (local.set $i (i32.const 0))
          (block $iDone (loop $iLoop
            (br_if $iDone (i32.ge_s (local.get $i) (local.get $kh)))
            (local.set $xrow (i32.add (local.get $x)
              (i32.mul
                (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $hp)) (i32.add (local.get $p) (local.get $i)))
                                  (local.get $wp))
                         (local.get $qb))
                (local.get $cinB))))
            ;; The kw taps of a row are kw·cin consecutive inputs, against kw·cin consecutive w rows.
            (local.set $xp (local.get $xrow))
            (local.set $ci (i32.mul (local.get $kw) (local.get $cin)))
            (loop $ciLoop
              (local.set $d0 (v128.load (local.get $wq)))
              (local.set $d1 (v128.load offset=16 (local.get $wq)))
              (local.set $s (v128.load32_splat (local.get $xp)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $cinB))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $cin2B))))
              (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $cin3B))))
              (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
              (local.set $wq (i32.add (local.get $wq) (i32.const 32)))
              (local.set $ci (i32.sub (local.get $ci) (i32.const 1)))
              (br_if $ciLoop (local.get $ci)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iLoop)))
          (local.set $op (i32.add (local.get $yrow)
            (i32.add (i32.mul (local.get $qb) (local.get $coutB)) (i32.shl (local.get $co) (i32.const 2)))))
          (v128.store (local.get $op) (local.get $a0))
          (v128.store offset=16 (local.get $op) (local.get $a1))
          (local.set $op (i32.add (local.get $op) (local.get $coutB)))
          (v128.store (local.get $op) (local.get $a2))
          (v128.store offset=16 (local.get $op) (local.get $a3))
          (local.set $op (i32.add (local.get $op) (local.get $coutB)))
          (v128.store (local.get $op) (local.get $a4))
          (v128.store offset=16 (local.get $op) (local.get $a5))
          (local.set $op (i32.add (local.get $op) (local.get $coutB)))
          (v128.store (local.get $op) (local.get $a6))
          (v128.store offset=16 (local.get $op) (local.get $a7))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br $qLoop)))
        ;; ---- rows narrower than 4: one position at a time (q = 0 here)
        (block $rDone (loop $rLoop
          (br_if $rDone (i32.ge_s (local.get $q) (local.get $ow)))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $wq (i32.add (local.get $w) (i32.shl (i32.mul (i32.mul (local.get $kh) (i32.mul (local.get $kw) (local.get $cin))) (local.get $co)) (i32.const 2))))
          (local.set $i (i32.const 0))
          (block $riDone (loop $riLoop
            (br_if $riDone (i32.ge_s (local.get $i) (local.get $kh)))
            (local.set $xp (i32.add (local.get $x)
              (i32.mul
                (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $hp)) (i32.add (local.get $p) (local.get $i)))
                                  (local.get $wp))
                         (local.get $q))
                (local.get $cinB))))
            ;; The kw taps of a row are kw·cin consecutive inputs, against kw·cin consecutive w rows.
            (local.set $ci (i32.mul (local.get $kw) (local.get $cin)))
            (loop $rciLoop
              (local.set $s (v128.load32_splat (local.get $xp)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load (local.get $wq)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $wq)))))
              (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
              (local.set $wq (i32.add (local.get $wq) (i32.const 32)))
              (local.set $ci (i32.sub (local.get $ci) (i32.const 1)))
              (br_if $rciLoop (local.get $ci)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $riLoop)))
          (local.set $op (i32.add (local.get $yrow)
            (i32.add (i32.mul (local.get $q) (local.get $coutB)) (i32.shl (local.get $co) (i32.const 2)))))
          (v128.store (local.get $op) (local.get $a0))
          (v128.store offset=16 (local.get $op) (local.get $a1))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $rLoop)))
        (local.set $co (i32.add (local.get $co) (i32.const 8)))
        (br $coLoop)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pLoop)))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bLoop)))
)

;; w [rows, cout] (rows = kh·kw·cin, cout a multiple of 8) into conv2dNhwc's packed filter: per
;; block of 8 channels, its rows of 8 one after the other (out[cb][row][0..7] = w[row][8cb + 0..7]).
(func (export "packFilter8") (param $w i32) (param $out i32) (param $rows i32) (param $cout i32)
  (local $cb i32) (local $row i32) (local $src i32) (local $coutB i32)
  (local.set $coutB (i32.shl (local.get $cout) (i32.const 2)))
  (block $cbDone (loop $cbLoop
    (br_if $cbDone (i32.ge_s (local.get $cb) (local.get $cout)))
    (local.set $src (i32.add (local.get $w) (i32.shl (local.get $cb) (i32.const 2))))
    (local.set $row (i32.const 0))
    (block $rowDone (loop $rowLoop
      (br_if $rowDone (i32.ge_s (local.get $row) (local.get $rows)))
      (v128.store (local.get $out) (v128.load (local.get $src)))
      (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $src)))
      (local.set $out (i32.add (local.get $out) (i32.const 32)))
      (local.set $src (i32.add (local.get $src) (local.get $coutB)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rowLoop)))
    (local.set $cb (i32.add (local.get $cb) (i32.const 8)))
    (br $cbLoop)))
)

;; x [batch, h, w, c] into out [batch, h + top + bottom, w + left + right, c] with zeros around
;; each image: one memory.copy per input row, memory.fill for the borders only (the JS loop this
;; replaced, fill(0) of everything then TypedArray.set per row, cost ~0.5 ms a step in the Lab's nets).
(func (export "padNhwc")
  (param $x i32) (param $out i32) (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
  (param $top i32) (param $bottom i32) (param $left i32) (param $right i32)
  (local $b i32) (local $r i32) (local $rowB i32) (local $outRowB i32) (local $leftB i32) (local $rightB i32)
  (local $o i32) (local $xi i32)
  (local.set $rowB (i32.shl (i32.mul (local.get $w) (local.get $c)) (i32.const 2)))
  (local.set $leftB (i32.shl (i32.mul (local.get $left) (local.get $c)) (i32.const 2)))
  (local.set $rightB (i32.shl (i32.mul (local.get $right) (local.get $c)) (i32.const 2)))
  (local.set $outRowB (i32.add (local.get $rowB) (i32.add (local.get $leftB) (local.get $rightB))))
  (local.set $o (local.get $out))
  (local.set $xi (local.get $x))
  (block $bDone (loop $bLoop
    (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
    ;; the padded rows above
    (memory.fill (local.get $o) (i32.const 0) (i32.mul (local.get $top) (local.get $outRowB)))
    (local.set $o (i32.add (local.get $o) (i32.mul (local.get $top) (local.get $outRowB))))
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $h)))
      (memory.fill (local.get $o) (i32.const 0) (local.get $leftB))
      (memory.copy (i32.add (local.get $o) (local.get $leftB)) (local.get $xi) (local.get $rowB))
      (memory.fill (i32.add (local.get $o) (i32.add (local.get $leftB) (local.get $rowB))) (i32.const 0)
        (local.get $rightB))
      (local.set $o (i32.add (local.get $o) (local.get $outRowB)))
      (local.set $xi (i32.add (local.get $xi) (local.get $rowB)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop)))
    ;; the padded rows below
    (memory.fill (local.get $o) (i32.const 0) (i32.mul (local.get $bottom) (local.get $outRowB)))
    (local.set $o (i32.add (local.get $o) (i32.mul (local.get $bottom) (local.get $outRowB))))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bLoop)))
)
