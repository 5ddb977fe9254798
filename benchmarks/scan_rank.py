"""How many images a subnet scan needs: the rank check of `salnas.scan.rank_check` on OSIE, and the scan's path.

Draws --subnets subnets (seed 1) of a trained supernet at --resolution and scores each as the reference
(float32, 64 recalibration images, all 200 OSIE validation images) and on the scan's path (bfloat16 autocast with
each conv fused with its activation, on a CPU with native bf16) at every pair of counts in
`salnas.scan.RANK_RECAL` x `RANK_VAL`. Prints and writes Kendall's τ of each metric against the reference, the
mean seconds per subnet and the minutes 2000 subnets would take, and the counts `scan_counts` picks (τ on CC at
least 0.9, cheapest). Before the check it times the inference paths side by side (eager float32, bf16 autocast,
and bf16 autocast with fused convs, all channels-last and BN-folded, interleaved subnet by subnet) so that the
scan's path is the measured faster one; --paths-only stops after that timing.

Usage: python benchmarks/scan_rank.py CHECKPOINT [--subnets 100] [--resolution 192x256] [--osie DIR]
       [--shards K] [--out reports/osie/scan_rank.md] [--paths-only]
The per-subnet table (resumable) is written beside --out as a CSV. --shards K scores the subnets in K processes of
(cores / K) threads each (one subprocess per shard, the same as `salnas scan --shard`); the seconds per subnet in
the table are then per process, and the wall time says what the whole took. Run it on a quiet machine.
"""
import argparse, os, subprocess, sys, time
from pathlib import Path
import numpy as np, pandas as pd
import torch

from salnas.core import atomic_write_text, shared_data, skip_message
from salnas.data import get_dataset
from salnas.latency import cpu_has_bf16, cpu_name
from salnas.metrics import SCAN_METRICS
from salnas.scan import (RANK_REF_RECAL, RANK_RECAL, RANK_VAL, load_supernet, parse_resolution, predict_maps,
                         rank_check, rank_summary, read_scan, restrict, sample_configs, scan_counts,
                         subnet_for, scan_data, truthy)

TAU, SCAN_N, SCAN_MINUTES = 0.9, 2000, 60      # the rank target, and the scan it must fit


PATHS = {'fp32': dict(amp=False), 'autocast': dict(amp=True, fuse=False), 'fused': dict(amp=True)}   # fused: the scan's


def path_ratio(net, data, k:int=6, n_img:int=48) -> dict:
    ("Median seconds per image on `k` subnets, interleaved, of eager float32 (convs fused with their activations), "
     "bf16 autocast and bf16 autocast with the convs fused (`salnas.inference.fuse_convs_`, the scan's path).")
    configs = sample_configs(restrict(net.space, [data.resolution]), k, seed=2)
    t = {p: [] for p in PATHS}
    for c in configs:
        subs = {p: subnet_for(net, c, data.recal[:1], **kw) for p, kw in PATHS.items()}
        for p, sub in subs.items():
            predict_maps(sub, data.images[:4], amp=PATHS[p]['amp'])             # warm-up (and weight packing)
        for p, sub in subs.items():
            t0 = time.perf_counter()
            predict_maps(sub, data.images[:n_img], amp=PATHS[p]['amp'])
            t[p].append((time.perf_counter() - t0) / n_img)
    return {p: float(np.median(v)) for p, v in t.items()}


def path_line(speed:dict) -> str:
    "The side-by-side timing of `path_ratio`, as a sentence."
    return (f"eager float32 {1e3 * speed['fp32']:.1f} ms/image, bf16 autocast {1e3 * speed['autocast']:.1f} "
            f"ms/image, bf16 autocast with each conv fused with its activation {1e3 * speed['fused']:.1f} ms/image "
            f"(fused / autocast {speed['fused'] / speed['autocast']:.2f}, fused / float32 "
            f"{speed['fused'] / speed['fp32']:.2f})")


