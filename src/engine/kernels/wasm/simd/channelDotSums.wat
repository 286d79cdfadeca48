;; Part of the SIMD module (see ./README.md): functions only, on the wasm backend's heap.
;; The k-gradient of the per-channel operator (learnable k): sums[j] = Σ over rows r of
;; a[r, j]·b[r, j] (a = dy, b = dg/dk; rows·channels float32), in float64: each product of two
;; float32 is exact in float64, added row after row per channel, as ../angularPerChannel.ts' JS
;; loop does, so the sums are its bits. sums: `channels` float64, zeroed here.
;; Channels in groups of four (two f64x2 accumulators each, kept in sums), then one at a time.
(func (export "channelDotSums")
  (param $a i32) (param $b i32) (param $sums i32) (param $rows i32) (param $channels i32)
  (local $r i32) (local $j i32) (local $c4 i32) (local $at i32) (local $acc i32)
  (local $va v128) (local $vb v128)
  (local.set $c4 (i32.and (local.get $channels) (i32.const -4)))
  (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $channels) (i32.const 3)))
  (block $rowsDone (loop $row
    (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
    (local.set $j (i32.const 0))
    (block $fourDone (loop $four
      (br_if $fourDone (i32.ge_u (local.get $j) (local.get $c4)))
      (local.set $at (i32.shl (local.get $j) (i32.const 2)))
      (local.set $acc (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $va (v128.load (i32.add (local.get $a) (local.get $at))))
      (local.set $vb (v128.load (i32.add (local.get $b) (local.get $at))))
      (v128.store (local.get $acc) (f64x2.add (v128.load (local.get $acc))
        (f64x2.mul (f64x2.promote_low_f32x4 (local.get $va)) (f64x2.promote_low_f32x4 (local.get $vb)))))
      (v128.store offset=16 (local.get $acc) (f64x2.add (v128.load offset=16 (local.get $acc))
        (f64x2.mul
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $va) (local.get $va)))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $vb) (local.get $vb))))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $four)))
    ;; The last one to three channels.
    (block $oneDone (loop $one
      (br_if $oneDone (i32.ge_u (local.get $j) (local.get $channels)))
      (local.set $at (i32.shl (local.get $j) (i32.const 2)))
      (local.set $acc (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
      (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc))
        (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $a) (local.get $at))))
                 (f64.promote_f32 (f32.load (i32.add (local.get $b) (local.get $at)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $one)))
    (local.set $a (i32.add (local.get $a) (i32.shl (local.get $channels) (i32.const 2))))
    (local.set $b (i32.add (local.get $b) (i32.shl (local.get $channels) (i32.const 2))))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br $row)))
)
