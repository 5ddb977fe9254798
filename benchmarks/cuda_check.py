"""Check the CUDA paths end to end on a GPU machine and print what happened (commit the output).

1. a few sandwich-rule training steps of the lite0 supernet with AMP (float16 autocast + GradScaler) and
   channels-last, through `salnas train` on the demo set (so the trainer's own CUDA path runs);
2. export of the resulting checkpoint to ONNX;
3. `salnas predict` through ONNX Runtime's CUDA execution provider (onnxruntime-gpu must be installed), checking
   which provider actually ran;
4. `salnas bench` on CUDA (eager / channels-last / TorchScript / ONNX Runtime paths), small run counts.

    python benchmarks/cuda_check.py [--out /tmp/cuda_check] [--steps 4]

Without a CUDA device it says so and exits with status 1."""
import argparse, json, subprocess, sys, time
from pathlib import Path
import torch

def run(cmd:list, **kw) -> str:
    "Run `cmd`, echo it and its last output lines, return its stdout; stop on failure."
    print('$', ' '.join(map(str, cmd)), flush=True)
    t0 = time.perf_counter()
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    tail = (r.stdout + r.stderr).strip().splitlines()[-8:]
    print('\n'.join('  ' + line for line in tail), f"\n  ({time.perf_counter() - t0:.1f} s, exit {r.returncode})")
    if r.returncode:
        sys.exit(f"failed: {' '.join(map(str, cmd))}")
    return r.stdout

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', type=Path, default=Path('/tmp/cuda_check'))
    ap.add_argument('--steps', type=int, default=4, help='training steps per epoch (default 4)')
    a = ap.parse_args(argv)
    if not torch.cuda.is_available():
        sys.exit('no CUDA device: run this on a GPU machine')
    print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name()}")
    a.out.mkdir(parents=True, exist_ok=True)
    py = [sys.executable, '-m', 'salnas.cli']
    run(py + ['train', '--dataset', 'demo', '--device', 'cuda', '--amp', '--channels-last', '--epochs', '2',
              '--steps-per-epoch', a.steps, '--num-workers', '2', '--out-dir', a.out/'run', '--no-progress'])
    ck = torch.load(a.out/'run'/'last.pt', map_location='cpu', weights_only=True)
    print('  trained with amp', ck['config']['amp'], 'channels_last', ck['config']['channels_last'])
    run(py + ['export', a.out/'run'/'best.pt', '--out', a.out/'model', '--formats', 'onnx', '--calib-dataset', 'demo'])
    import onnxruntime as ort
    print('  ONNX Runtime providers available:', ort.get_available_providers())
    from salnas.models import open_model
    m = open_model(a.out/'model.onnx', device='cuda')
    print('  session providers:', m.providers)
    from salnas.demo import make_scene
    import cv2
    img = make_scene(0)['image']
    cv2.imwrite(str(a.out/'photo.png'), cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    run(py + ['predict', a.out/'photo.png', '--model', a.out/'model.onnx', '--device', 'cuda', '--out', a.out/'maps'])
    run(py + ['bench', '--device', 'cuda', '--runs', '50', '--warmup', '10', '--out', a.out/'bench'])
    print(json.dumps({'ok': True, 'out': str(a.out)}))

if __name__ == '__main__':
    main()
