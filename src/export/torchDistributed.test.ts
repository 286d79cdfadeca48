/**
 * The exported script under a torchrun-style start (WORLD_SIZE=2, gloo on CPU): it trains with
 * DistributedDataParallel, and one step over two processes equals one step of one process on the
 * whole global batch. Skips with a visible reason where no Python has torch (CI: fails).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTorchFromLink } from './exportTorch';
import { SHIPPED_MNIST_GZ } from './torchTestData';
import { findTorchPython, launchRanks, runPython, torchRequired } from './torchTestPython';

const torch = findTorchPython();

/** One training step on the first 32 shipped digits; each process takes its half. Writes the weights. */
const ONE_STEP = `
import importlib.util, json, sys, torch
spec = importlib.util.spec_from_file_location('experiment', sys.argv[1])
exp = importlib.util.module_from_spec(spec); spec.loader.exec_module(exp)
rank, world, device = exp.setup_distributed('cpu')
tx, ty, _, _, _ = exp.load_data(sys.argv[2])
x, y = exp.to_batch(tx, ty, torch.arange(exp.BATCH_SIZE), device)
share = exp.BATCH_SIZE // world
x, y = x[rank * share:(rank + 1) * share], y[rank * share:(rank + 1) * share]
run = exp.Run(exp.MODELS[0], (1, 28, 28), 10, device, world)
loss = run.step_fn(x, y) + run.net.regularizer()
loss.backward()
run.opt.step()
if rank == 0:
    weights = {name: p.detach().reshape(-1).tolist() for name, p in run.net.named_parameters()}
    json.dump(weights, open(sys.argv[3], 'w'))
`;

describe.runIf(torch.python)(`the exported script under torchrun-style starts (${torch.reason})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'spherelab-torch-ddp-'));
  const python = torch.python!;
  const dataDir = dirname(SHIPPED_MNIST_GZ);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, link: string) => {
    const path = join(dir, `${name}.py`);
    writeFileSync(path, exportTorchFromLink(link).source);
    return path;
  };

  it('trains with DistributedDataParallel, the CSV written once', async () => {
    const path = script('ddp', '?view=lab&norm=bn&op=learnable-sigmoid&loss=ga-softmax');
    const csv = join(dir, 'ddp.csv');
    const args = [path, '--data', dataDir, '--steps', '4', '--eval-every', '2', '--eval-size', '100'];
    const [first, second] = await launchRanks(
      python,
      [...args, '--device', 'cpu', '--compare', '--csv', csv],
      2,
    );
    expect(first.code, first.out).toBe(0);
    expect(second.code, second.out).toBe(0);
    expect(first.out).toContain('on cpu x2; batch 32');
    const [head, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    expect(head).toBe('model,step,wall_ms,loss,smoothed_loss,test_accuracy');
    for (const model of ['sphere', 'baseline']) {
      const losses = lines.filter((l) => l.startsWith(`${model},`) && l.split(',')[3] !== '');
      expect(losses).toHaveLength(4);
      expect(losses.every((l) => Number.isFinite(Number(l.split(',')[3])))).toBe(true);
    }
  });

  it('one step over 2 processes = one step of 1 process on the global batch', async () => {
    // No BN: on CPU (gloo) there is no SyncBatchNorm, so BN statistics would be per process.
    // SGD: its step scales with the gradient (Adam's first step would hide a wrong average).
    const path = script('equal', '?view=lab&op=learnable-sigmoid&loss=ga-softmax&m=2&width=4&opt=sgd&lr=0.1');
    const step = join(dir, 'one_step.py');
    writeFileSync(step, ONE_STEP);
    const single = runPython(python, [step, path, dataDir, join(dir, 'single.json')]);
    expect(single.status, single.stderr).toBe(0);
    const ranks = await launchRanks(python, [step, path, dataDir, join(dir, 'ddp.json')], 2);
    for (const r of ranks) expect(r.code, r.out).toBe(0);
    const a: Record<string, number[]> = JSON.parse(readFileSync(join(dir, 'single.json'), 'utf8'));
    const b: Record<string, number[]> = JSON.parse(readFileSync(join(dir, 'ddp.json'), 'utf8'));
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(Object.keys(a)).toContain('head.k');
    for (const [name, values] of Object.entries(a)) {
      const worst = Math.max(...values.map((v, i) => Math.abs(v - b[name][i])));
      expect(worst, name).toBeLessThan(1e-6);
    }
  });
});

if (!torch.python) {
  describe('the exported script under torchrun-style starts', () => {
    if (torchRequired()) it(`needs torch in CI: ${torch.reason}`, () => expect.fail(torch.reason));
    else {
      console.warn(`the exported script under torchrun-style starts: skipped, ${torch.reason}`);
      it.skip(`skipped: ${torch.reason}`, () => {});
    }
  });
}
