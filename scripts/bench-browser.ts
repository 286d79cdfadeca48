/**
 * `npm run bench:browser`: the built app in headless Chromium, measured as a user gets it.
 *
 * Serves a build with `vite preview` (COOP/COEP headers: threaded wasm), then
 *  1. cold load of the default Lab (backend auto) → Train enabled → first step done;
 *  2. for each backend (webgpu, wasm, webgl, cpu), forced with ?backend= and exact per-model
 *     timing (?exact=1), trains the Lab's default SphereNet and baseline for warm-up + N steps
 *     and records images/s per model (from the worker's own metrics messages), while the page
 *     records requestAnimationFrame intervals and long tasks on the main thread; then asks the
 *     worker for tf.profile of one training step per model (kernelsPerStep);
 *  3. the production bundle, gzipped, grouped by what loads when, with its main contributors.
 * Prints tables, then as its LAST stdout line one JSON object.
 *
 * Options: --dist <dir> (default dist)  --port <n> (4179)  --backends webgpu,wasm,webgl,cpu
 *   --steps wasm=30,cpu=3  --warmup wasm=5  --max-seconds <per backend, 120>
 *   --idle-seconds <frames recorded before Train is pressed, for comparison; 2>
 *   --no-load  --no-bundle  --no-maps (skip the source-map build that names the contributors)
 *   --workers auto|1 (auto: a wasm pair trains in two workers where there are two cores)
 *   --chromium-args "<flags>" (added to the launch flags, e.g. for a hardware GPU)
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { type AdapterInfo, inPage, readAdapterInPage } from './bench-browser-page';
import { type BackendRun, runLab } from './bench-browser-run';
import { percentile } from './bench-browser-stats';
import { autoFigures, backendTable, fmt, kernelLine } from './bench-browser-table';
import { analyzeBundle, type BundleReport, buildWithSourceMaps, formatBundle, kB } from './bundle-size';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';
import { startPreview } from './previewServer';

const BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
/** Software WebGPU (SwiftShader) and tfjs-cpu take seconds per step here: few steps for them. */
const DEFAULT_STEPS: Record<string, number> = { webgpu: 4, wasm: 30, webgl: 10, cpu: 3 };
const DEFAULT_WARMUP: Record<string, number> = { webgpu: 2, wasm: 5, webgl: 3, cpu: 1 };
/** The Lab's default batch size (src/url/labState.ts); images/s needs it to turn steps into images. */
const LAB_BATCH = 32;

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
/** "wasm=30,cpu=3" over the defaults. */
const perBackend = (name: string, defaults: Record<string, number>) => {
  const out = { ...defaults };
  for (const pair of option(name, '').split(',').filter(Boolean)) {
    const [k, v] = pair.split('=');
    if (k && Number.isFinite(Number(v))) out[k] = Number(v);
  }
  return out;
};

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = option('dist', 'dist');
const port = Number(option('port', '4179'));
const baseUrl = `http://localhost:${port}`;
const backends = option('backends', BACKENDS.join(',')).split(',').filter(Boolean);
const steps = perBackend('steps', DEFAULT_STEPS);
const warmup = perBackend('warmup', DEFAULT_WARMUP);
const maxSeconds = Number(option('max-seconds', '120'));
/** 'auto': a wasm pair splits over two workers where there are two cores (src/engine/peer); '1': one. */
const workers = option('workers', 'auto');
const idleSeconds = Number(option('idle-seconds', '2'));
/**
 * More Chromium flags, space-separated: on a machine with a GPU, what puts WebGPU/WebGL on the
 * hardware adapter, e.g. "--use-angle=vulkan --enable-features=Vulkan --ignore-gpu-blocklist"
 * (the JSON's `adapter` shows what Chromium got). Not tried here: this VM has no GPU.
 */
const extraChromiumArgs = option('chromium-args', '').split(' ').filter(Boolean);
const log = (line: string) => process.stderr.write(`[bench:browser] ${line}\n`);

