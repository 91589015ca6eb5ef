"""Xception as Keras Applications builds it, in PyTorch: torchvision has none, and the benchmark's
peer must train the same network as thtl's catalogue `xception` (src/models/archs/xception.ts's
Keras layout: valid stem convolutions, separable convolutions without bias, BN after each)."""
import torch
from torch import nn


class SeparableConv(nn.Sequential):
    def __init__(self, cin: int, cout: int) -> None:
        super().__init__(
            nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False),
            nn.Conv2d(cin, cout, 1, bias=False),
            nn.BatchNorm2d(cout, eps=1e-3),
        )


class EntryBlock(nn.Module):
    def __init__(self, cin: int, mid: int, cout: int, first_relu: bool) -> None:
        super().__init__()
        self.residual = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=2, bias=False), nn.BatchNorm2d(cout, eps=1e-3))
        layers = [nn.ReLU()] if first_relu else []
        layers += [SeparableConv(cin, mid), nn.ReLU(), SeparableConv(mid, cout), nn.MaxPool2d(3, 2, padding=1)]
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x) + self.residual(x)


class MiddleBlock(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(*[m for _ in range(3) for m in (nn.ReLU(), SeparableConv(channels, channels))])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x) + x


def xception(num_classes: int) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, stride=2, bias=False),
        nn.BatchNorm2d(32, eps=1e-3),
        nn.ReLU(),
        nn.Conv2d(32, 64, 3, bias=False),
        nn.BatchNorm2d(64, eps=1e-3),
        nn.ReLU(),
        EntryBlock(64, 128, 128, False),
        EntryBlock(128, 256, 256, True),
        EntryBlock(256, 728, 728, True),
        *[MiddleBlock(728) for _ in range(8)],
        EntryBlock(728, 728, 1024, True),
        SeparableConv(1024, 1536),
        nn.ReLU(),
        SeparableConv(1536, 2048),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(2048, num_classes),
    )
