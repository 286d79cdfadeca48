;; SphereLab's own wasm SIMD kernels. They run on tf.js' wasm heap: the module imports the
;; backend's memory (the build script emits one variant with a plain and one with a shared
;; memory, for tf.js' threaded build), and every pointer argument is a byte offset into it.
;; Assembled by `npm run build:simd` into ./binary.ts; a test checks that file is up to date.
(module
  ;;MEMORY;;

  ;; Weight gradient of a stride-1 conv with ONE input channel (a net's first layer on grey
  ;; images): dw[i, j, 0, o] = sum over b, p, q of x[b, p + i - padTop, q + j - padLeft] * dy[b, p, q, o],
  ;; x outside the image counting as 0. x [batch, h, w], dy [batch, oh, ow, c], dw [kh, kw, 1, c];
  ;; c must be a multiple of 4. For each output row (b, p) the dy row (ow * c floats) stays in
  ;; L1 while every tap reads it: 16 channels (4 vectors) per pass over q, then 4 at a time.
  (func (export "convFilterGradC1")
    (param $x i32) (param $dy i32) (param $dw i32)
    (param $batch i32) (param $h i32) (param $w i32) (param $oh i32) (param $ow i32)
    (param $kh i32) (param $kw i32) (param $padTop i32) (param $padLeft i32) (param $c i32)
    (local $b i32) (local $p i32) (local $i i32) (local $j i32) (local $g i32) (local $q i32)
    (local $r i32) (local $q0 i32) (local $q1 i32) (local $xrow i32) (local $dyrow i32)
    (local $xp i32) (local $dp i32) (local $out i32) (local $op i32) (local $cBytes i32)
    (local $s v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
    (memory.fill (local.get $dw) (i32.const 0)
      (i32.mul (i32.mul (local.get $kh) (local.get $kw)) (local.get $cBytes)))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
      (local.set $p (i32.const 0))
      (block $pDone (loop $pLoop
        (br_if $pDone (i32.ge_s (local.get $p) (local.get $oh)))
        (local.set $dyrow (i32.add (local.get $dy)
          (i32.mul (i32.add (i32.mul (local.get $b) (local.get $oh)) (local.get $p))
                   (i32.mul (local.get $ow) (local.get $cBytes)))))
        (local.set $i (i32.const 0))
        (block $iDone (loop $iLoop
          (br_if $iDone (i32.ge_s (local.get $i) (local.get $kh)))
          (local.set $r (i32.sub (i32.add (local.get $p) (local.get $i)) (local.get $padTop)))
          (if (i32.and (i32.ge_s (local.get $r) (i32.const 0)) (i32.lt_s (local.get $r) (local.get $h)))
            (then
              (local.set $xrow (i32.add (local.get $x)
                (i32.shl (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $r)) (local.get $w))
                         (i32.const 2))))
              (local.set $j (i32.const 0))
              (block $jDone (loop $jLoop
                (br_if $jDone (i32.ge_s (local.get $j) (local.get $kw)))
                ;; The q whose input column q + j - padLeft lies inside the image.
                (local.set $q0 (i32.sub (local.get $padLeft) (local.get $j)))
                (if (i32.lt_s (local.get $q0) (i32.const 0)) (then (local.set $q0 (i32.const 0))))
                (local.set $q1 (i32.sub (i32.add (local.get $w) (local.get $padLeft)) (local.get $j)))
                (if (i32.gt_s (local.get $q1) (local.get $ow)) (then (local.set $q1 (local.get $ow))))
                (local.set $out (i32.add (local.get $dw)
                  (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j)) (local.get $cBytes))))
                (local.set $g (i32.const 0))
                (block $gDone (loop $gLoop
                  (br_if $gDone (i32.gt_s (i32.add (local.get $g) (i32.const 16)) (local.get $c)))
                  (local.set $a0 (v128.const i32x4 0 0 0 0))
                  (local.set $a1 (v128.const i32x4 0 0 0 0))
                  (local.set $a2 (v128.const i32x4 0 0 0 0))
                  (local.set $a3 (v128.const i32x4 0 0 0 0))
                  (local.set $xp (i32.add (local.get $xrow)
                    (i32.shl (i32.sub (i32.add (local.get $q0) (local.get $j)) (local.get $padLeft)) (i32.const 2))))
                  (local.set $dp (i32.add (local.get $dyrow)
                    (i32.add (i32.mul (local.get $q0) (local.get $cBytes)) (i32.shl (local.get $g) (i32.const 2)))))
                  (local.set $q (local.get $q0))
                  (block $qDone (loop $qLoop
                    (br_if $qDone (i32.ge_s (local.get $q) (local.get $q1)))
                    (local.set $s (v128.load32_splat (local.get $xp)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load (local.get $dp)))))
                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $dp)))))
                    (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $dp)))))
                    (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $dp)))))
                    (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                    (local.set $dp (i32.add (local.get $dp) (local.get $cBytes)))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $qLoop)))
                  (local.set $op (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 2))))
                  (v128.store (local.get $op) (f32x4.add (v128.load (local.get $op)) (local.get $a0)))
                  (v128.store offset=16 (local.get $op) (f32x4.add (v128.load offset=16 (local.get $op)) (local.get $a1)))
                  (v128.store offset=32 (local.get $op) (f32x4.add (v128.load offset=32 (local.get $op)) (local.get $a2)))
                  (v128.store offset=48 (local.get $op) (f32x4.add (v128.load offset=48 (local.get $op)) (local.get $a3)))
                  (local.set $g (i32.add (local.get $g) (i32.const 16)))
                  (br $gLoop)))
                (block $g4Done (loop $g4Loop
                  (br_if $g4Done (i32.ge_s (local.get $g) (local.get $c)))
                  (local.set $a0 (v128.const i32x4 0 0 0 0))
                  (local.set $xp (i32.add (local.get $xrow)
                    (i32.shl (i32.sub (i32.add (local.get $q0) (local.get $j)) (local.get $padLeft)) (i32.const 2))))
                  (local.set $dp (i32.add (local.get $dyrow)
                    (i32.add (i32.mul (local.get $q0) (local.get $cBytes)) (i32.shl (local.get $g) (i32.const 2)))))
                  (local.set $q (local.get $q0))
                  (block $q4Done (loop $q4Loop
                    (br_if $q4Done (i32.ge_s (local.get $q) (local.get $q1)))
                    (local.set $a0 (f32x4.add (local.get $a0)
                      (f32x4.mul (v128.load32_splat (local.get $xp)) (v128.load (local.get $dp)))))
                    (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                    (local.set $dp (i32.add (local.get $dp) (local.get $cBytes)))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $q4Loop)))
                  (local.set $op (i32.add (local.get $out) (i32.shl (local.get $g) (i32.const 2))))
                  (v128.store (local.get $op) (f32x4.add (v128.load (local.get $op)) (local.get $a0)))
                  (local.set $g (i32.add (local.get $g) (i32.const 4)))
                  (br $g4Loop)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jLoop)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $iLoop)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop)))
  )

  ;; dx of a 2x2, stride-2 max-pool over x [batch, h, w, c] (NHWC, h and w even, c a multiple
  ;; of 4): y and dy [batch, h/2, w/2, c]. The first window element (row-major) equal to the
  ;; window's max y takes dy, the other three get 0, as tf.js' kernels do (strict > keeps the
  ;; first max); a NaN window (no element equals y) passes no gradient. Branch-free, 4 channels
  ;; at a time: each element's mask is "equals y and no earlier one did".
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $y i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $h i32) (param $w i32) (param $c i32)
    (local $rows i32) (local $ow i32) (local $r i32) (local $j i32) (local $g i32)
    (local $cBytes i32) (local $rowBytes i32) (local $p i32) (local $o i32)
    (local $m v128) (local $d v128) (local $taken v128) (local $e v128)
    (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $w) (local.get $cBytes)))
    (local.set $ow (i32.shr_u (local.get $w) (i32.const 1)))
    ;; One output row per pass: batch * h/2 of them, each reading two input rows.
    (local.set $rows (i32.mul (local.get $batch) (i32.shr_u (local.get $h) (i32.const 1))))
    (local.set $o (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
        ;; p: byte offset of the window's top-left element, channel g.
        (local.set $p (i32.add (i32.mul (local.get $r) (i32.shl (local.get $rowBytes) (i32.const 1)))
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
)
