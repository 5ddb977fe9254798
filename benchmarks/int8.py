"""Batch-1 latency of int8 (ONNX Runtime; OpenVINO where installed) against float32 ONNX Runtime, and int8's CC cost.

Networks: `fixed-lite0` at 288x384 (the shipped `accurate` model, trained on OSIE, so its CC cost is measured
too) and the largest subnet of the `alphanet` space at its resolution (random weights: latency does not depend
on them; pass --checkpoint to add a trained network whose CC cost is measured). Each network is exported
to float32 ONNX and quantized with `salnas.export.quantize_onnx` (its default configuration; --plain adds the
graph quantized without `int8_rewrites`), calibrated on 64 OSIE training images (random images without OSIE).
The files of one network are timed side by side in one process, interleaved run by run (float, int8, float,
int8, ...), after warm-up, on --threads engine threads; the median of --runs is reported, with the int8 /
float32 ratio (target: at most 0.5) and the CC drop on the OSIE validation images (target: at most 0.01).
Where OpenVINO is installed (`pip install openvino`), the network is also quantized with OpenVINO's placement
(`quantize_onnx(engine='openvino')`: SiLUs and conv outputs left float, for OpenVINO to fuse) and that file runs
through `salnas.export.OvModel`, interleaved with the others, with its own ratio to float32 ONNX Runtime and its
own CC; a network holds the targets when one int8 engine holds both.

Usage: OMP_NUM_THREADS=1 python benchmarks/int8.py [--runs 50] [--threads 1] [--max-images N] [--plain]
       [--osie DIR] [--checkpoint best.pt [--start lite0]] [--out reports/int8.md]
Timings taken while other jobs load the machine are noisy: compare ratios from one run, and re-measure the
final figures on a quiet machine. Exits 1 when a network misses a target.
"""
import argparse, sys, tempfile, time
from pathlib import Path
import numpy as np
import torch

from salnas.bench import PRECISION_TARGETS, INT8_MAX_CC_DROP

RATIO_TARGET, CC_DROP_TARGET = PRECISION_TARGETS['onnxruntime int8']['max_ratio'], INT8_MAX_CC_DROP   # bench's targets


def networks(checkpoint=None, start=None, calib=None) -> list:
    "(name, eager network, input size (H, W), trained?) of each network to measure."
    from salnas.models import build_model, open_model, pretrained_path
    torch.manual_seed(0)
    sn = build_model('scratch').eval()
    alpha = sn.extract(sn.largest()).eval()
    out = [('fixed-lite0 (accurate)', open_model(pretrained_path('accurate', 'pt'), 'cpu'), (288, 384), True),
           ('largest (alphanet)', alpha, tuple(alpha.config.resolution), False)]
    if checkpoint:
        net = open_model(checkpoint, 'cpu', start=start, calib=calib)
        out.append((f"{Path(checkpoint).parent.name}/{Path(checkpoint).name}", net, tuple(net.input_size), True))
    return out


def interleaved_ms(models, hw, runs:int, warmup:int) -> list:
    "Median batch-1 latency (ms) of each model (`OrtModel`, `OvModel`), timed run by run in turn in one process."
    x = np.random.default_rng(0).random((1, 3, *hw), dtype=np.float32)
    for m in models:
        for _ in range(warmup):
            m(x)
    times = [[] for _ in models]
    for _ in range(runs):
        for m, t in zip(models, times):
            t0 = time.perf_counter()
            m(x)
            t.append(time.perf_counter() - t0)
    return [1e3 * float(np.median(t)) for t in times]


def measure(name, net, hw, trained, work:Path, a, calib, val) -> dict:
    "Export, quantize, time and (for a trained network with OSIE at hand) score one network."
    from salnas.export import export_onnx, quantize_onnx, OrtModel, OvModel, has_openvino
    from salnas.bench import int8_accuracy
    slug = ''.join(c if c.isalnum() else '-' for c in name)
    f32 = export_onnx(net, work/f"{slug}.onnx", input_size=hw)
    cal = calib(hw) if calib else [torch.rand(16, 3, *hw, generator=torch.Generator().manual_seed(0))]
    files = {'int8': quantize_onnx(f32, work/f"{slug}.int8.onnx", cal)}
    if a.plain:
        files['int8 plain'] = quantize_onnx(f32, work/f"{slug}.plain.int8.onnx", cal, rewrite=False)
    # no spin-waiting threads: timed in turn, a spinning session would take the cores from the next one's run
    models = [OrtModel(f, 'cpu', a.threads, spinning=False) for f in (f32, *files.values())]
    ov = has_openvino()
    if ov:
        ov8 = quantize_onnx(f32, work/f"{slug}.ov.int8.onnx", cal, engine='openvino')
        models.append(OvModel(ov8, 'cpu', a.threads))
    ms = interleaved_ms(models, hw, a.runs, a.warmup)
    row = dict(network=name, input=f"{hw[0]}x{hw[1]}", float32_ms=ms[0])
    row.update({f"{k}_ms": m for k, m in zip(files, ms[1:])})
    row['ratio'] = ms[1] / ms[0]
    if a.plain:
        row['plain_ratio'] = ms[2] / ms[0]
    if ov:
        row.update(ov_int8_ms=ms[-1], ov_ratio=ms[-1] / ms[0])
    if trained and val is not None:
        acc = int8_accuracy(f32, files['int8'], val(hw), max_images=a.max_images, threads=a.threads)
        row.update(cc_float32=acc['float32']['cc'], cc_int8=acc['int8']['cc'], cc_drop=-acc['delta']['cc'],
                   images=acc['images'])
        if ov:
            ov_acc = int8_accuracy(f32, ov8, val(hw), metrics=('cc',), max_images=a.max_images, threads=a.threads,
                                   engine='openvino')
            row['ov_cc_drop'] = -ov_acc['delta']['cc']
    return row


