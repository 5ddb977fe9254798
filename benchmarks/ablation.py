"""Train the report's ablation study: each lever of the recipe alone against the paper's recipe at a reduced
setting (`salnas.ablation.ABLATION_BASE`: fixed-lite0, no distillation, 3 epochs at 192x256, one cosine cycle,
OSIE), every run selected on the select split (50 held-out training images), reported on the 200 validation images.

    python benchmarks/ablation.py [--part 1/2] [--threads 1] [--rows 'EMA 0.98' ...]   # finished runs are skipped

Each row is one `salnas train` run folder under reports/osie/; `salnas report --dataset osie` shows the table."""
import argparse, os, subprocess, sys, tempfile
from pathlib import Path
from salnas.ablation import ABLATION, ablation_command, ablation_params, ablation_folder

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent/'shared'/'data'/'osie'
EXTRA = {'mit1003': ROOT.parent/'shared'/'data'/'mit1003-subset'}   # extra-data rows: dataset name -> shared copy

def extra_data_env(row:str, links:Path) -> dict:
    "SALNAS_DATA for row `row`'s extra training data: a folder of links to the shared copies (empty: none needed)."
    names = [n for n in ablation_params(row).get('extra_data', '').split('+') if n]
    for n in names:
        if n not in EXTRA or not EXTRA[n].exists():
            sys.exit(f"{row}: extra data {n!r} not found (expected {EXTRA.get(n, 'a shared copy')}); skip this row")
        if not (links/n).exists():
            (links/n).symlink_to(EXTRA[n], target_is_directory=True)
    return {'SALNAS_DATA': str(links)} if names else {}

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--part', default='1/1', help='run every n-th row starting at i (i/n), to run parts side by side')
    ap.add_argument('--threads', type=int, default=0, help='torch threads per run; default 0: all cores')
    ap.add_argument('--rows', nargs='*', default=None, help='only these rows (names as in salnas.ablation.ABLATION)')
    a = ap.parse_args(argv)
    if not DATA.exists():
        sys.exit(f"OSIE not found at {DATA}: the ablation needs ../shared/data/osie beside the project")
    i, n = (int(v) for v in a.part.split('/'))
    env = {**os.environ, **({'OMP_NUM_THREADS': str(a.threads)} if a.threads else {})}
    names = [r for r in ABLATION if a.rows is None or r in a.rows]
    with tempfile.TemporaryDirectory(prefix='salnas-ablation-data-') as links:   # extra-data rows' links
        for k, name in enumerate(names):
            if k % n != i - 1:
                continue
            if (ROOT/'reports'/'osie'/ablation_folder(name)/'summary.json').exists():
                print(f"== {name}: done ({ablation_folder(name)})", flush=True)
                continue
            cmd = [sys.executable, '-m', 'salnas.cli', 'train', *ablation_command(name), '--data-root', str(DATA),
                   '--no-progress']
            print(f"== {name}: {' '.join(cmd[3:])}", flush=True)
            subprocess.run(cmd, cwd=ROOT, env={**env, **extra_data_env(name, Path(links))}, check=True)

if __name__ == '__main__':
    main()
