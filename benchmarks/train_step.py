"""Seconds per sandwich-rule training step of the lite0 supernet (the largest, two random and the smallest subnet,
batch 8 at 288x384, forward + backward + SGD step) in float32 and bfloat16 autocast, channels-last off and on,
measured side by side in one run (interleaved rounds, median), so a user can pick; bf16 only where the CPU has
native bf16 (avx512_bf16 / AMX) or on CUDA.

    python benchmarks/train_step.py [--steps 5] [--rounds 3] [--batch 8] [--size 288 384] [--device cpu]
"""
import argparse, random, statistics, time
import torch
from salnas.models import build_model
from salnas.losses import loss_from_config
from salnas.optim import make_optimizer
from salnas.train import sandwich
from salnas.latency import cpu_name, cpu_has_bf16

def has_bf16(device:str) -> bool:
    "Whether `device` runs bfloat16 natively (CUDA with bf16, or a CPU that `salnas.latency.cpu_has_bf16` finds)."
    return torch.cuda.is_bf16_supported() if device.startswith('cuda') else cpu_has_bf16()

def make_step(device:str, bf16:bool, channels_last:bool, batch:int, size:tuple):
    "A function running one sandwich step under the given precision and layout."
    torch.manual_seed(0)
    net = build_model('lite0').to(device).train()
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    net = net.to(memory_format=fmt)
    opt = make_optimizer(net)
    loss_fn = loss_from_config('kld+cc+nss')
    x = torch.rand(batch, 3, *size, device=device).contiguous(memory_format=fmt)
    gt = torch.rand(batch, 1, *size, device=device)
    fix = (torch.rand(batch, 1, *size, device=device) > 0.995).float()
    rng = random.Random(0)
    def step():
        opt.zero_grad(set_to_none=True)
        for role, conf in sandwich(net, rng):
            net.set_active(conf)
            with torch.autocast(device.split(':')[0], dtype=torch.bfloat16, enabled=bf16):
                pred = net(x)
            loss_fn(pred.float(), gt, fix).backward()
        opt.step()
        if device.startswith('cuda'):
            torch.cuda.synchronize()
    return step

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=5, help='timed steps per round (default 5)')
    ap.add_argument('--rounds', type=int, default=3, help='interleaved rounds (default 3)')
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--size', type=int, nargs=2, default=(288, 384))
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    a = ap.parse_args(argv)
    modes = [(bf, cl) for bf in ([False, True] if has_bf16(a.device) else [False]) for cl in (False, True)]
    steps = {m: make_step(a.device, *m, a.batch, tuple(a.size)) for m in modes}
    for s in steps.values():
        s()                                                     # warm-up (oneDNN primitive creation)
    times = {m: [] for m in modes}
    for _ in range(a.rounds):
        for m, s in steps.items():
            t0 = time.perf_counter()
            for _ in range(a.steps):
                s()
            times[m].append((time.perf_counter() - t0) / a.steps)
    base = statistics.median(times[(False, False)])
    print(f"sandwich step (4 subnets), batch {a.batch} at {a.size[0]}x{a.size[1]}, {a.device} "
          f"({cpu_name() if a.device == 'cpu' else torch.cuda.get_device_name()}, {torch.get_num_threads()} threads), "
          f"median of {a.rounds} rounds x {a.steps} steps")
    print('| precision | channels-last | s / step | x float32 |')
    print('|---|---|---:|---:|')
    for (bf, cl), ts in times.items():
        t = statistics.median(ts)
        print(f"| {'bfloat16 autocast' if bf else 'float32'} | {'on' if cl else 'off'} | {t:.3f} | {t / base:.2f} |")

if __name__ == '__main__':
    main()