def measured_scans(run:Path, pick:dict, res, shards:int) -> list:
    ("Lines on the finished scans beside the checkpoint at the picked counts: the scan shares the stem's and first "
     "stages' features between subnets (`salnas.scan.StageCache`), which the per-subnet check above does not.")
    lines = []
    for js in sorted(run.glob('scan-*.json')):
        st = read_scan(js.with_suffix('.csv')).attrs
        d = (st.get('data') or [{}])[0]
        if (d.get('n_recal'), d.get('n_val'), tuple(d.get('resolution', ()))) != (pick['n_recal'], pick['n_val'], res):
            continue
        n, sec = st.get('n_measured', 0), st.get('measure_seconds', 0.)
        lines.append(f"\nMeasured scan at these counts (`{js.with_suffix('.csv').name}`, {st.get('precision')}): {n} "
                     f"subnets, {sec / max(n, 1):.2f} s per subnet and process, {sec / 60 / shards:.1f} min in "
                     f"{shards} processes (sum of the subnets' seconds / processes).")
    return lines


def counts(a) -> dict:
    "The recal_counts and val_counts of `rank_check` that --recal and --val name."
    return {'recal_counts': tuple(int(v) for v in a.recal.split(',')),
            'val_counts': tuple(int(v) for v in a.val.split(','))}


