"""Latency of the shipped pretrained models on this machine, measured side by side in one run.

Prints, per model: ONNX Runtime batch-1 latency (median of --runs after warm-up) at the model's input size, and the
wall time of the whole command `salnas predict PHOTO --out DIR [--model NAME]` for one photo (Python start-up, model
load, reading, inference, writing), the figure a user waits for.
    python benchmarks/pretrained.py [--photo ../shared/data/osie/stimuli/1001.jpg] [--runs 50]
"""
import argparse, subprocess, sys, tempfile, time
from pathlib import Path

def ort_latency_ms(name:str, runs:int) -> float:
    "ONNX Runtime batch-1 latency of pretrained model `name` (median of `runs` after 5 warm-up runs)."
    import salnas, torch
    from salnas.latency import latency_ms
    m = salnas.pretrained(name)
    return latency_ms(m, torch.rand(1, 3, *m.input_size), warmup=5, runs=runs)['median']

def predict_seconds(name:str, photo:Path) -> float:
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        cmd = [sys.executable, '-m', 'salnas.cli', 'predict', str(photo), '--out', d, '--no-progress', '--model', name]
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - t0

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--photo', default='../shared/data/osie/stimuli/1001.jpg', help='one photo (default: OSIE 1001, 800x600)')
    p.add_argument('--runs', type=int, default=50, help='timed runs per model (default 50)')
    a = p.parse_args()
    import salnas
    print(f"| model | input | ORT batch-1 ms (median of {a.runs}) | `salnas predict` one photo, s |")
    print("|---|---|---|---|")
    for name in salnas.pretrained_names():
        hw = salnas.pretrained(name).input_size
        ms = ort_latency_ms(name, a.runs)
        s = predict_seconds(name, Path(a.photo))
        print(f"| {name} | {hw[0]}x{hw[1]} | {ms:.1f} | {s:.2f} |")

if __name__ == '__main__': main()
