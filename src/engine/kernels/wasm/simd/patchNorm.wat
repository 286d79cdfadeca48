;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; Every SphereConv's patch norm, r = 1 / sqrt(sum over the kh x kw window and the channels of
;; x^2 + eps), and its gradient (src/engine/kernels/wasm/patchNorm.ts). x [batch, h, w, c]; the
;; windows: stride sh, sw, padTop / padLeft zeros before the image, oh x ow of them per image.

;; sq[p] = sum over c of x[p, c]^2 for `positions` rows of c channels: 4 lanes, then the tail.
(func $channelSquares (param $x i32) (param $sq i32) (param $positions i32) (param $c i32)
  (local $p i32) (local $g i32) (local $acc v128) (local $s f32) (local $v v128) (local $c4 i32) (local $xs f32)
  (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
  (block $pDone (loop $pLoop
    (br_if $pDone (i32.ge_s (local.get $p) (local.get $positions)))
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_s (local.get $g) (local.get $c4)))
      (local.set $v (v128.load (local.get $x)))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $gLoop)))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
    (block $tDone (loop $tLoop
      (br_if $tDone (i32.ge_s (local.get $g) (local.get $c)))
      (local.set $xs (f32.load (local.get $x)))
      (local.set $s (f32.add (local.get $s) (f32.mul (local.get $xs) (local.get $xs))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $tLoop)))
    (f32.store (local.get $sq) (local.get $s))
    (local.set $sq (i32.add (local.get $sq) (i32.const 4)))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (br $pLoop)))
)

