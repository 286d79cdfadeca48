;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; dx of a 2x2, stride-2, 'valid' max-pool over x [batch, h, w, c] (NHWC, c a multiple of 4):
;; y and dy [batch, floor(h/2), floor(w/2), c]; with odd h or w the last row or column is in no
;; window and gets 0 (dx is zeroed first). The first window element (row-major) equal to the
;; window's max y takes dy, the other three get 0, as tf.js' kernels do (strict > keeps the
;; first max); a NaN window (no element equals y) passes no gradient. Branch-free, 4 channels
;; at a time: each element's mask is "equals y and no earlier one did".
(func (export "maxPoolGrad2x2")
  (param $x i32) (param $y i32) (param $dy i32) (param $dx i32)
  (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
  (local $rows i32) (local $oh i32) (local $ow i32) (local $r i32) (local $j i32) (local $g i32)
  (local $cBytes i32) (local $rowBytes i32) (local $p i32) (local $o i32)
  (local $m v128) (local $d v128) (local $taken v128) (local $e v128)
  (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $rowBytes (i32.mul (local.get $w) (local.get $cBytes)))
  (local.set $oh (i32.shr_u (local.get $h) (i32.const 1)))
  (local.set $ow (i32.shr_u (local.get $w) (i32.const 1)))
  (if (i32.and (i32.or (local.get $h) (local.get $w)) (i32.const 1))
    (then (memory.fill (local.get $dx) (i32.const 0)
      (i32.mul (i32.mul (local.get $batch) (local.get $h)) (local.get $rowBytes)))))
  ;; One output row per pass: batch * oh of them, row r reading input rows b*h + 2i and the next.
  (local.set $rows (i32.mul (local.get $batch) (local.get $oh)))
  (local.set $o (i32.const 0))
  (block $rDone (loop $rLoop
    (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
    (local.set $j (i32.const 0))
    (block $jDone (loop $jLoop
      (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
      ;; p: byte offset of the window's top-left element, channel g.
      (local.set $p (i32.add
        (i32.mul
          (i32.add (i32.mul (i32.div_u (local.get $r) (local.get $oh)) (local.get $h))
                   (i32.shl (i32.rem_u (local.get $r) (local.get $oh)) (i32.const 1)))
          (local.get $rowBytes))
        (i32.mul (local.get $j) (i32.shl (local.get $cBytes) (i32.const 1)))))
      (local.set $g (i32.const 0))
      (block $gDone (loop $gLoop
        (br_if $gDone (i32.ge_s (local.get $g) (local.get $cBytes)))
        (local.set $m (v128.load (i32.add (local.get $y) (local.get $o))))
        (local.set $d (v128.load (i32.add (local.get $dy) (local.get $o))))
        ;; top-left
        (local.set $taken (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $p))) (local.get $m)))
        (v128.store (i32.add (local.get $dx) (local.get $p)) (v128.and (local.get $d) (local.get $taken)))
        ;; top-right
        (local.set $e (v128.andnot
          (f32x4.eq (v128.load (i32.add (i32.add (local.get $x) (local.get $p)) (local.get $cBytes))) (local.get $m))
          (local.get $taken)))
        (v128.store (i32.add (i32.add (local.get $dx) (local.get $p)) (local.get $cBytes)) (v128.and (local.get $d) (local.get $e)))
        (local.set $taken (v128.or (local.get $taken) (local.get $e)))
        ;; bottom-left
        (local.set $e (v128.andnot
          (f32x4.eq (v128.load (i32.add (i32.add (local.get $x) (local.get $p)) (local.get $rowBytes))) (local.get $m))
          (local.get $taken)))
        (v128.store (i32.add (i32.add (local.get $dx) (local.get $p)) (local.get $rowBytes)) (v128.and (local.get $d) (local.get $e)))
        (local.set $taken (v128.or (local.get $taken) (local.get $e)))
        ;; bottom-right
        (local.set $e (v128.andnot
          (f32x4.eq (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $p)) (local.get $rowBytes)) (local.get $cBytes))) (local.get $m))
          (local.get $taken)))
        (v128.store (i32.add (i32.add (i32.add (local.get $dx) (local.get $p)) (local.get $rowBytes)) (local.get $cBytes))
          (v128.and (local.get $d) (local.get $e)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $gLoop)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jLoop)))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $rLoop)))
)

