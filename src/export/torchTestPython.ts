/**
 * For the tests that run the exported script: finds a Python that imports torch. `python3` on
 * PATH may be one without torch (e.g. a pyenv build), so Debian's /usr/bin/python3 (apt-get
 * install python3-torch) is tried first. In CI (CI=true) a missing torch is a failure, not a skip.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';

/** Python lines that import the exported script named by sys.argv[1] as the module `exp`. */
export const IMPORT_EXPERIMENT_PY = [
  'import importlib.util, json, sys',
  "spec = importlib.util.spec_from_file_location('experiment', sys.argv[1])",
  'exp = importlib.util.module_from_spec(spec); spec.loader.exec_module(exp)',
];

/** SPHERELAB_TORCH_PYTHON names the one interpreter to use (and lets a test run see the skip). */
const CANDIDATES = process.env.SPHERELAB_TORCH_PYTHON
  ? [process.env.SPHERELAB_TORCH_PYTHON]
  : ['/usr/bin/python3', 'python3', 'python'];

export interface TorchPython {
  /** An interpreter whose `import torch` works, or undefined. */
  python?: string;
  /** Why there is none (shown as the skipped test's name), or the torch version found. */
  reason: string;
}

let cached: TorchPython | undefined;

export function findTorchPython(): TorchPython {
  if (cached) return cached;
  for (const python of CANDIDATES) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) {
      cached = { python, reason: `${python}, torch ${r.stdout.trim()}` };
      return cached;
    }
  }
  cached = {
    reason: `no Python with torch found (tried ${CANDIDATES.join(', ')}); install it with apt-get install python3-torch`,
  };
  return cached;
}

/** True where a missing torch must fail the suite (CI) rather than skip it. */
export function torchRequired(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

export function runPython(
  python: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(python, args, {
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    // One thread each: the suite runs beside other work, and tiny nets gain nothing from more.
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** A port no one listens on now (the OS picks it), for the processes' rendezvous. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `world` processes the way torchrun does (MASTER_ADDR/PORT, WORLD_SIZE, RANK, LOCAL_RANK)
 * and waits for all. torchrun itself is not used: Debian's torch 1.13 launcher fails under
 * Python 3.11 (torch.distributed.elastic), while the script's own distributed code works.
 * If one process fails, or all take longer than timeoutMs, the others are stopped: a rank left
 * alone would wait for its peers for half an hour.
 */
export async function launchRanks(
  python: string,
  args: string[],
  world: number,
  timeoutMs = 90_000,
): Promise<{ code: number | null; out: string }[]> {
  const port = String(await freePort());
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  const timer = setTimeout(stopAll, timeoutMs);
  try {
    return await Promise.all(
      Array.from(
        { length: world },
        (_, rank) =>
          new Promise<{ code: number | null; out: string }>((done) => {
            const child = spawn(python, args, {
              env: {
                ...process.env,
                MASTER_ADDR: '127.0.0.1',
                MASTER_PORT: port,
                WORLD_SIZE: String(world),
                RANK: String(rank),
                LOCAL_RANK: String(rank),
                OMP_NUM_THREADS: '1',
              },
            });
            children.push(child);
            let out = '';
            child.stdout?.on('data', (d) => {
              out += d;
            });
            child.stderr?.on('data', (d) => {
              out += d;
            });
            child.on('close', (code) => {
              if (code !== 0) stopAll();
              done({ code, out });
            });
          }),
      ),
    );
  } finally {
    clearTimeout(timer);
  }
}