;; Forward: r[b, i, j] = 1 / sqrt(window sum of sq + eps). scratch: batch * h * w floats (sq).
(func (export "patchNormInv")
  (param $x i32) (param $scratch i32) (param $r i32)
  (param $batch i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
  (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
  (param $eps f32)
  (local $b i32) (local $i i32) (local $j i32) (local $di i32) (local $dj i32) (local $row i32) (local $col i32)
  (local $acc f32) (local $plane i32)
  (call $channelSquares (local.get $x) (local.get $scratch)
    (i32.mul (i32.mul (local.get $batch) (local.get $h)) (local.get $w)) (local.get $c))
  (block $bDone (loop $bLoop
    (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
    (local.set $plane (i32.add (local.get $scratch)
      (i32.shl (i32.mul (i32.mul (local.get $b) (local.get $h)) (local.get $w)) (i32.const 2))))
    (local.set $i (i32.const 0))
    (block $iDone (loop $iLoop
      (br_if $iDone (i32.ge_s (local.get $i) (local.get $oh)))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
        (local.set $acc (f32.const 0))
        (local.set $di (i32.const 0))
        (block $diDone (loop $diLoop
          (br_if $diDone (i32.ge_s (local.get $di) (local.get $kh)))
          (local.set $row (i32.sub (i32.add (i32.mul (local.get $i) (local.get $sh)) (local.get $di)) (local.get $padTop)))
          (if (i32.and (i32.ge_s (local.get $row) (i32.const 0)) (i32.lt_s (local.get $row) (local.get $h)))
            (then
              (local.set $dj (i32.const 0))
              (block $djDone (loop $djLoop
                (br_if $djDone (i32.ge_s (local.get $dj) (local.get $kw)))
                (local.set $col (i32.sub (i32.add (i32.mul (local.get $j) (local.get $sw)) (local.get $dj)) (local.get $padLeft)))
                (if (i32.and (i32.ge_s (local.get $col) (i32.const 0)) (i32.lt_s (local.get $col) (local.get $w)))
                  (then (local.set $acc (f32.add (local.get $acc)
                    (f32.load (i32.add (local.get $plane)
                      (i32.shl (i32.add (i32.mul (local.get $row) (local.get $w)) (local.get $col)) (i32.const 2))))))))
                (local.set $dj (i32.add (local.get $dj) (i32.const 1)))
                (br $djLoop)))))
          (local.set $di (i32.add (local.get $di) (i32.const 1)))
          (br $diLoop)))
        (f32.store (local.get $r) (f32.div (f32.const 1) (f32.sqrt (f32.add (local.get $acc) (local.get $eps)))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jLoop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iLoop)))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bLoop)))
)

;; Gradient: with S the window sum, dr/dS = -r^3 / 2 and dS/dx = 2x in every window holding x,
;; so dx[p, c] = -x[p, c] * (sum over the windows holding p of dr * r^3). scratch: batch * h * w
;; floats, that sum per input position (zeroed here, then each window adds to its taps).
(func (export "patchNormInvGrad")
  (param $x i32) (param $r i32) (param $dr i32) (param $scratch i32) (param $dx i32)
  (param $batch i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
  (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
  (local $b i32) (local $i i32) (local $j i32) (local $di i32) (local $dj i32) (local $row i32) (local $col i32)
  (local $t f32) (local $rv f32) (local $plane i32) (local $at i32) (local $positions i32) (local $p i32)
  (local $g i32) (local $s v128) (local $c4 i32) (local $ss f32)
  (local.set $positions (i32.mul (i32.mul (local.get $batch) (local.get $h)) (local.get $w)))
  (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (local.get $positions) (i32.const 2)))
  (block $bDone (loop $bLoop
    (br_if $bDone (i32.ge_s (local.get $b) (local.get $batch)))
    (local.set $plane (i32.add (local.get $scratch)
      (i32.shl (i32.mul (i32.mul (local.get $b) (local.get $h)) (local.get $w)) (i32.const 2))))
    (local.set $i (i32.const 0))
    (block $iDone (loop $iLoop
      (br_if $iDone (i32.ge_s (local.get $i) (local.get $oh)))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $ow)))
        ;; t = -dr * r^3 (the minus folded in here, so dx = x * the sum)
        (local.set $rv (f32.load (local.get $r)))
        (local.set $t (f32.neg (f32.mul (f32.load (local.get $dr))
          (f32.mul (local.get $rv) (f32.mul (local.get $rv) (local.get $rv))))))
        (local.set $di (i32.const 0))
        (block $diDone (loop $diLoop
          (br_if $diDone (i32.ge_s (local.get $di) (local.get $kh)))
          (local.set $row (i32.sub (i32.add (i32.mul (local.get $i) (local.get $sh)) (local.get $di)) (local.get $padTop)))
          (if (i32.and (i32.ge_s (local.get $row) (i32.const 0)) (i32.lt_s (local.get $row) (local.get $h)))
            (then
              (local.set $dj (i32.const 0))
              (block $djDone (loop $djLoop
                (br_if $djDone (i32.ge_s (local.get $dj) (local.get $kw)))
                (local.set $col (i32.sub (i32.add (i32.mul (local.get $j) (local.get $sw)) (local.get $dj)) (local.get $padLeft)))
                (if (i32.and (i32.ge_s (local.get $col) (i32.const 0)) (i32.lt_s (local.get $col) (local.get $w)))
                  (then
                    (local.set $at (i32.add (local.get $plane)
                      (i32.shl (i32.add (i32.mul (local.get $row) (local.get $w)) (local.get $col)) (i32.const 2))))
                    (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $t)))))
                (local.set $dj (i32.add (local.get $dj) (i32.const 1)))
                (br $djLoop)))))
          (local.set $di (i32.add (local.get $di) (i32.const 1)))
          (br $diLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (local.set $dr (i32.add (local.get $dr) (i32.const 4)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jLoop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iLoop)))
    (local.set $b (i32.add (local.get $b) (i32.const 1)))
    (br $bLoop)))
  ;; dx[p, c] = x[p, c] * sum[p]: 4 channels at a time, then the tail.
  (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
  (block $pDone (loop $pLoop
    (br_if $pDone (i32.ge_s (local.get $p) (local.get $positions)))
    (local.set $ss (f32.load (local.get $scratch)))
    (local.set $s (f32x4.splat (local.get $ss)))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_s (local.get $g) (local.get $c4)))
      (v128.store (local.get $dx) (f32x4.mul (v128.load (local.get $x)) (local.get $s)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $gLoop)))
    (block $tDone (loop $tLoop
      (br_if $tDone (i32.ge_s (local.get $g) (local.get $c)))
      (f32.store (local.get $dx) (f32.mul (f32.load (local.get $x)) (local.get $ss)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $tLoop)))
    (local.set $scratch (i32.add (local.get $scratch) (i32.const 4)))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (br $pLoop)))
)
