/**
 * Python source of the SphereNet building blocks: the operators, SphereConv2d, SphereLinear, the
 * three heads and the regularizers. Each mirrors the file named in its docstring line for line;
 * the parity test (torchParity.test.ts) holds them to within 1e-4 of tf.js.
 * A plain template: this Python has no backslash and no `${`.
 */
export const PY_SPHERE = `
# ----------------------------------------------------------------------------------------------
# SphereNet math (mirrors src/sphere/: angularTensor.ts, sphereConv.ts, heads.ts, losses.ts)
# ----------------------------------------------------------------------------------------------


def angular_from_cos(cos, operator, k=SIGMOID_K_DEFAULT, relu=False):
    """g(theta) from cos(theta), elementwise (angularTensor.ts angularFromCos).

    cosine: cos itself. linear/sigmoid: cos is clamped to [-(1-1e-6), 1-1e-6] (the gradient of
    acos is infinite at +-1), u = asin(cos) = pi/2 - theta, then
      linear:  g = 2u/pi
      sigmoid: g = tanh(u/(2k)) / tanh(pi/(4k))   (the paper's sigmoid form, overflow-free)
    k is a number or a tensor broadcast over the channel axis (learnable k: |k| + 0.05).
    relu: max(0, g). g increases with cos and g = 0 at cos = 0, so the clamp's lower bound
    becomes 0 (tf.js does the same).
    """
    if operator == 'cosine':
        return F.relu(cos) if relu else cos
    u = torch.asin(cos.clamp(0.0 if relu else -COS_LIMIT, COS_LIMIT))
    if operator == 'linear':
        return u * (2 / math.pi)
    if torch.is_tensor(k):
        a = 0.5 / k
        return torch.tanh(u * a) / torch.tanh(a * (math.pi / 2))
    return torch.tanh(u * (0.5 / k)) * (1 / math.tanh(math.pi / (4 * k)))


def extended_angular(phi, operator, k=SIGMOID_K_DEFAULT):
    """g(phi) for phi >= 0 beyond pi, extended monotonically: g(phi - q*pi) - 2q, q = floor(phi/pi)
    (angularTensor.ts extendedAngular; GA-Softmax's psi(m*theta))."""
    q = torch.floor(phi / math.pi).detach()
    local = phi - q * math.pi
    if operator == 'cosine':
        g = torch.cos(local)
    elif operator == 'linear':
        g = 1 - local * (2 / math.pi)
    elif torch.is_tensor(k):
        g = torch.tanh((math.pi / 2 - local) / (k * 2)) / torch.tanh((math.pi / 4) / k)
    else:
        g = torch.tanh((math.pi / 2 - local) * (1 / (2 * k))) * (1 / math.tanh(math.pi / (4 * k)))
    return g - 2 * q


def he_normal(tf_shape, fan_in, seed):
    """N(0, 2/fan_in), not truncated (recipe.ts heNormalStddev), drawn in tf.js's layout
    [kh, kw, cin, cout] / [din, units] from a generator seeded per layer: a baseline conv and the
    SphereConv at the same position start from the same kernel, as in the Lab. (The draws are
    torch's, not tf.js's: load the Lab's weights with --init-from for the very same start.)"""
    gen = torch.Generator().manual_seed(int(seed))
    return torch.randn(tuple(tf_shape), generator=gen) * math.sqrt(2.0 / fan_in)


def learnable_k(units):
    """Raw learnable k per unit, 0.7 at init; used as |k| + 0.05 so it stays positive."""
    return nn.Parameter(torch.full((units,), LEARNABLE_K_INIT))


class SphereConv2d(nn.Module):
    """SphereConv (sphereConv.ts sphereConv2d, layers.ts SphereConv2D): g(theta) between every
    3x3 patch and every filter, no bias. cos = conv(x, w/|w|) / |patch|, with
    |w| = sqrt(sum w^2 + 1e-4) per filter and |patch| = sqrt(conv(x^2, ones) + 1e-4).
    relu: fused max(0, g). pool: a following 2x2 max-pool taken on cos before g; exact because
    every operator (and the ReLU) increases with cos (buildModel folds it only when no BN sits
    between the conv and the pool)."""

    def __init__(self, cin, cout, operator, k, relu, pool, seed, kernel_size=3):
        super().__init__()
        self.operator, self.k_fixed, self.relu, self.pool = operator, k, relu, pool
        self.kernel_size = kernel_size
        tf_kernel = he_normal((kernel_size, kernel_size, cin, cout), kernel_size * kernel_size * cin, seed)
        self.weight = nn.Parameter(tf_kernel.permute(3, 2, 0, 1).contiguous())
        self.k = learnable_k(cout) if operator == 'learnable-sigmoid' else None

    def effective_k(self):
        return self.k.abs() + LEARNABLE_K_OFFSET if self.k is not None else self.k_fixed

    def cos(self, x):
        w = self.weight
        w_unit = w * torch.rsqrt((w * w).sum(dim=(1, 2, 3), keepdim=True) + NORM_EPS)
        ones = torch.ones((1, 1, self.kernel_size, self.kernel_size), dtype=x.dtype, device=x.device)
        pad = self.kernel_size // 2
        patch_sq = F.conv2d((x * x).sum(dim=1, keepdim=True), ones, padding=pad)
        return F.conv2d(x, w_unit, padding=pad) * torch.rsqrt(patch_sq + NORM_EPS)

    def forward(self, x):
        c = self.cos(x)
        if self.pool > 1:
            c = F.max_pool2d(c, self.pool)
        k = self.effective_k()
        if torch.is_tensor(k):
            k = k.view(1, -1, 1, 1)
        return angular_from_cos(c, self.operator, k, self.relu)


def sphere_dense_cos(x, w):
    """cos between each row of x [b, din] and each column of w [din, units] (sphereDenseCos)."""
    x_inv = torch.rsqrt((x * x).sum(dim=1, keepdim=True) + NORM_EPS)
    w_unit = w * torch.rsqrt((w * w).sum(dim=0, keepdim=True) + NORM_EPS)
    return (x @ w_unit) * x_inv


class SphereLinear(nn.Module):
    """SphereFC (sphereConv.ts sphereDense, layers.ts SphereDense): g(theta(x, w_j)) per unit.
    The kernel keeps tf.js's layout [din, units]."""

    def __init__(self, din, units, operator, k=SIGMOID_K_DEFAULT, relu=False, seed=1):
        super().__init__()
        self.operator, self.k_fixed, self.relu = operator, k, relu
        self.weight = nn.Parameter(he_normal((din, units), din, seed))
        self.k = learnable_k(units) if operator == 'learnable-sigmoid' else None

    def effective_k(self):
        return self.k.abs() + LEARNABLE_K_OFFSET if self.k is not None else self.k_fixed

    def forward(self, x):
        k = self.effective_k()
        return angular_from_cos(sphere_dense_cos(x, self.weight), self.operator, k, self.relu)


class SoftmaxHead(nn.Module):
    """Plain classifier: f @ W, no bias (the official 'score'); W is [din, classes]."""

    def __init__(self, din, classes, seed):
        super().__init__()
        self.weight = nn.Parameter(he_normal((din, classes), din, seed))

    def forward(self, f):
        return f @ self.weight

    def loss(self, f, y):
        return F.cross_entropy(self(f), y, label_smoothing=LABEL_SMOOTHING)


class WeightNormHead(SoftmaxHead):
    """Weight-normalized softmax (heads.ts WeightNormDense): f @ (w_j / sqrt(|w_j|^2 + 1e-4))."""

    def forward(self, f):
        w = self.weight
        return f @ (w * torch.rsqrt((w * w).sum(dim=0, keepdim=True) + NORM_EPS))


class GASoftmaxHead(SoftmaxHead):
    """GA-Softmax (losses.ts gaSoftmaxLoss, heads.ts AngularHead). Logits |f|*g(theta_j) for
    prediction; the training loss puts psi(m*theta) on the target class. Under learnable-sigmoid
    the head learns its own k per class (0.7 at init, used as |k| + 0.05)."""

    def __init__(self, din, classes, seed, operator, k, m):
        super().__init__(din, classes, seed)
        self.operator, self.k_fixed, self.m = operator, k, m
        self.k = learnable_k(classes) if operator == 'learnable-sigmoid' else None

    def effective_k(self):
        return self.k.abs() + LEARNABLE_K_OFFSET if self.k is not None else self.k_fixed

    def feature_norm(self, f):
        return torch.sqrt((f * f).sum(dim=1, keepdim=True) + NORM_EPS)

    def forward(self, f):
        cos = sphere_dense_cos(f, self.weight)
        return self.feature_norm(f) * angular_from_cos(cos, self.operator, self.effective_k())

    def loss(self, f, y):
        k = self.effective_k()
        cos = sphere_dense_cos(f, self.weight)
        plain = angular_from_cos(cos, self.operator, k)
        theta = torch.acos(cos.clamp(-COS_LIMIT, COS_LIMIT))
        margined = extended_angular(theta * self.m, self.operator, k)
        one_hot = F.one_hot(y, cos.shape[1]).to(cos.dtype)
        g = plain * (1 - one_hot) + margined * one_hot
        return F.cross_entropy(self.feature_norm(f) * g, y, label_smoothing=LABEL_SMOOTHING)


def orthogonality_penalty(w):
    """|W^T W - I|_F^2 with W reshaped to [kh*kw*cin, cout] (losses.ts orthogonalityPenalty)."""
    mat = w.reshape(w.shape[0], -1)
    gram = mat @ mat.t()
    return ((gram - torch.eye(w.shape[0], dtype=w.dtype, device=w.device)) ** 2).sum()
`;
