/**
 * Python source of the recurrent nets (mirrors src/sphere/recurrent/: transform.ts, cells.ts,
 * model.ts) and of the loader for their weight files (recurrentWeights.ts). It defines `Net` and
 * `load_tfjs_weights` with the conv script's signatures, so the shared training loop (pyTrain.ts)
 * runs these nets unchanged. Uses PY_SPHERE's angular_from_cos, sphere_dense_cos, learnable_k.
 * recurrentParity.test.ts holds it to within 1e-4 of tf.js over three training steps.
 */
export const PY_RECURRENT = String.raw`
# ----------------------------------------------------------------------------------------------
# The recurrent nets (mirrors src/sphere/recurrent/: transform.ts, cells.ts, model.ts)
# ----------------------------------------------------------------------------------------------


def lecun_normal(tf_shape, fan_in, seed):
    """N(0, 1/fan_in), tf.js's layout [din, units], from a generator seeded per matrix. (The
    draws are torch's, not tf.js's: load the Lab's weights with --init-from for the very same start.)"""
    gen = torch.Generator().manual_seed(int(seed))
    return torch.randn(tuple(tf_shape), generator=gen) / math.sqrt(fan_in)


class RecurrentTransform(nn.Module):
    """One matrix of a cell, all gates side by side as columns (transform.ts): x @ W (plain) or
    SphereFC's g(theta(x, w_j)) per column (sphere). No bias: the cell adds its own after g."""

    def __init__(self, din, units, kind, operator, k, seed):
        super().__init__()
        self.sphere, self.operator, self.k_fixed = kind == 'sphere', operator, k
        self.weight = nn.Parameter(lecun_normal((din, units), din, seed))
        learnable = self.sphere and operator == 'learnable-sigmoid'
        self.k = learnable_k(units) if learnable else None

    def effective_k(self):
        return self.k.abs() + LEARNABLE_K_OFFSET if self.k is not None else self.k_fixed

    def forward(self, x):
        if not self.sphere:
            return x @ self.weight
        return angular_from_cos(sphere_dense_cos(x, self.weight), self.operator, self.effective_k())


class RecurrentCell(nn.Module):
    """Elman: h' = tanh(W x + b_ih + U h + b_hh). GRU (PyTorch's equations, gates r, z, n):
      r = sigmoid(gx_r + gh_r),  z = sigmoid(gx_z + gh_z),  n = tanh(gx_n + r * gh_n)
      h' = (1 - z) * n + z * h,  with gx = W x + b_ih and gh = U h + b_hh.
    A plain cell and its sphere twin differ only in the two transforms (cells.ts)."""

    def __init__(self, cell, kind, operator, k, din, hidden, seed):
        super().__init__()
        self.cell, self.hidden = cell, hidden
        units = (3 if cell == 'gru' else 1) * hidden
        self.input = RecurrentTransform(din, units, kind, operator, k, seed)
        self.recurrent = RecurrentTransform(hidden, units, kind, operator, k, seed + 1)
        self.input_bias = nn.Parameter(torch.zeros(units))
        self.recurrent_bias = nn.Parameter(torch.zeros(units))

    def step(self, gx, h):
        gh = self.recurrent(h) + self.recurrent_bias
        if self.cell == 'elman':
            return torch.tanh(gx + gh)
        xr, xz, xn = gx.chunk(3, dim=1)
        hr, hz, hn = gh.chunk(3, dim=1)
        r = torch.sigmoid(xr + hr)
        z = torch.sigmoid(xz + hz)
        n = torch.tanh(xn + r * hn)
        return n + z * (h - n)

    def forward(self, xs):
        """xs [b, T, din] from h_0 = 0 -> the last state h_T [b, hidden]. The input transform of
        all T steps is one call: SphereFC normalizes each row on its own. At t = 0 a sphere
        transform sees h = 0, where cos = 0 and g = 0 exactly."""
        b, steps, din = xs.shape
        gx = (self.input(xs.reshape(b * steps, din)) + self.input_bias).reshape(b, steps, -1)
        h = xs.new_zeros((b, self.hidden))
        for t in range(steps):
            h = self.step(gx[:, t], h)
        return h


class Net(nn.Module):
    """A recurrent classifier (model.ts): the cell reads the image row by row (step t = pixel
    row t, 28 steps of 28 pixels on MNIST), a plain dense softmax head reads the last state.
    forward(x) gives class scores; forward(x, y) the batch's mean cross-entropy."""

    def __init__(self, spec, in_shape, classes, seed):
        super().__init__()
        self.spec = spec
        channels, height, width = in_shape
        base = seed * 7919  # model.ts: the cell draws from base and base + 1, the head from base + 2
        self.cell = RecurrentCell(spec['cell'], spec['kind'], spec['operator'], spec['k'],
                                  width * channels, HIDDEN_UNITS, base)
        self.head_weight = nn.Parameter(lecun_normal((HIDDEN_UNITS, classes), HIDDEN_UNITS, base + 2))
        self.head_bias = nn.Parameter(torch.zeros(classes))

    def forward(self, x, y=None):
        b, channels, height, width = x.shape
        rows = x.permute(0, 2, 3, 1).reshape(b, height, width * channels)  # model.ts imageRows
        logits = self.cell(rows) @ self.head_weight + self.head_bias
        return logits if y is None else F.cross_entropy(logits, y)

    def regularizer(self):
        """None in the recurrent nets (model.ts's loss is the cross-entropy alone)."""
        return torch.zeros((), device=self.head_weight.device)

    def k_values(self):
        """Mean effective k of each learnable-k transform, input first (the Lab's k chart), or []."""
        found = [t for t in (self.cell.input, self.cell.recurrent) if t.k is not None]
        return [float(t.effective_k().mean()) for t in found]

    def tfjs_tensor(self, name):
        """The tensor that the weight files call e.g. 'input/kernel' (recurrentWeights.ts)."""
        part, weight = name.split('/')
        if part == 'head':
            return {'kernel': self.head_weight, 'bias': self.head_bias}[weight]
        transform = getattr(self.cell, part)
        return {'kernel': transform.weight, 'k': transform.k, 'bias': getattr(self.cell, part + '_bias')}[weight]


def load_tfjs_weights(net, model_json):
    """Loads the Lab's saved weights of a recurrent model (<id>.json beside <id>.weights.bin, the
    tfjs weights-manifest format) into a Net of the same spec; every tensor keeps tf.js's layout."""
    folder = os.path.dirname(os.path.abspath(model_json))
    with open(model_json) as fh:
        manifest = json.load(fh)['weightsManifest']
    for group in manifest:
        blob = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            count = int(math.prod(spec['shape']))
            values = torch.frombuffer(bytearray(blob[offset:offset + 4 * count]), dtype=torch.float32)
            offset += 4 * count
            tensor = net.tfjs_tensor(spec['name'])
            if tensor is None or tuple(tensor.shape) != tuple(spec['shape']):
                have = None if tensor is None else list(tensor.shape)
                sys.exit('error: %s has shape %s in the file but %s in this net' % (spec['name'], spec['shape'], have))
            with torch.no_grad():
                tensor.copy_(values.reshape(spec['shape']))
`;
