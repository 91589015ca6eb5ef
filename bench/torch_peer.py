"""PyTorch peer of bench/train-throughput.mjs: the same ResNet18, batch, input and optimizer.

Prints one JSON line: {"imagesPerSec": ..., "imagesPerCpuSec": ..., "threads": ..., "torch": ...}. Run with the system
Python that has Debian's python3-torch and python3-torchvision:
    /usr/bin/python3 bench/torch_peer.py --batch 32 --size 64 --classes 10
"""
import argparse
import json
import os
import time

import torch
import torchvision


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()

    # Debian's build starts with one OpenMP thread here; the comparison is against all cores.
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = torchvision.models.resnet18(num_classes=args.classes)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.randn(args.batch, 3, args.size, args.size)
    labels = torch.randint(0, args.classes, (args.batch,))

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "imagesPerSec": args.batch * args.steps / seconds,
        # Per second of CPU time, all threads: steadier than wall time on a machine shared with other work.
        "imagesPerCpuSec": args.batch * args.steps / cpu_seconds,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
