"""What glibc's malloc settings cost a scan: `salnas.latency.keep_freed_memory` on and off, side by side.

Runs the scan's inner loop (`salnas.scan.measure` with a `StageCache`, subnets in the scan's order) on OSIE at
192x256 with 16 recalibration and 200 validation images, in two 1-thread processes at once as the scan runs on two
cores, for --subnets subnets per process, in the rounds off, on, on, off. Prints seconds per subnet, minor page
faults and kernel time of each process and round, and the ratio on/off.

Usage: python benchmarks/scan_memory.py CHECKPOINT [--subnets 8] [--start 600] [--osie DIR]
"""
import argparse, os, resource, subprocess, sys, time
from pathlib import Path
import numpy as np
import torch

from salnas.core import shared_data, skip_message
from salnas.data import get_dataset
from salnas.latency import cpu_name, keep_freed_memory
from salnas.scan import StageCache, by_prefix, load_supernet, measure, restrict, sample_configs, scan_data


def worker(a) -> None:
    "One process of a round: time `a.subnets` subnets of its shard and print one line of figures."
    torch.set_num_threads(1)
    if a.on:
        keep_freed_memory()
    net = load_supernet(a.checkpoint).eval()
    tr, va = get_dataset('osie', a.osie, 'train'), get_dataset('osie', a.osie, 'val')
    data = scan_data(tr, va, (192, 256), n_recal=16, n_val=None)
    cfgs = sample_configs(restrict(net.space, [(192, 256)]), 2000, seed=0)
    shard = cfgs[a.shard::2]                                              # the rows `salnas scan` gives process i of 2
    mine = [shard[j] for j in by_prefix(shard)][a.start:a.start + a.subnets + 1]
    cache = StageCache()
    measure(net, mine[0], data, cache=cache)                              # warm-up, and fills the cache
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.time()
    for c in mine[1:]:
        measure(net, c, data, cache=cache)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{(time.time() - t0) / a.subnets:.3f} {r1.ru_minflt - r0.ru_minflt} {r1.ru_stime - r0.ru_stime:.2f}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoint')
    p.add_argument('--subnets', type=int, default=8)
    p.add_argument('--start', type=int, default=600, help="where in the scan's order to start")
    p.add_argument('--osie', default=None)
    p.add_argument('--worker', action='store_true', help=argparse.SUPPRESS)
    p.add_argument('--on', action='store_true', help=argparse.SUPPRESS)
    p.add_argument('--shard', type=int, default=0, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    a.osie = a.osie or shared_data('osie')
    if a.osie is None or not Path(a.osie).exists():
        print(skip_message('OSIE'))
        return 0
    if a.worker:
        worker(a)
        return 0
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    base = [sys.executable, __file__, a.checkpoint, '--worker', '--subnets', str(a.subnets), '--start', str(a.start),
            '--osie', str(a.osie)]
    rows = {False: [], True: []}
    print(f"{cpu_name()}, torch {torch.__version__}; {a.subnets} subnets per process from position {a.start} of the "
          "scan's order, two processes at once")
    for on in (False, True, True, False):
        procs = [subprocess.Popen(base + ['--shard', str(s)] + (['--on'] if on else []), env=env,
                                  stdout=subprocess.PIPE, text=True) for s in (0, 1)]
        outs = [pr.communicate()[0].split() for pr in procs]
        if any(pr.returncode for pr in procs):
            raise SystemExit('a worker failed')
        for s, (sec, flt, sys_s) in enumerate(outs):
            rows[on].append(float(sec))
            print(f"keep_freed_memory {'on ' if on else 'off'} process {s}: {float(sec):.2f} s a subnet, "
                  f"{int(flt):,} page faults, {float(sys_s):.1f} s in the kernel")
    off, on = np.mean(rows[False]), np.mean(rows[True])
    print(f"mean {off:.2f} s off, {on:.2f} s on a subnet: ratio on/off {on / off:.2f}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