async function main(): Promise<void> {
  const server = await startPreview(root, dist, port);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, ...extraChromiumArgs],
  });
  try {
    const version = browser.version();
    const probe = await browser.newPage();
    await probe.goto(`${baseUrl}/?view=about`);
    const adapter = (await probe.evaluate(inPage(readAdapterInPage))) as AdapterInfo;
    await probe.close();
    log(
      `Chromium ${version}; WebGPU adapter: ${adapter.description} (fallback: ${adapter.isFallbackAdapter})`,
    );

    let bundle: BundleReport | undefined;
    if (!flag('no-bundle')) {
      log('bundle sizes (and a source-mapped build to name the contributors)…');
      bundle = analyzeBundle(dist, flag('no-maps') ? undefined : buildWithSourceMaps(root));
    }
    const gzipOf = new Map((bundle ?? analyzeBundle(dist)).assets.map((a) => [a.file, a.gzipBytes]));
    const estimateBytes = (file: string) => gzipOf.get(file);

    let coldLoad: BackendRun | undefined;
    if (!flag('no-load')) {
      log('cold load of the default Lab (backend auto) to its first step…');
      coldLoad = await runLab(browser, {
        baseUrl,
        query: 'view=lab',
        warmup: 1,
        steps: 0,
        maxSeconds: 10,
        idleSeconds: 0,
        batchSize: LAB_BATCH,
        estimateBytes,
      });
    }
    const runs: BackendRun[] = [];
    for (const backend of backends) {
      log(`${backend}: ${warmup[backend] ?? 2} warm-up + ${steps[backend] ?? 5} measured steps…`);
      const run = await runLab(browser, {
        baseUrl,
        query: `view=lab&backend=${backend}&exact=1&workers=${workers}`,
        warmup: warmup[backend] ?? 2,
        steps: steps[backend] ?? 5,
        maxSeconds,
        idleSeconds,
        batchSize: LAB_BATCH,
        estimateBytes,
        profile: true,
      }).catch((e: unknown) => ({ requested: backend, error: String(e) }) as BackendRun);
      if (run.error) log(`${backend}: ${run.error}`);
      runs.push(run);
    }

    const measured = runs.filter((r) => r.backend === r.requested && r.models?.sphere && r.measuredSteps > 0);
    const offered = Object.fromEntries(
      measured.map((r) => [
        r.backend,
        {
          sphereImgPerSec: round(r.models.sphere.imgPerSec),
          baselineImgPerSec: round(r.models.baseline?.imgPerSec),
          sphereMsPerStep: round(r.models.sphere.msPerStep, 1),
          baselineMsPerStep: round(r.models.baseline?.msPerStep, 1),
          sphereToBaselineStepTime: round(r.models.sphere.msPerStep / r.models.baseline?.msPerStep, 3),
          measuredSteps: r.measuredSteps,
          wallMsPerStep: round(r.wallMsPerStep, 1),
          frameP95Ms: round(r.frames.p95Ms, 1),
          longestFrameMs: round(r.frames.maxMs, 1),
          idleFrameP95Ms: round(r.idleFrames.p95Ms, 1),
          longTasks: r.longTasks.count,
          longestTaskMs: round(r.longTasks.longestMs),
          loadToFirstStepMs: round(r.load.firstStepMs),
          ...(r.wasmThreads ? { wasmThreads: r.wasmThreads } : {}),
          kernelsPerStep: r.kernelsPerStep ?? null,
          ...(r.kernelsError ? { kernelsError: r.kernelsError } : {}),
          ...(r.error ? { error: r.error } : {}),
        },
      ]),
    );
    const unavailable = Object.fromEntries(
      runs
        .filter((r) => !measured.includes(r))
        .map((r) => [r.requested, r.error ?? `fell back to ${r.backend}: ${(r.notices ?? []).join('; ')}`]),
    );
    const intervals = measured.flatMap((r) => r.frameIntervals);
    const cpu = cpus();

    console.log(
      `Chromium ${version} · ${cpu.length} × ${cpu[0]?.model ?? 'CPU'} · WebGPU adapter: ${adapter.description}${adapter.isFallbackAdapter ? ' (software fallback)' : ''}`,
    );
    console.log(
      `Lab defaults (sigmoid SphereNet vs CNN, widths 16/32, batch ${LAB_BATCH}, Adam), exact per-model timing; ms = per step, ratio = sphere/baseline step time`,
    );
    console.log(backendTable(runs.filter((r) => r.models)));
    for (const [name, why] of Object.entries(unavailable)) console.log(`  ${name}: not measured — ${why}`);
    for (const r of measured) console.log(`  ${r.backend}: ${kernelLine(r)}`);
    if (coldLoad) {
      const l = coldLoad.load;
      console.log(
        `Cold load, default Lab (auto → ${coldLoad.backend}${autoFigures(coldLoad)}): DOMContentLoaded ${fmt(l.domContentLoadedMs)} ms · first paint ${fmt(l.firstContentfulPaintMs)} ms · backend ready ${fmt(l.backendReadyMs)} ms · Train enabled ${fmt(l.trainEnabledMs)} ms · first step ${fmt(l.firstStepMs)} ms · ${kB(l.transferredBytes)} transferred`,
      );
    }
    if (coldLoad) {
      const top = coldLoad.transfers
        .slice(0, 6)
        .map(
          (t) =>
            `${t.file.replace(/^assets\//, '')} ${kB(t.bytes)} (${t.encoding}${t.estimated ? ', estimated' : ''})`,
        );
      console.log(`  largest transfers: ${top.join(' · ')}`);
    }
    if (bundle) console.log(formatBundle(bundle));
    console.log(
      JSON.stringify({
        backends: offered,
        // tf.profile of one training step per model, in the worker, per backend.
        kernelsPerStep: Object.fromEntries(measured.map((r) => [r.backend, r.kernelsPerStep ?? null])),
        unavailableBackends: unavailable,
        // The worst backend's p95 (pooling would let long slow-backend windows hide a janky one).
        frameP95Ms: round(Math.max(...measured.map((r) => r.frames.p95Ms)), 1),
        frameP95PooledMs: round(percentile(intervals, 95), 1),
        longestFrameMs: round(intervals.length ? Math.max(...intervals) : Number.NaN, 1),
        longTasks: measured.reduce((s, r) => s + r.longTasks.count, 0),
        chromium: version,
        adapter: { description: adapter.description, isFallbackAdapter: adapter.isFallbackAdapter },
        machine: {
          cpus: cpu.length,
          cpuModel: cpu[0]?.model,
          gpu: adapter.isFallbackAdapter ? 'none (software adapter)' : adapter.description,
        },
        coldLoad: coldLoad && {
          backend: coldLoad.backend,
          autoMeasurement: coldLoad.autoMeasurement,
          ...roundAll(coldLoad.load),
          largestTransfers: coldLoad.transfers.slice(0, 6),
        },
        bundle: bundle && {
          firstViewGzipBytes: bundle.firstViewGzipBytes,
          groups: bundle.groups.map((g) => ({ name: g.name, gzipBytes: g.gzipBytes, bytes: g.bytes })),
          contributors: bundle.contributors
            ?.slice(0, 12)
            .map((c) => ({ name: c.name, gzipBytes: c.gzipBytes })),
        },
      }),
    );
  } finally {
    await browser.close();
    server.kill();
  }
}

function round(n: number | undefined, digits = 0): number | null {
  if (n === undefined || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function roundAll<T extends object>(o: T): Record<string, number | null> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v as number)]));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
