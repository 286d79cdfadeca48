;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; scaleEachPosition (src/sphere/positionScale.ts): out[p, c] = z[p, c] * r[p] for `positions`
;; rows of c channels (c a multiple of 4).
(func (export "scalePositions")
  (param $z i32) (param $r i32) (param $out i32) (param $positions i32) (param $c i32)
  (local $p i32) (local $g i32) (local $s v128) (local $cBytes i32)
  (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
  (block $pDone (loop $pLoop
    (br_if $pDone (i32.ge_s (local.get $p) (local.get $positions)))
    (local.set $s (v128.load32_splat (local.get $r)))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_s (local.get $g) (local.get $cBytes)))
      (v128.store (i32.add (local.get $out) (local.get $g))
        (f32x4.mul (v128.load (i32.add (local.get $z) (local.get $g))) (local.get $s)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gLoop)))
    (local.set $z (i32.add (local.get $z) (local.get $cBytes)))
    (local.set $out (i32.add (local.get $out) (local.get $cBytes)))
    (local.set $r (i32.add (local.get $r) (i32.const 4)))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (br $pLoop)))
)

;; Its r-gradient: out[p] = sum over c of a[p, c] * b[p, c] (4 lanes, then the lanes added).
(func (export "dotPositions")
  (param $a i32) (param $b i32) (param $out i32) (param $positions i32) (param $c i32)
  (local $p i32) (local $g i32) (local $acc v128) (local $cBytes i32)
  (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
  (block $pDone (loop $pLoop
    (br_if $pDone (i32.ge_s (local.get $p) (local.get $positions)))
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (local.set $g (i32.const 0))
    (block $gDone (loop $gLoop
      (br_if $gDone (i32.ge_s (local.get $g) (local.get $cBytes)))
      (local.set $acc (f32x4.add (local.get $acc)
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $g)))
                   (v128.load (i32.add (local.get $b) (local.get $g))))))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gLoop)))
    (f32.store (local.get $out)
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
        (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
    (local.set $a (i32.add (local.get $a) (local.get $cBytes)))
    (local.set $b (i32.add (local.get $b) (local.get $cBytes)))
    (local.set $out (i32.add (local.get $out) (i32.const 4)))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (br $pLoop)))
)
