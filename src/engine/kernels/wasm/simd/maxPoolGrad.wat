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
