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


def fail(path, why):
    """One line naming the file, as the Lab says it (src/data/), never a traceback."""
    sys.exit('error: %s: %s' % (path, why))


def read_maybe_gz(path):
    with open(path, 'rb') as fh:
        raw = fh.read()
    if not raw:
        fail(path, 'the file is empty (0 bytes)')
    if raw[:2] != b'\x1f\x8b':
        return raw
    try:
        raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as e:
        fail(path, 'the gzip data is corrupt or truncated (%s)' % e)
    if not raw:
        fail(path, 'the gzip data decompresses to nothing')
    return raw


def find_file(folder, name):
    for candidate in (name, name + '.gz'):
        if os.path.isfile(os.path.join(folder, candidate)):
            return os.path.join(folder, candidate)
    return None


def check_size(path, raw, need, what):
    if len(raw) < need:
        fail(path, 'truncated: %s need %d bytes, the file has %d' % (what, need, len(raw)))
    if len(raw) > need:
        fail(path, '%d bytes more than %s need (%d bytes)' % (len(raw) - need, what, need))


def check_labels(path, labels):
    """Every dataset the Lab reads has 10 classes; a label of 200 is a wrong file, not class 200."""
    if len(labels) > 0 and int(labels.max()) > 9:
        bad = int((labels > 9).nonzero()[0])
        fail(path, 'label %d at index %d is outside 0-9 (10 classes)' % (int(labels[bad]), bad))
    return labels


def parse_idx(path, kind):
    raw = read_maybe_gz(path)
    expected = 0x803 if kind == 'images' else 0x801
    header = 16 if kind == 'images' else 8
    if len(raw) < header:
        fail(path, 'truncated: an IDX %s header needs %d bytes, the file has %d' % (kind, header, len(raw)))
    magic, count = struct.unpack('>II', raw[:8])
    if magic != expected:
        fail(path, 'not an IDX %s file (magic %#x, expected %#x)' % (kind, magic, expected))
    if kind == 'labels':
        check_size(path, raw, 8 + count, '%d labels' % count)
        return check_labels(path, torch.frombuffer(bytearray(raw[8:]), dtype=torch.uint8))
    rows, cols = struct.unpack('>II', raw[8:16])
    check_size(path, raw, 16 + count * rows * cols, '%d images of %dx%d' % (count, rows, cols))
    pixels = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8)
    return pixels.reshape(count, rows, cols, 1)


def load_shipped(path):
    """SphereLab's mnist-10k.bin(.gz): 'SLMN' | u32 version | u32 count | rows | cols | labels |
    pixels (src/data/mnistBinary.ts); the last 2,000 digits are the test split, as in the Lab."""
    raw = read_maybe_gz(path)
    if len(raw) < 20:
        fail(path, 'truncated: the header needs 20 bytes, the file has %d' % len(raw))
    magic, version, count, rows, cols = struct.unpack('<4sIIII', raw[:20])
    if magic != b'SLMN' or version != 1:
        fail(path, 'not a SphereLab MNIST file (version 1)')
    check_size(path, raw, 20 + count + count * rows * cols, '%d digits of %dx%d' % (count, rows, cols))
    if count <= SHIPPED_TEST_COUNT:
        fail(path, '%d digits; the last %d are the test split, so it needs more' % (count, SHIPPED_TEST_COUNT))
    labels = check_labels(path, torch.frombuffer(bytearray(raw[20:20 + count]), dtype=torch.uint8))
    images = torch.frombuffer(bytearray(raw[20 + count:]), dtype=torch.uint8)
    images = images.reshape(count, rows, cols, 1)
    train = count - SHIPPED_TEST_COUNT
    return images[:train], labels[:train], images[train:], labels[train:], 'MNIST (SphereLab 10k)'


def load_cifar(folder):
    """CIFAR-10 binary version: records of 1 label byte + 3072 bytes (R, G, B planes of 32x32)."""
    def read_one(path):
        raw = read_maybe_gz(path)
        if len(raw) % 3073:
            fail(path, '%d bytes is not a whole number of 3,073-byte CIFAR-10 records' % len(raw))
        records = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(-1, 3073)
        check_labels(path, records[:, 0])
        return records

    def read(names):
        records = torch.cat([read_one(find_file(folder, n)) for n in names])
        return records[:, 1:].reshape(-1, 3, 32, 32).permute(0, 2, 3, 1).contiguous(), records[:, 0].clone()
    train_x, train_y = read(CIFAR_BATCHES[:-1])
    test_x, test_y = read(CIFAR_BATCHES[-1:])
    return train_x, train_y, test_x, test_y, 'CIFAR-10'


def load_idx_set(found):
    """The four IDX files, kinds from the names looked for (a folder called 'labels' is no label file)."""
    parsed = [parse_idx(p, 'labels' if 'labels' in n else 'images') for n, p in zip(MNIST_IDX, found)]
    for (x, xp), (y, yp) in (((parsed[0], found[0]), (parsed[1], found[1])), ((parsed[2], found[2]), (parsed[3], found[3]))):
        if len(x) != len(y):
            fail(yp, '%d labels but %s holds %d images: they must match' % (len(y), xp, len(x)))
    return tuple(parsed)


def load_folder(folder):
    """The first complete dataset found in the folder (or its usual subfolders)."""
    if not os.path.isdir(folder):
        sys.exit('error: --data %s is not a folder' % folder)
    for sub in (folder, os.path.join(folder, 'MNIST', 'raw')):
        found = [find_file(sub, n) for n in MNIST_IDX]
        if all(found):
            train_x, train_y, test_x, test_y = load_idx_set(found)
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