def holds(r, engine:str='') -> bool:
    "Whether int8 row `r` holds both targets through `engine` ('': ONNX Runtime, 'ov_': OpenVINO)."
    if f'{engine}ratio' not in r:
        return False
    return r[f'{engine}ratio'] <= RATIO_TARGET and r.get(f'{engine}cc_drop', 0.) <= CC_DROP_TARGET


def passed(r) -> bool:
    "Whether one int8 engine holds both targets for row `r`."
    return holds(r) or holds(r, 'ov_')


def markdown(rows, a, header:str) -> str:
    "The table of `rows`."
    plain = ' | int8 plain ms | plain / float32' if a.plain else ''
    ov = any('ov_ratio' in r for r in rows)
    ovh = ' | OpenVINO int8 ms | OpenVINO / float32 | OpenVINO CC drop' if ov else ''
    L = [header, '', f"| network | input | float32 ms | int8 ms | int8 / float32{plain} | CC float32 | CC int8 | "
         f"CC drop{ovh} | targets |",
         '|---|---|---:|---:|---:|' + '---:|' * (2 * a.plain + 3 + 3 * ov) + '---|']
    for r in rows:
        cc = [f"{r[k]:.4f}" for k in ('cc_float32', 'cc_int8', 'cc_drop')] if 'cc_drop' in r else ['—'] * 3
        cells = [r['network'], r['input'], f"{r['float32_ms']:.1f}", f"{r['int8_ms']:.1f}", f"{r['ratio']:.2f}"]
        if a.plain:
            cells += [f"{r['int8 plain_ms']:.1f}", f"{r['plain_ratio']:.2f}"]
        cells += cc
        if ov:
            drop = f"{r['ov_cc_drop']:.4f}" if 'ov_cc_drop' in r else '—'
            cells += [f"{r['ov_int8_ms']:.1f}", f"{r['ov_ratio']:.2f}", drop]
        L.append('| ' + ' | '.join(cells + ['pass' if passed(r) else 'FAIL']) + ' |')
    L += ['', f"Targets: int8 / float32 <= {RATIO_TARGET}, CC drop <= {CC_DROP_TARGET} (OSIE validation, native "
          "resolution; '—': random weights, not scored), held by one int8 engine. Latency: batch 1, median of "
          "interleaved runs; float32 is ONNX Runtime's."]
    return '\n'.join(L)


def main(argv=None) -> int:
    from salnas.core import atomic_write_text, shared_data
    from salnas.latency import cpu_name
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--runs', type=int, default=50, help='timed runs per file (default 50)')
    ap.add_argument('--warmup', type=int, default=5, help='untimed runs per file first (default 5)')
    ap.add_argument('--threads', type=int, default=1, help='ONNX Runtime / OpenVINO threads (default 1)')
    ap.add_argument('--max-images', type=int, default=None, help='OSIE validation images scored (default: all 200)')
    ap.add_argument('--calib-images', type=int, default=64, help='OSIE training images to calibrate on (default 64)')
    ap.add_argument('--osie', default=None, help='OSIE root (default: the shared data folder; absent: no CC)')
    ap.add_argument('--plain', action='store_true', help='also time int8 without the graph rewrites (rewrite=False)')
    ap.add_argument('--checkpoint', default=None, help='a training checkpoint to add (its spec says what it is)')
    ap.add_argument('--start', default=None, help="the checkpoint's start when its spec has none (lite0, ...)")
    ap.add_argument('--out', default='', help="also write the table as Markdown here (default: '', print only)")
    a = ap.parse_args(argv)
    if a.runs < 1:
        ap.error('--runs must be at least 1')
    torch.set_num_threads(a.threads)
    from salnas.predict import calibration_batches
    from salnas.data import get_dataset
    osie = Path(a.osie) if a.osie else shared_data('osie')
    calib = calibration_batches('osie', osie, a.calib_images) if osie else None
    val = (lambda hw: get_dataset('osie', root=osie, split='val', size=hw)) if osie else None
    import onnxruntime
    from salnas.export import openvino_version
    ov = openvino_version() or 'not installed'
    header = (f"# int8 against float32 ONNX Runtime, batch 1\n\n{cpu_name()}, {a.threads} thread(s), "
              f"onnxruntime {onnxruntime.__version__}, openvino {ov}, {time.strftime('%Y-%m-%d %H:%M')}; "
              f"{a.runs} interleaved runs; "
              f"calibration: {'%d OSIE training images' % a.calib_images if calib else 'random images'}.")
    rows = []
    with tempfile.TemporaryDirectory(prefix='salnas-int8-') as d:
        for name, net, hw, trained in networks(a.checkpoint, a.start, calib):
            rows.append(measure(name, net, hw, trained, Path(d), a, calib, val))
            print(f"{name}: {rows[-1]}", file=sys.stderr)
    md = markdown(rows, a, header)
    print(md)
    if a.out:
        atomic_write_text(Path(a.out), md + '\n')
        print(f"written to {a.out}", file=sys.stderr)
    return 0 if all(passed(r) for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