def run_shards(a, amp:bool, csv:Path) -> pd.DataFrame:
    "Run the rank check in `a.shards` processes of this script at once; their tables merged (and kept as `csv`)."
    env = {**os.environ, 'OMP_NUM_THREADS': str(max(1, (os.cpu_count() or 2) // a.shards))}
    base = [sys.executable, __file__, a.checkpoint, '--subnets', str(a.subnets), '--resolution', a.resolution,
            '--out', a.out, '--amp', 'bf16' if amp else 'fp32', '--recal', a.recal, '--val', a.val]
    base += ['--osie', a.osie] if a.osie else []
    files = [csv.with_suffix(f'.shard{i}of{a.shards}.csv') for i in range(a.shards)]
    if csv.exists():                                   # a merged table: each shard resumes from its rows
        done = pd.read_csv(csv)
        for i, f in enumerate(files):
            if not f.exists():
                atomic_write_text(f, done[done['id'] % a.shards == i].to_csv(index=False))
    procs = [subprocess.Popen(base + ['--shard', f'{i}/{a.shards}'], env=env) for i in range(a.shards)]
    if any(p.wait() for p in procs):
        raise SystemExit('a shard of the rank check failed; re-run to resume it')
    df = pd.concat([pd.read_csv(f) for f in files]).sort_values(['id', 'reference'], ascending=[True, False])
    atomic_write_text(csv, df.reset_index(drop=True).to_csv(index=False))
    for f in files:                                    # merged: the table is whole in `csv`
        f.unlink()
    return df.reset_index(drop=True)


def table(summary:pd.DataFrame, shards:int) -> list:
    "The τ table; minutes for SCAN_N subnets count `shards` processes working at once."
    cols = ' | '.join(f'τ {m}' for m in SCAN_METRICS)
    lines = [f"| recal | val | {cols} | s / subnet / process | min for {SCAN_N} |",
             '|' + '---:|' * (len(SCAN_METRICS) + 4)]
    for _, r in summary.iterrows():
        taus = ' | '.join(f"{r[f'tau_{m}']:.3f}" for m in SCAN_METRICS)
        lines.append(f"| {int(r['n_recal'])} | {int(r['n_val'])} | {taus} | {r['seconds']:.2f} | "
                     f"{r['seconds'] * SCAN_N / 60 / shards:.1f} |")
    return lines


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoint')
    p.add_argument('--subnets', type=int, default=100)
    p.add_argument('--resolution', default='192x256')
    p.add_argument('--osie', default=None)
    p.add_argument('--out', default='reports/osie/scan_rank.md')
    p.add_argument('--shards', type=int, default=1)
    p.add_argument('--recal', default=','.join(map(str, RANK_RECAL)), help='recalibration counts to try, as 16,32')
    p.add_argument('--val', default=','.join(map(str, RANK_VAL)), help='validation counts to try, as 25,50,100')
    p.add_argument('--paths-only', action='store_true', help='time the inference paths side by side, then stop')
    p.add_argument('--shard', default=None, help=argparse.SUPPRESS)        # I/K: one shard's process (internal)
    p.add_argument('--amp', default='bf16', help=argparse.SUPPRESS)        # the shard's path, as its parent measured
    a = p.parse_args(argv)
    root = Path(a.osie) if a.osie else shared_data('osie')
    if root is None or not Path(root).exists():
        print(skip_message('OSIE'))
        return 0
    res = parse_resolution(a.resolution)
    t0 = time.time()
    net = load_supernet(a.checkpoint).eval()
    tr, va = get_dataset('osie', root, 'train'), get_dataset('osie', root, 'val')
    data = scan_data(tr, va, res, n_recal=RANK_REF_RECAL, n_val=None)
    print(f"{cpu_name()}, {torch.get_num_threads()} threads, native bf16: {cpu_has_bf16()}; "
          f"{data.n_recal} recalibration / {data.n_val} validation images at {res[0]}x{res[1]}")
    csv = Path(a.out).with_suffix('.csv')
    if a.shard:                                        # one shard's process: score its subnets, nothing else
        i, k = (int(v) for v in a.shard.split('/'))
        rank_check(net, data, n=a.subnets, amp=a.amp == 'bf16', out=csv.with_suffix(f'.shard{i}of{k}.csv'),
                   shard=(i, k), progress=i == 0, **counts(a))
        return 0
    speed = path_ratio(net, data)
    print(path_line(speed), flush=True)
    if a.paths_only:
        return 0
    amp = speed['fused'] < speed['fp32']
    if a.shards > 1:
        df = run_shards(a, amp, csv)
    else:
        df = rank_check(net, data, n=a.subnets, amp=amp, out=csv, **counts(a))
    sm = rank_summary(df)
    pick = scan_counts(sm, TAU)
    minutes = sm.set_index(['n_recal', 'n_val'])['seconds']
    lines = [f"# Scan rank check: how many images a subnet needs ({Path(a.checkpoint).parent.name})", '',
             f"{cpu_name()}, torch {torch.__version__}, {torch.get_num_threads()} threads"
             f"{f' in {a.shards} processes of {max(1, torch.get_num_threads() // a.shards)}' if a.shards > 1 else ''}. "
             f"{a.subnets} subnets of "
             f"the `{net.space.name}` supernet at {res[0]}x{res[1]} (sample seed 1; the scan draws seed 0). Reference: "
             f"float32, {data.n_recal} OSIE training images for BN recalibration, all {data.n_val} OSIE validation "
             f"images. Candidates: {'bf16 autocast, fused convs' if amp else 'float32'}, the first n of the same "
             f"recalibration draw and of the validation images. τ is Kendall's over the {a.subnets} subnets, against "
             "the reference.",
             '', f"Inference path, timed side by side on 6 subnets (48 images each, batch 4, BN folded, channels-last):"
             f" {path_line(speed)}; the scan uses {'bf16 fused' if amp else 'float32'}.", '',
             *table(sm, a.shards), '']
    ref = df[truthy(df['reference'])]
    lines.append(f"Reference: {ref['seconds'].mean():.2f} s per subnet and process "
                 f"({ref['seconds'].mean() * SCAN_N / 60 / a.shards:.0f} min for {SCAN_N}); CC of the {a.subnets} "
                 f"subnets {ref['cc'].min():.4f}–{ref['cc'].max():.4f}.")
    fit = sm[sm['seconds'] * SCAN_N / 60 / a.shards <= SCAN_MINUTES].sort_values('tau_cc')
    if len(fit):
        b = fit.iloc[-1]
        lines.append(f"\nBest τ on CC within {SCAN_MINUTES} min for {SCAN_N} subnets: {b['tau_cc']:.3f} "
                     f"({int(b['n_recal'])} recalibration, {int(b['n_val'])} validation images).")
    if pick['n_recal'] is None:
        lines.append(f"\nNo pair of counts reaches τ {TAU} on CC.")
    else:
        s = minutes[(pick['n_recal'], pick['n_val'])]
        lines.append(f"\n**Picked** (τ on CC ≥ {TAU}, fewest seconds): {pick['n_recal']} recalibration and "
                     f"{pick['n_val']} validation images, {s:.2f} s per subnet and process, about "
                     f"{s * SCAN_N / 60 / a.shards:.0f} min for {SCAN_N} subnets (target {SCAN_MINUTES} min).")
        lines += measured_scans(Path(a.checkpoint).parent, pick, res, a.shards)
    lines.append(f"\nWall time of this check: {(time.time() - t0) / 60:.1f} min.")
    text = '\n'.join(lines) + '\n'
    print(text)
    atomic_write_text(Path(a.out), text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
