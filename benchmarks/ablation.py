"""The report's ablation study: each lever of the training recipe alone against the paper's recipe at a reduced
setting (fixed-lite0, no distillation, 3 epochs at 192x256, one cosine cycle, OSIE), every run selected on the
select split (50 held-out training images) and reported on the 200 validation images.

    python benchmarks/ablation.py [--part 1/2] [--threads 1]     # resumable: finished runs are skipped

Each row is one `salnas train` run folder under reports/osie/; `salnas report` lists them in its ablation table."""
import argparse, os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent/'shared'/'data'/'osie'
BASE = ['--dataset', 'osie', '--start', 'fixed-lite0', '--distill', 'none', '--epochs', '3', '--t0', '3',
        '--height', '192', '--width', '256', '--recipe', 'paper']
ROWS = {   # row name: the lever's options (the rest is BASE)
    'paper recipe': [],
    'paper recipe, seed 1234': ['--seed', '1234'],
    'encoder lr x0.1': ['--encoder-lr', '0.1'],
    'encoder frozen 1 epoch': ['--freeze-epochs', '1'],
    'encoder BN eval': ['--encoder-bn', 'eval'],
    'EMA 0.98': ['--ema', '0.98'],
    'centre bias + blur': ['--prior', 'on'],
    'density output': ['--output', 'density'],
    'AdamW lr 1e-3': ['--optimizer', 'adamw', '--lr', '0.001'],
    'EfficientNet-Lite1 encoder': ['--start', 'fixed-lite1'],
}

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--part', default='1/1', help='run every n-th row starting at i (i/n), to run parts side by side')
    ap.add_argument('--threads', type=int, default=0, help='torch threads per run; default 0: all cores')
    ap.add_argument('--rows', nargs='*', default=None, help='only these rows (names as in ROWS)')
    a = ap.parse_args(argv)
    if not DATA.exists():
        sys.exit(f"OSIE not found at {DATA}: the ablation needs ../shared/data/osie beside the project")
    i, n = (int(v) for v in a.part.split('/'))
    env = {**os.environ, **({'OMP_NUM_THREADS': str(a.threads)} if a.threads else {})}
    names = [r for r in ROWS if a.rows is None or r in a.rows]
    for k, name in enumerate(names):
        if k % n != i - 1:
            continue
        cmd = [sys.executable, '-m', 'salnas.cli', 'train', *BASE, '--data-root', str(DATA), *ROWS[name], '--no-progress']
        print(f"== {name}: {' '.join(cmd[3:])}", flush=True)
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)

if __name__ == '__main__':
    main()
