/**
 * The Python side of the recurrent parity test: imports the exported script as a module, loads
 * each case's tf.js weights (recurrentWeights.ts files) into the script's Net, trains it for the
 * given batches with the script's own optimizer, and reports the loss of each step (before its
 * update, as the script's CSV does) and the final weights in the files' order and layout.
 */
export const RECURRENT_PARITY_HARNESS = `
import importlib.util, json, os, sys
import torch

script, folder = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location('experiment', script)
exp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exp)
torch.set_num_threads(1)

job = json.load(open(os.path.join(folder, 'job.json')))
b, h, w, c = job['shape']
batches = [(torch.tensor(x, dtype=torch.float32).reshape(b, h, w, c).permute(0, 3, 1, 2).contiguous(),
            torch.tensor(y, dtype=torch.long)) for x, y in job['batches']]
exp.HIDDEN_UNITS, exp.LEARNING_RATE = job['hiddenUnits'], job['learningRate']
out = {}

for case in job['nets']:
    net = exp.Net(case['spec'], (c, h, w), job['classes'], 1)
    model_json = os.path.join(folder, case['id'] + '.json')
    exp.load_tfjs_weights(net, model_json)
    names = [wt['name'] for g in json.load(open(model_json))['weightsManifest'] for wt in g['weights']]
    exp.OPTIMIZER = case['optimizer']
    optimizer = exp.make_optimizer(net.parameters())
    losses = []
    for x, y in batches:
        optimizer.zero_grad(set_to_none=True)
        loss = net(x, y) + net.regularizer()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    weights = {name: net.tfjs_tensor(name).detach().reshape(-1).tolist() for name in names}
    out[case['id']] = {'losses': losses, 'weights': weights}

with open(os.path.join(folder, 'out.json'), 'w') as fh:
    json.dump(out, fh)
`;
