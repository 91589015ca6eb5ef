"""PyTorch's kernels on one thread, for bench/machine-limit.mjs.

    /usr/bin/python3 bench/torch_kernels.py conv:BATCH,SIZE,IN,OUT,KERNEL,STRIDE mm:M,K,N ...

Prints one JSON line: a list of GFLOP/s, one per argument, each the best of several timed calls:
`conv` a forward convolution (torch.nn.functional.conv2d, float32, padding as Keras's `same`;
oneDNN runs it; counted as bench/machine-limit.mjs counts it, taps inside the image only), `mm` a matrix product (torch.mm; this build's BLAS runs it).
"""
import json
import sys
import time

import torch
import torch.nn.functional as F


def best_seconds(call, flops: float) -> float:
    for _ in range(3):
        call()
    calls = max(2, min(200, round(3e9 / flops)))
    best = float("inf")
    for _ in range(4):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def taps(size: int, kernel: int, stride: int) -> int:
    """Taps inside the image along one axis, over every output position (Keras's `same` padding)."""
    out = -(-size // stride)
    top = max((out - 1) * stride + kernel - size, 0) // 2
    return sum(1 for o in range(out) for t in range(kernel) if 0 <= o * stride - top + t < size)


def conv(batch: int, size: int, inc: int, outc: int, kernel: int, stride: int) -> float:
    x, w = torch.randn(batch, inc, size, size), torch.randn(outc, inc, kernel, kernel)
    # Keras's `same` at stride 2 pads the bottom and right more; the arithmetic is the same.
    padding = (kernel - 1) // 2
    flops = 2 * batch * inc * outc * taps(size, kernel, stride) ** 2
    with torch.no_grad():
        return flops / best_seconds(lambda: F.conv2d(x, w, stride=stride, padding=padding), flops) / 1e9


def mm(m: int, k: int, n: int) -> float:
    a, b = torch.randn(m, k), torch.randn(k, n)
    flops = 2 * m * k * n
    return flops / best_seconds(lambda: torch.mm(a, b), flops) / 1e9


def main() -> None:
    torch.set_num_threads(1)
    kernels = {"conv": conv, "mm": mm}
    rates = []
    for arg in sys.argv[1:]:
        kind, shape = arg.split(":")
        rates.append(kernels[kind](*(int(v) for v in shape.split(","))))
    print(json.dumps(rates))


if __name__ == "__main__":
    main()
