/**
 * Python source of the data layer: the formats the Lab reads (src/data/: MNIST IDX, CIFAR-10
 * binary batches, SphereLab's own mnist-10k.bin), torchvision when no folder is given, and the
 * Lab's seeded batch order (src/data/rng.ts: mulberry32 + Fisher–Yates, fresh each epoch).
 */
export const PY_DATA = String.raw`
# ----------------------------------------------------------------------------------------------
# Data (mirrors src/data/): uint8 images [N, H, W, C] and labels; pixels become p/255 in [0, 1]
# ----------------------------------------------------------------------------------------------

MNIST_IDX = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
CIFAR_BATCHES = ['data_batch_%d.bin' % i for i in range(1, 6)] + ['test_batch.bin']
SHIPPED_NAMES = ['mnist-10k.bin', 'mnist-10k.bin.gz']
SHIPPED_TEST_COUNT = 2000
LOOKED_FOR = ('MNIST IDX files %s (each optionally .gz; also under MNIST/raw/), SphereLab\'s %s, '
              'or CIFAR-10 binaries %s (also under cifar-10-batches-bin/)'
              % (', '.join(MNIST_IDX), ' or '.join(SHIPPED_NAMES), ', '.join(CIFAR_BATCHES)))


def read_maybe_gz(path):
    with open(path, 'rb') as fh:
        raw = fh.read()
    return gzip.decompress(raw) if raw[:2] == b'\x1f\x8b' else raw


def find_file(folder, name):
    for candidate in (name, name + '.gz'):
        if os.path.isfile(os.path.join(folder, candidate)):
            return os.path.join(folder, candidate)
    return None


def parse_idx(path, kind):
    raw = read_maybe_gz(path)
    magic, count = struct.unpack('>II', raw[:8])
    if magic != (0x803 if kind == 'images' else 0x801):
        sys.exit('error: %s is not an IDX %s file (magic %#x)' % (path, kind, magic))
    if kind == 'labels':
        return torch.frombuffer(bytearray(raw[8:8 + count]), dtype=torch.uint8)
    rows, cols = struct.unpack('>II', raw[8:16])
    pixels = torch.frombuffer(bytearray(raw[16:16 + count * rows * cols]), dtype=torch.uint8)
    return pixels.reshape(count, rows, cols, 1)


def load_shipped(path):
    """SphereLab's mnist-10k.bin(.gz): 'SLMN' | u32 version | u32 count | rows | cols | labels |
    pixels (src/data/mnistBinary.ts); the last 2,000 digits are the test split, as in the Lab."""
    raw = read_maybe_gz(path)
    magic, version, count, rows, cols = struct.unpack('<4sIIII', raw[:20])
    if magic != b'SLMN' or version != 1:
        sys.exit('error: %s is not a SphereLab MNIST file (version 1)' % path)
    labels = torch.frombuffer(bytearray(raw[20:20 + count]), dtype=torch.uint8)
    images = torch.frombuffer(bytearray(raw[20 + count:20 + count + count * rows * cols]), dtype=torch.uint8)
    images = images.reshape(count, rows, cols, 1)
    train = count - SHIPPED_TEST_COUNT
    return images[:train], labels[:train], images[train:], labels[train:], 'MNIST (SphereLab 10k)'


def load_cifar(folder):
    """CIFAR-10 binary version: records of 1 label byte + 3072 bytes (R, G, B planes of 32x32)."""
    def read(names):
        raw = b''.join(read_maybe_gz(find_file(folder, n)) for n in names)
        records = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(-1, 3073)
        return records[:, 1:].reshape(-1, 3, 32, 32).permute(0, 2, 3, 1).contiguous(), records[:, 0].clone()
    train_x, train_y = read(CIFAR_BATCHES[:-1])
    test_x, test_y = read(CIFAR_BATCHES[-1:])
    return train_x, train_y, test_x, test_y, 'CIFAR-10'


def load_folder(folder):
    """The first complete dataset found in the folder (or its usual subfolders)."""
    if not os.path.isdir(folder):
        sys.exit('error: --data %s is not a folder' % folder)
    for sub in (folder, os.path.join(folder, 'MNIST', 'raw')):
        found = [find_file(sub, n) for n in MNIST_IDX]
        if all(found):
            train_x, train_y, test_x, test_y = (parse_idx(p, 'labels' if 'labels' in p else 'images') for p in found)
            return train_x, train_y, test_x, test_y, 'MNIST (IDX)'
    for name in SHIPPED_NAMES:
        if os.path.isfile(os.path.join(folder, name)):
            return load_shipped(os.path.join(folder, name))
    for sub in (folder, os.path.join(folder, 'cifar-10-batches-bin')):
        if all(find_file(sub, n) for n in CIFAR_BATCHES):
            return load_cifar(sub)
    sys.exit('error: no dataset in %s: looked for %s' % (folder, LOOKED_FOR))


def load_torchvision(name, root):
    try:
        import torchvision
    except ImportError:
        sys.exit('error: DATASET = %r needs torchvision (to download it) or --data DIR holding %s' % (name, LOOKED_FOR))
    make = torchvision.datasets.MNIST if name == 'mnist' else torchvision.datasets.CIFAR10
    parts = [make(root, train=t, download=True) for t in (True, False)]

    def arrays(ds):
        x = torch.as_tensor(ds.data)
        x = x.unsqueeze(-1) if x.dim() == 3 else x
        return x.to(torch.uint8).contiguous(), torch.as_tensor(ds.targets).to(torch.uint8)
    (train_x, train_y), (test_x, test_y) = arrays(parts[0]), arrays(parts[1])
    return train_x, train_y, test_x, test_y, name.upper() + ' (torchvision)'


def load_data(data_dir):
    if data_dir:
        return load_folder(data_dir)
    if DATASET == 'files':
        sys.exit('error: the Lab trained on your own files (data=files): give --data DIR holding %s' % LOOKED_FOR)
    return load_torchvision(DATASET, './data')


def to_batch(images, labels, indices, device):
    """uint8 HWC -> float NCHW in [0, 1] (the Lab's makeBatch without normalization)."""
    x = images[indices].to(device=device, dtype=torch.float32).div_(255).permute(0, 3, 1, 2)
    return x.contiguous(), labels[indices].to(device=device, dtype=torch.long)


def mulberry32(seed):
    """src/data/rng.ts: the Lab's 32-bit PRNG, floats in [0, 1)."""
    state = [seed & 0xFFFFFFFF]

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def rand():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return rand


class LabBatchOrder:
    """src/data/rng.ts SeededBatchOrder: endless epochs, each a seeded Fisher-Yates permutation,
    so one process draws exactly the Lab's batches (on the Lab's data: --data public/data)."""

    def __init__(self, count, seed):
        self.count, self.rand, self.cursor = count, mulberry32(seed), count
        self.perm = []

    def fresh(self):
        p = list(range(self.count))
        for i in range(self.count - 1, 0, -1):
            j = int(self.rand() * (i + 1))
            p[i], p[j] = p[j], p[i]
        return p

    def next(self, batch_size):
        out = []
        for _ in range(batch_size):
            if self.cursor >= self.count:
                self.perm, self.cursor = self.fresh(), 0
            out.append(self.perm[self.cursor])
            self.cursor += 1
        return torch.tensor(out, dtype=torch.long)


class ShardedBatchOrder:
    """Under torchrun: a DistributedSampler (seeded, reshuffled every epoch) gives each rank
    BATCH_SIZE / world indices per step, so one step still sees BATCH_SIZE examples in all."""

    def __init__(self, count, seed, rank, world, batch_size):
        from torch.utils.data.distributed import DistributedSampler
        self.sampler = DistributedSampler(range(count), num_replicas=world, rank=rank,
                                          shuffle=True, seed=seed, drop_last=True)
        self.per_rank, self.epoch, self.queue = batch_size // world, 0, []

    def next(self, batch_size):
        while len(self.queue) < self.per_rank:
            self.sampler.set_epoch(self.epoch)
            self.queue += list(self.sampler)
            self.epoch += 1
        out, self.queue = self.queue[:self.per_rank], self.queue[self.per_rank:]
        return torch.tensor(out, dtype=torch.long)
`;
