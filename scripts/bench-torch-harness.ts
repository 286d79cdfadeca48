/**
 * The Python side of `npm run bench:torch`: imports the exporter's own script (the Lab's Net,
 * SphereConv2d written plainly as conv / (|w| * patch norm), its Adam) as a module, then answers
 * one JSON line per request on stdin: {net, threads, steps} -> {ms} (mean ms per training step,
 * each step's loss read back, as the wasm side does). Kept alive for the whole run so that the
 * PyTorch and wasm rounds interleave and background load hits both alike.
 */
export const TORCH_BENCH_HARNESS = `
import importlib.util, json, sys, time
import torch

script, job_file = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location('experiment', script)
exp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exp)

job = json.load(open(job_file))
b, h, w, c = job['shape']
batches = [(torch.tensor(x, dtype=torch.float32).reshape(b, h, w, c).permute(0, 3, 1, 2).contiguous(),
            torch.tensor(y, dtype=torch.long)) for x, y in zip(job['xs'], job['ys'])]
exp.OPTIMIZER, exp.LEARNING_RATE = 'adam', job['learningRate']
runs = {}
for key, net_spec in job['nets'].items():
    torch.manual_seed(1)
    net = exp.Net(net_spec, (c, h, w), job['classes'], 1)
    net.train()
    runs[key] = {'net': net, 'opt': exp.make_optimizer(net.parameters()), 'step': 0}
print(json.dumps({'ready': torch.__version__}), flush=True)

for line in sys.stdin:
    req = json.loads(line)
    torch.set_num_threads(int(req['threads']))
    run = runs[req['net']]
    start = time.perf_counter()
    for _ in range(int(req['steps'])):
        x, y = batches[run['step'] % len(batches)]
        run['step'] += 1
        run['opt'].zero_grad(set_to_none=True)
        loss = run['net'](x, y) + run['net'].regularizer()
        loss.backward()
        run['opt'].step()
        if not torch.isfinite(loss).item():
            raise SystemExit(req['net'] + ': loss is not finite')
    ms = (time.perf_counter() - start) * 1000 / int(req['steps'])
    print(json.dumps({'ms': ms}), flush=True)
`;
