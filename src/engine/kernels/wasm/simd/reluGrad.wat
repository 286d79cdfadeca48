;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; The ReLU's gradient, out = dy * step(x) with tf.step's values: 1 where x > 0, 0 where x <= 0,
;; NaN where x is NaN; multiplied (not selected) so that -0, inf * 0 and NaN come out as tf.js'
;; mul(dy, step(x)) gives them. n elements, 4 at a time, then one at a time.
(func (export "reluGrad") (param $dy i32) (param $x i32) (param $out i32) (param $n i32)
  (local $i i32) (local $end i32) (local $xv v128) (local $one v128) (local $xs f32)
  (local.set $one (f32x4.splat (f32.const 1)))
  (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
  (block $vDone (loop $vLoop
    (br_if $vDone (i32.ge_u (local.get $i) (local.get $end)))
    (local.set $xv (v128.load (i32.add (local.get $x) (local.get $i))))
    (v128.store (i32.add (local.get $out) (local.get $i))
      (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $i)))
        (v128.or
          (v128.and (local.get $one) (f32x4.gt (local.get $xv) (f32x4.splat (f32.const 0))))
          (v128.and (local.get $xv) (f32x4.ne (local.get $xv) (local.get $xv))))))
    (local.set $i (i32.add (local.get $i) (i32.const 16)))
    (br $vLoop)))
  (local.set $end (i32.shl (local.get $n) (i32.const 2)))
  (block $sDone (loop $sLoop
    (br_if $sDone (i32.ge_u (local.get $i) (local.get $end)))
    (local.set $xs (f32.load (i32.add (local.get $x) (local.get $i))))
    (f32.store (i32.add (local.get $out) (local.get $i))
      (f32.mul (f32.load (i32.add (local.get $dy) (local.get $i)))
        (if (result f32) (f32.gt (local.get $xs) (f32.const 0))
          (then (f32.const 1))
          (else (if (result f32) (f32.ne (local.get $xs) (local.get $xs))
            (then (local.get $xs))
            (else (f32.const 0)))))))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $sLoop)))
)
