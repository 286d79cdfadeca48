/**
 * Python source of the network (mirrors src/sphere/buildModel.ts) and of the loader for the Lab's
 * "Download models (tfjs)" files, which the parity test uses to start both frameworks from the
 * same weights.
 */
export const PY_NET = String.raw`
# ----------------------------------------------------------------------------------------------
# The network (mirrors src/sphere/buildModel.ts)
# ----------------------------------------------------------------------------------------------


def layer_seed(seed, position):
    """Per-layer seeds: baseline and SphereNet layers at the same position get the same draw."""
    return seed * 7919 + position * 104729


class BaselineConv(nn.Module):
    """Ordinary 3x3 'same' conv without bias (the official baseline), He-normal init."""

    def __init__(self, cin, cout, seed):
        super().__init__()
        tf_kernel = he_normal((3, 3, cin, cout), 9 * cin, seed)
        self.weight = nn.Parameter(tf_kernel.permute(3, 2, 0, 1).contiguous())

    def forward(self, x):
        return F.conv2d(x, self.weight, padding=1)


class Net(nn.Module):
    """SphereNet ('sphere') or the baseline CNN of the same topology ('baseline'): per stage
    'depth' 3x3 convs of the stage's width, [BN,] ReLU, then a 2x2 max-pool; flatten (in tf.js's
    HWC order, so the classifier's rows match the Lab's); an optional linear feature layer; the
    head. forward(x) gives class scores; forward(x, y) the batch's data loss (training mode)."""

    def __init__(self, spec, in_shape, classes, seed):
        super().__init__()
        self.spec = spec
        channels, height, width = in_shape
        sphere, bn = spec['arch'] == 'sphere', spec['norm'] == 'bn'
        self.layers = nn.ModuleDict()
        self.plan = []
        position = 0
        for stage, filters in enumerate(spec['widths']):
            for d in range(spec['depth']):
                position += 1
                name = 'conv%d_%d' % (stage + 1, d + 1)
                last = d == spec['depth'] - 1
                if sphere:
                    # Without BN the ReLU and the stage's pool fold into the SphereConv (exact).
                    self.layers[name] = SphereConv2d(
                        channels, filters, spec['operator'], spec['k'], relu=not bn,
                        pool=2 if (not bn and last) else 1, seed=layer_seed(seed, position))
                    self.plan.append(name)
                else:
                    self.layers[name] = BaselineConv(channels, filters, layer_seed(seed, position))
                    self.plan.append(name)
                    if not bn:
                        self.plan.append('relu')
                if bn:
                    # BN after the conv, before the ReLU; tf.js's epsilon and moving-average momentum.
                    # (torch averages the unbiased batch variance, tf.js the biased one: a factor
                    # n/(n-1), n = batch*height*width, in the test-time statistics only.)
                    self.layers[name + '_bn'] = nn.BatchNorm2d(filters, eps=BN_EPSILON, momentum=1 - BN_MOMENTUM)
                    self.plan += [name + '_bn', 'relu']
                channels = filters
            if bn or not sphere:
                self.plan.append('pool')
            height, width = height // 2, width // 2
        din = channels * height * width
        if spec.get('feature_dim'):
            self.layers['features'] = SoftmaxHead(din, spec['feature_dim'], layer_seed(seed, 1000))
            din = spec['feature_dim']
        head_seed = layer_seed(seed, 1001)
        if spec['head'] == 'wn-softmax':
            self.head = WeightNormHead(din, classes, head_seed)
        elif spec['head'] == 'ga-softmax':
            self.head = GASoftmaxHead(din, classes, head_seed, spec['operator'], spec['k'], spec['m'])
        else:
            self.head = SoftmaxHead(din, classes, head_seed)

    def features(self, x):
        for step in self.plan:
            if step == 'relu':
                x = F.relu(x)
            elif step == 'pool':
                x = F.max_pool2d(x, 2)
            else:
                x = self.layers[step](x)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        if 'features' in self.layers:
            x = self.layers['features'](x)
        return x

    def forward(self, x, y=None):
        f = self.features(x)
        return self.head(f) if y is None else self.head.loss(f, y)

    def regularizer(self):
        """The recipe's terms (recipe.ts): orthogonality on every SphereConv; weight decay
        lambda*sum(w^2)/2 on the baseline's conv kernels, BN's gamma and beta, the feature layer
        and the classifier kernel (never a SphereConv kernel, never a k)."""
        terms = []
        decayed = [self.head.weight]
        for name, layer in self.layers.items():
            if isinstance(layer, SphereConv2d) and ORTHOGONALITY > 0:
                terms.append(orthogonality_penalty(layer.weight) * ORTHOGONALITY)
            elif isinstance(layer, (BaselineConv, SoftmaxHead)):
                decayed.append(layer.weight)
            elif isinstance(layer, nn.modules.batchnorm._BatchNorm):  # SyncBatchNorm too
                decayed += [layer.weight, layer.bias]
        if WEIGHT_DECAY > 0:
            terms += [(w * w).sum() * (WEIGHT_DECAY / 2) for w in decayed]
        return sum(terms) if terms else torch.zeros((), device=self.head.weight.device)

    def k_values(self):
        """Mean effective k of each learnable-k layer (the Lab's k chart), or []."""
        found = [m for m in list(self.layers.values()) + [self.head] if getattr(m, 'k', None) is not None]
        return [float(m.effective_k().mean()) for m in found]


def load_tfjs_weights(net, model_json):
    """Loads a tf.js layers-model (the Lab's 'Download models (tfjs)': <id>.json beside
    <id>.weights.bin) into a Net of the same spec. Kernels are transposed from tf.js's layout."""
    folder = os.path.dirname(os.path.abspath(model_json))
    with open(model_json) as fh:
        manifest = json.load(fh)['weightsManifest']
    sizes = {'float32': 4, 'int32': 4}
    for group in manifest:
        blob = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            count = int(math.prod(spec['shape']))
            nbytes = count * sizes[spec['dtype']]
            values = torch.frombuffer(bytearray(blob[offset:offset + nbytes]), dtype=torch.float32)
            offset += nbytes
            assign_tfjs_weight(net, spec['name'], values.reshape(spec['shape']))


def tfjs_tensor(net, name):
    """The tensor of a Net that tf.js calls e.g. 'sphere_conv1_1/kernel' (conv1_1's weight; BN's
    gamma/beta/moving stats, the head's kernel and k alike)."""
    layer, weight = name.split('_', 1)[1].split('/')
    weight = re.sub(r'_\d+$', '', weight)  # tf.js may suffix repeated variable names
    module = net.head if layer == 'head' else net.layers[layer]
    target = {'kernel': 'weight', 'k': 'k', 'gamma': 'weight', 'beta': 'bias',
              'moving_mean': 'running_mean', 'moving_variance': 'running_var'}[weight]
    return getattr(module, target)


def to_tfjs_layout(tensor):
    """A conv kernel [cout, cin, kh, kw] as tf.js's [kh, kw, cin, cout]; other tensors as they are."""
    return tensor.permute(2, 3, 1, 0) if tensor.dim() == 4 else tensor


def assign_tfjs_weight(net, name, value):
    tensor = tfjs_tensor(net, name)
    if value.dim() == 4:
        value = value.permute(3, 2, 0, 1)
    if tuple(tensor.shape) != tuple(value.shape):
        sys.exit('error: %s has shape %s in the file but %s in this net' % (name, list(value.shape), list(tensor.shape)))
    with torch.no_grad():
        tensor.copy_(value)
`;
