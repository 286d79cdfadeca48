/** `npm run build:simd`: src/engine/kernels/wasm/simd/*.wat → binary.ts (see ./simdAssemble.ts). */
import { writeFileSync } from 'node:fs';
import { renderSimdBinaryTs, SIMD_BINARY_TS } from './simdAssemble';

writeFileSync(SIMD_BINARY_TS, await renderSimdBinaryTs());
console.log(`wrote ${SIMD_BINARY_TS}`);