;; A 2x2, stride-2, 'valid' max-pool over x [batch, h, w, c] (NHWC, c a multiple of 4) that also
;; keeps which window element won: y [batch, floor(h/2), floor(w/2), c] float32 and idx the same
;; shape, int32 0..3 (row-major in the window). Strict > from the first element: the first max
;; wins, the element maxPoolGrad2x2 gives the gradient. For SphereConv's pool before the operator
;; (../sphereConv/poolAngular.ts), whose backward is maxPool2x2Scatter below.
(func (export "maxPool2x2Argmax")
  (param $x i32) (param $y i32) (param $idx i32)
  (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
  (local $oh i32) (local $ow i32) (local $b i32) (local $i i32) (local $j i32) (local $g i32)
  (local $cBytes i32) (local $rowBytes i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
  (local $m v128) (local $e v128) (local $id v128)
  (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $rowBytes (i32.mul (local.get $w) (local.get $cBytes)))
  (local.set $oh (i32.shr_u (local.get $h) (i32.const 1)))
  (local.set $ow (i32.shr_u (local.get $w) (i32.const 1)))
  (block $bDone (loop $bLoop
    (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
    (local.set $i (i32.const 0))
    (block $iDone (loop $iLoop
      (br_if $iDone (i32.ge_s (local.get $i) (local.get $oh)))
      ;; the window row's first element, and the one below it
      (local.set $p0 (i32.add (local.get $x)
        (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.shl (local.get $i) (i32.const 1)))
                 (local.get $rowBytes))))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
        (local.set $p1 (i32.add (local.get $p0) (local.get $cBytes)))
        (local.set $p2 (i32.add (local.get $p0) (local.get $rowBytes)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $cBytes)))
        (local.set $g (local.get $cBytes))
        (loop $gLoop
          ;; m = pmax(m, e) is "e if e > m": the first max stays. The winner's index only grows
          ;; (0, 1, 2, 3 in turn), so it is the max of the old one and (e > m) & index.
          (local.set $m (v128.load (local.get $p0)))
          (local.set $e (v128.load (local.get $p1)))
          (local.set $id (v128.and (f32x4.gt (local.get $e) (local.get $m)) (v128.const i32x4 1 1 1 1)))
          (local.set $m (f32x4.pmax (local.get $m) (local.get $e)))
          (local.set $e (v128.load (local.get $p2)))
          (local.set $id (i32x4.max_s (local.get $id)
            (v128.and (f32x4.gt (local.get $e) (local.get $m)) (v128.const i32x4 2 2 2 2))))
          (local.set $m (f32x4.pmax (local.get $m) (local.get $e)))
          (local.set $e (v128.load (local.get $p3)))
          (local.set $id (i32x4.max_s (local.get $id)
            (v128.and (f32x4.gt (local.get $e) (local.get $m)) (v128.const i32x4 3 3 3 3))))
          (local.set $m (f32x4.pmax (local.get $m) (local.get $e)))
          (v128.store (local.get $y) (local.get $m))
          (v128.store (local.get $idx) (local.get $id))
          (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
          (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
          (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
          (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
          (local.set $y (i32.add (local.get $y) (i32.const 16)))
          (local.set $idx (i32.add (local.get $idx) (i32.const 16)))
          (local.set $g (i32.sub (local.get $g) (i32.const 16)))
          (br_if $gLoop (local.get $g)))
        ;; p0 is now the window's second column: skip it
        (local.set $p0 (i32.add (local.get $p0) (local.get $cBytes)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jLoop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iLoop)))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bLoop)))
)

;; The backward of maxPool2x2Argmax and an elementwise factor in one pass: dx [batch, h, w, c]
;; gets dy · dgdc ([batch, floor(h/2), floor(w/2), c], float32) at the element idx names and 0
;; at the window's other three (and in an odd last row or column, zeroed first).
(func (export "maxPool2x2Scatter")
  (param $dy i32) (param $dgdc i32) (param $idx i32) (param $dx i32)
  (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
  (local $oh i32) (local $ow i32) (local $b i32) (local $i i32) (local $j i32) (local $g i32)
  (local $cBytes i32) (local $rowBytes i32) (local $p0 i32) (local $p2 i32)
  (local $v v128) (local $id v128)
  (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
  (local.set $rowBytes (i32.mul (local.get $w) (local.get $cBytes)))
  (local.set $oh (i32.shr_u (local.get $h) (i32.const 1)))
  (local.set $ow (i32.shr_u (local.get $w) (i32.const 1)))
  (if (i32.and (i32.or (local.get $h) (local.get $w)) (i32.const 1))
    (then (memory.fill (local.get $dx) (i32.const 0)
      (i32.mul (i32.mul (local.get $batch) (local.get $h)) (local.get $rowBytes)))))
  (block $bDone (loop $bLoop
    (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
    (local.set $i (i32.const 0))
    (block $iDone (loop $iLoop
      (br_if $iDone (i32.ge_s (local.get $i) (local.get $oh)))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
        (local.set $p0 (i32.add (local.get $dx)
          (i32.add
            (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.shl (local.get $i) (i32.const 1)))
                     (local.get $rowBytes))
            (i32.mul (i32.shl (local.get $j) (i32.const 1)) (local.get $cBytes)))))
        (local.set $p2 (i32.add (local.get $p0) (local.get $rowBytes)))
        (local.set $g (i32.const 0))
        (block $gDone (loop $gLoop
          (br_if $gDone (i32.ge_s (local.get $g) (local.get $cBytes)))
          (local.set $v (f32x4.mul (v128.load (local.get $dy)) (v128.load (local.get $dgdc))))
          (local.set $id (v128.load (local.get $idx)))
          (v128.store (i32.add (local.get $p0) (local.get $g))
            (v128.and (local.get $v) (i32x4.eq (local.get $id) (v128.const i32x4 0 0 0 0))))
          (v128.store (i32.add (i32.add (local.get $p0) (local.get $cBytes)) (local.get $g))
            (v128.and (local.get $v) (i32x4.eq (local.get $id) (v128.const i32x4 1 1 1 1))))
          (v128.store (i32.add (local.get $p2) (local.get $g))
            (v128.and (local.get $v) (i32x4.eq (local.get $id) (v128.const i32x4 2 2 2 2))))
          (v128.store (i32.add (i32.add (local.get $p2) (local.get $cBytes)) (local.get $g))
            (v128.and (local.get $v) (i32x4.eq (local.get $id) (v128.const i32x4 3 3 3 3))))
          (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
          (local.set $dgdc (i32.add (local.get $dgdc) (i32.const 16)))
          (local.set $idx (i32.add (local.get $idx) (i32.const 16)))
          (local.set $g (i32.add (local.get $g) (i32.const 16)))
          (br $gLoop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jLoop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iLoop)))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bLoop)))
)
