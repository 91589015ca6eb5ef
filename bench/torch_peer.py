"""PyTorch peer of bench/train-throughput.mjs: the same architecture, batch, input and optimizer.

Prints one JSON line: {"imagesPerSec", "imagesPerCpuSec", "maxRssMb", "params", "threads", "torch"}. Run with
the system Python that has Debian's python3-torch and python3-torchvision:
    /usr/bin/python3 bench/torch_peer.py --arch resnet18 --mode train --batch 32 --size 64 --classes 10
--mode train times SGD steps (momentum 0.9) in train mode; --mode infer times eval-mode forward
passes without gradients, as thtl predict and cam's forward pass run.
"""
import argparse
import json
import os
import resource
import time

import torch
import torchvision

from torch_xception import xception


def build(arch: str, classes: int, size: int) -> torch.nn.Module:
    """torchvision's network, as large as thtl's catalogue builds it by default (Xception: Keras's)."""
    if arch == "xception":
        return xception(classes)
    if arch == "inception_v3":
        # Without the auxiliary classifier, as thtl's catalogue builds it.
        return torchvision.models.inception_v3(num_classes=classes, aux_logits=False, init_weights=True)
    model = getattr(torchvision.models, arch)(num_classes=classes)
    if arch == "vgg16":
        # Keras's VGG16 (the catalogue's default) flattens the last block's features as they are;
        # torchvision's pools them to 7x7 first, which at 64x64 would make fc1 12 times larger.
        model.avgpool = torch.nn.Identity()
        model.classifier[0] = torch.nn.Linear(512 * (size // 32) ** 2, 4096)
    return model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--mode", choices=["train", "infer"], default="train")
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
    model = build(args.arch, args.classes, args.size)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.randn(args.batch, 3, args.size, args.size)
    labels = torch.randint(0, args.classes, (args.batch,))

    def train_step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()

    def infer_step() -> None:
        with torch.no_grad():
            model(images)

    model.train(args.mode == "train")
    step = train_step if args.mode == "train" else infer_step
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
        # Linux reports kilobytes: the process's peak resident set, the library and its allocator included.
        "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "params": sum(p.numel() for p in model.parameters()),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
