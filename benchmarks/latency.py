"""CPU latency of the smallest (192x256) and largest (288x384) SalNAS subnets at batch 1.

Times each network eager, eager channels-last, BN-folded + traced + frozen, and as `optimize_for_inference`
chooses; reports median / p90 latency, conv + linear MACs, achieved GFLOP/s (2 * MACs / latency) and its
fraction of this machine's fp32 matmul throughput measured in the same run, next to the reference's latency
(159 / 26 ms) and the targets (<= 80 / <= 13 ms). Writes the table as Markdown to --out.

Usage: python benchmarks/latency.py [--runs 100] [--warmup 10] [--threads N] [--out reports/latency.md]
(Not part of the package and not run by nbdev_test; `nbdev_test --flags slow --path nbs/23_bench.ipynb` runs a
shorter version.)
"""
import argparse, sys
from pathlib import Path
from salnas.core import atomic_write_text
from salnas.bench import latency_benchmark, latency_markdown

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--runs', type=int, default=100, help='timed runs per network and path (default 100)')
    ap.add_argument('--warmup', type=int, default=10, help='untimed warm-up runs before each timing (default 10)')
    ap.add_argument('--threads', type=int, default=None, help="torch threads (default: torch's default)")
    ap.add_argument('--space', default='alphanet', help='search space (default alphanet)')
    ap.add_argument('--out', default='reports/latency.md', help="Markdown report ('' to skip writing)")
    a = ap.parse_args(argv)
    if a.runs < 1:
        ap.error('--runs must be at least 1')
    res = latency_benchmark(a.space, runs=a.runs, warmup=a.warmup, threads=a.threads)
    md = latency_markdown(res)
    print(md)
    if a.out:
        atomic_write_text(Path(a.out), md)
        print(f"written to {a.out}", file=sys.stderr)
    return 0 if all(r['passed'] is not False for r in res['nets'].values()) else 1

if __name__ == '__main__':
    sys.exit(main())
