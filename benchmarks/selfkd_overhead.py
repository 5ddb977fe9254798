"""Self-KD's training cost: time per epoch with Self-KD over time per epoch without, on the same data, in one run.

Self-KD adds one forward pass of the averaged teacher (the largest subnet, no gradient) per step to the sandwich
rule's four forward/backward passes. The paper reports 1.0–1.2× (Table 6); the target here is at most 1.10×.
Epoch 0 is excluded from both (Self-KD has no teacher before the first validation), and the two modes alternate
epoch by epoch over `--rounds` so that drifts of the machine's speed hit both alike.

    python benchmarks/selfkd_overhead.py [--start lite0] [--size 96 128] [--steps 10] [--rounds 3] [--out reports/selfkd_overhead.md]
"""
import argparse, copy, statistics, tempfile, time
from pathlib import Path
import torch
from salnas.core import atomic_write_text
from salnas.data import get_dataset
from salnas.models import build_model
from salnas.runs import read_log
from salnas.train import TrainConfig, train


def epoch_seconds(model, ds, distill, epochs, steps, batch_size, out, seed):
    "Train `epochs` epochs of `steps` steps; return the training seconds of every epoch after the first."
    cfg = TrainConfig(epochs=epochs, batch_size=batch_size, steps_per_epoch=steps, distill=distill, seed=seed,
                      val_max_images=8, out_dir=str(out), progress=False)
    train(model, ds, get_dataset('demo', split='val', size=ds.size), cfg, resume=False)
    return [r['seconds_train'] for r in read_log(out)][1:]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--start', default='lite0'); p.add_argument('--size', type=int, nargs=2, default=(96, 128))
    p.add_argument('--steps', type=int, default=10); p.add_argument('--batch-size', type=int, default=16)
    p.add_argument('--rounds', type=int, default=3); p.add_argument('--threads', type=int, default=None)
    p.add_argument('--out', default=None)
    a = p.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    ds = get_dataset('demo', split='train', size=tuple(a.size), hflip=0.5)
    base = build_model(a.start)
    times = {'none': [], 'selfkd': []}
    with tempfile.TemporaryDirectory() as d:
        for r in range(a.rounds):
            for mode in ('none', 'selfkd'):
                t = epoch_seconds(copy.deepcopy(base), ds, mode, 3, a.steps, a.batch_size, Path(d)/f'{mode}{r}', 3407 + r)
                times[mode] += t
                print(f"round {r} {mode:6s}: {', '.join(f'{x:.1f}' for x in t)} s per epoch of {a.steps} steps")
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med['selfkd'] / med['none']
    lines = [f"# Self-KD training overhead ({a.start} supernet, sandwich rule, demo {a.size[0]}×{a.size[1]}, batch {a.batch_size})", "",
             f"torch {torch.__version__}, {torch.get_num_threads()} threads; median over {len(times['none'])} epochs of {a.steps} steps per mode "
             "(epoch 0 excluded: no teacher yet), modes alternating.", "",
             "| mode | median s / epoch | epochs measured |", "|---|---:|---:|",
             f"| none (sandwich rule) | {med['none']:.2f} | {len(times['none'])} |",
             f"| selfkd | {med['selfkd']:.2f} | {len(times['selfkd'])} |", "",
             f"**Self-KD / none = {ratio:.3f}×** (paper Table 6: 1.0–1.2×; target ≤ 1.10×: {'pass' if ratio <= 1.10 else 'FAIL'})", ""]
    text = '\n'.join(lines)
    print(text)
    if a.out: atomic_write_text(a.out, text); print(f"written to {a.out}")
    return 0 if ratio <= 1.10 else 1


if __name__ == '__main__': raise SystemExit(main())
