/**
 * Python source of the command line and the training loop: the Lab's lockstep loop (every model
 * on the same batch each step), its evaluation schedule and its CSV, plus DistributedDataParallel
 * when started by torchrun.
 */
export const PY_TRAIN = String.raw`
# ----------------------------------------------------------------------------------------------
# Command line, devices, training loop (mirrors src/engine/train/trainer.ts and the Lab's CSV export)
# ----------------------------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', metavar='DIR', help='folder with MNIST IDX, CIFAR-10 binary or mnist-10k.bin files '
                   '(default: download DATASET with torchvision into ./data)')
    p.add_argument('--epochs', type=float, default=1.0, help='passes over the training set (default 1)')
    p.add_argument('--steps', type=int, help='training steps (overrides --epochs)')
    p.add_argument('--device', choices=['cuda', 'cpu'], help='default: cuda when available, else cpu')
    p.add_argument('--compare', action='store_true', help='also train the baseline CNN(s) beside the SphereNet(s), on the same batches')
    p.add_argument('--csv', default='spherelab-run.csv', help='loss and accuracy per step (the Lab\'s CSV columns)')
    p.add_argument('--init-from', metavar='DIR', help='start from the Lab\'s "Download models (tfjs)" files (<id>.json + <id>.weights.bin)')
    p.add_argument('--eval-every', type=int, default=EVAL_EVERY, help='test accuracy every N steps (default: the Lab\'s %d)' % EVAL_EVERY)
    p.add_argument('--eval-size', type=int, default=EVAL_SIZE, help='test images per evaluation (default: the Lab\'s %d)' % EVAL_SIZE)
    return p.parse_args(argv)


def setup_distributed(device_arg):
    """(rank, world, device). torchrun sets WORLD_SIZE > 1: one process per GPU (or CPU worker)."""
    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank, local_rank = int(os.environ.get('RANK', '0')), int(os.environ.get('LOCAL_RANK', '0'))
    want = device_arg or ('cuda' if torch.cuda.is_available() else 'cpu')
    if want == 'cuda' and not torch.cuda.is_available():
        sys.exit('error: --device cuda, but torch finds no CUDA device on this machine '
                 '(torch.cuda.is_available() is False); run with --device cpu')
    device = torch.device('cuda', local_rank) if want == 'cuda' else torch.device('cpu')
    if want == 'cuda':
        torch.cuda.set_device(device)
    if world > 1:
        if BATCH_SIZE % world:
            sys.exit('error: the batch size %d (global, as in the Lab) does not split over %d processes' % (BATCH_SIZE, world))
        torch.distributed.init_process_group('nccl' if want == 'cuda' else 'gloo')
    return rank, world, device


def make_optimizer(params):
    """tf.js's optimizers (src/engine/train/trainer.ts): Adam with epsilon 1e-7, or SGD momentum 0.9.
    Weight decay is a loss term (Net.regularizer), as in the official code, not the optimizer's."""
    if OPTIMIZER == 'adam':
        return torch.optim.Adam(params, lr=LEARNING_RATE, betas=(0.9, 0.999), eps=ADAM_EPSILON)
    return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=SGD_MOMENTUM)


class Run:
    """One model of the experiment, with its optimizer and its rows of the CSV."""

    def __init__(self, spec, in_shape, classes, device, world):
        self.id, self.spec = spec['id'], spec
        self.net = Net(spec, in_shape, classes, SEED).to(device)
        if world > 1 and device.type == 'cuda':
            # BN statistics over the whole global batch, as in the Lab's single-process batch.
            self.net = nn.SyncBatchNorm.convert_sync_batchnorm(self.net)
        self.step_fn = self.net
        if world > 1:
            from torch.nn.parallel import DistributedDataParallel
            self.step_fn = DistributedDataParallel(self.net, device_ids=[device.index] if device.type == 'cuda' else None)
        self.opt = make_optimizer(self.net.parameters())
        self.pending, self.rows, self.smoothed, self.stopped = [], [], None, None


def evaluate(run, test_x, test_y, size, device):
    """Accuracy on the first 'size' test images (BN in inference mode), as the Lab's evaluate()."""
    run.net.eval()
    correct, total = 0, min(size, len(test_y))
    with torch.no_grad():
        for start in range(0, total, 250):
            idx = torch.arange(start, min(start + 250, total))
            x, y = to_batch(test_x, test_y, idx, device)
            correct += int((run.net(x).argmax(dim=1) == y).sum())
    run.net.train()
    return correct / max(total, 1)


def flush(runs, world):
    """Reads the losses back (one sync per flush, averaged over processes) into CSV rows; a model
    whose loss is not finite stops, with the Lab's explanation."""
    for run in runs:
        if not run.pending:
            continue
        steps, times, losses = zip(*run.pending)
        values = torch.stack(losses)
        if world > 1:
            torch.distributed.all_reduce(values)
            values /= world
        run.pending = []
        for step, at_ms, loss in zip(steps, times, values.tolist()):
            if not math.isfinite(loss):
                run.stopped = ('loss became %s at step %d: the learning rate (%g) is probably too high for this model'
                               % (loss, step, LEARNING_RATE))
                print('%s stopped: %s' % (run.id, run.stopped), flush=True)
                break
            run.smoothed = loss if run.smoothed is None else SMOOTHING * run.smoothed + (1 - SMOOTHING) * loss
            run.rows.append([run.id, step, '%.0f' % at_ms, repr(loss), repr(run.smoothed), ''])


def write_csv(path, runs):
    with open(path, 'w', newline='') as fh:
        out = csv.writer(fh, lineterminator='\n')
        out.writerow(['model', 'step', 'wall_ms', 'loss', 'smoothed_loss', 'test_accuracy'])
        for run in runs:
            out.writerows(run.rows)


def record_accuracy(run, step, wall_ms, value):
    for row in reversed(run.rows):
        if row[1] == step:
            row[5] = repr(value)
            return
    run.rows.append([run.id, step, '%.0f' % wall_ms, '', '', repr(value)])


def main(argv=None):
    args = parse_args(argv)
    rank, world, device = setup_distributed(args.device)
    train_x, train_y, test_x, test_y, data_name = load_data(args.data)
    in_shape = (train_x.shape[3], train_x.shape[1], train_x.shape[2])
    # Every dataset the Lab reads has 10 classes (its nets always have 10 outputs).
    classes = max(10, int(max(int(train_y.max()), int(test_y.max())) + 1))
    specs = [s for s in MODELS if args.compare or s['arch'] == 'sphere']
    torch.manual_seed(SEED)
    runs = [Run(s, in_shape, classes, device, world) for s in specs]
    if args.init_from:
        for run in runs:
            path = os.path.join(args.init_from, run.id + '.json')
            if not os.path.isfile(path):
                sys.exit('error: --init-from %s has no %s.json (the Lab saves one per model)' % (args.init_from, run.id))
            load_tfjs_weights(run.net, path)
    order = ShardedBatchOrder(len(train_y), SEED, rank, world, BATCH_SIZE) if world > 1 else LabBatchOrder(len(train_y), SEED)
    steps = args.steps if args.steps is not None else max(1, int(args.epochs * (len(train_y) // BATCH_SIZE)))
    if rank == 0:
        print('%s: %d train / %d test images %s; %s on %s x%d; batch %d, %s lr %g, %d steps'
              % (data_name, len(train_y), len(test_y), list(in_shape), ', '.join(r.id for r in runs),
                 device.type, world, BATCH_SIZE, OPTIMIZER, LEARNING_RATE, steps), flush=True)
    started = time.perf_counter()
    wall = lambda: (time.perf_counter() - started) * 1000

    def eval_all(step):
        flush(runs, world)
        if rank == 0 and args.eval_every > 0:
            line = []
            for run in runs:
                if run.stopped:
                    continue
                acc = evaluate(run, test_x, test_y, args.eval_size, device)
                record_accuracy(run, step, wall(), acc)
                loss = run.rows[-1][3] if run.rows and run.rows[-1][3] != '' else '-'
                ks = run.net.k_values()
                line.append('%s loss %s acc %.4f%s' % (run.id, loss[:6], acc, ' k %s' % ['%.3f' % k for k in ks] if ks else ''))
            print('step %d  %s' % (step, ' | '.join(line)), flush=True)
            write_csv(args.csv, runs)

    eval_all(0)
    for step in range(1, steps + 1):
        x, y = to_batch(train_x, train_y, order.next(BATCH_SIZE), device)
        for run in runs:
            if run.stopped:
                continue
            run.opt.zero_grad(set_to_none=True)
            loss = run.step_fn(x, y) + run.net.regularizer()
            loss.backward()
            run.opt.step()
            if EXACT_TIMING and device.type == 'cuda':
                torch.cuda.synchronize(device)
            run.pending.append((step, wall(), loss.detach()))
        if step == steps or (args.eval_every > 0 and step % args.eval_every == 0):
            eval_all(step)
    if rank == 0:
        write_csv(args.csv, runs)
        print('wrote %s (%d steps, %.1f s)' % (args.csv, steps, wall() / 1000), flush=True)
    if world > 1:
        # Both ranks finish together before the group goes: with gloo (torch 1.13) a rank whose
        # peer tore its connections down first could hang at exit.
        torch.distributed.barrier()
        torch.distributed.destroy_process_group()
        # torch 1.13's gloo can still hang in interpreter shutdown (a background thread joined at
        # exit); everything is written and flushed, so leave without the shutdown.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == '__main__':
    main()
`;
