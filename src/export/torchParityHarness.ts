/**
 * The Python side of the parity test: imports the exported script as a module, loads each
 * case's tf.js weights (the Lab's tfjs download format) into the script's Net, and reports the
 * first SphereConv's output, the training loss (data + regularizers) and every gradient, in
 * tf.js's layouts. Also SphereLinear on given weights, per operator.
 */
export const PARITY_HARNESS = `
import importlib.util, json, os, sys
import torch

script, folder = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location('experiment', script)
exp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exp)
torch.set_num_threads(1)

job = json.load(open(os.path.join(folder, 'job.json')))
b, h, w, c = job['shape']
x = torch.tensor(job['x'], dtype=torch.float32).reshape(b, h, w, c).permute(0, 3, 1, 2).contiguous()
y = torch.tensor(job['y'], dtype=torch.long)
out = {'nets': {}, 'dense': {}}

for case in job['nets']:
    net = exp.Net(case['spec'], (c, h, w), job['classes'], 1)
    model_json = os.path.join(folder, case['id'] + '.json')
    exp.load_tfjs_weights(net, model_json)
    names = [wt['name'] for g in json.load(open(model_json))['weightsManifest'] for wt in g['weights']]
    net.train()
    first = net.layers['conv1_1'](x).permute(0, 2, 3, 1)
    loss = net(x, y) + net.regularizer()
    loss.backward()
    exp.OPTIMIZER, exp.LEARNING_RATE = case['optimizer'], job['learningRate']
    optimizer = exp.make_optimizer(net.parameters())
    grads = {}
    for name in names:
        t = exp.tfjs_tensor(net, name)
        if t.requires_grad:
            grads[name] = exp.to_tfjs_layout(t.grad).reshape(-1).tolist()
    optimizer.step()
    with torch.no_grad():
        loss_after = float(net(x, y) + net.regularizer())
    out['nets'][case['id']] = {'loss': float(loss), 'lossAfter': loss_after,
                               'first': first.reshape(-1).tolist(), 'grads': grads}

d = job['dense']
xd = torch.tensor(d['x'], dtype=torch.float32).reshape(d['rows'], d['din'])
for op in d['operators']:
    layer = exp.SphereLinear(d['din'], d['units'], op, k=d['k'], relu=False)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(d['w'], dtype=torch.float32).reshape(d['din'], d['units']))
    out['dense'][op] = layer(xd).reshape(-1).tolist()

with open(os.path.join(folder, 'out.json'), 'w') as fh:
    json.dump(out, fh)
`;
