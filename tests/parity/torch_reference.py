"""PyTorch side of the parity test (tests/parity/pytorch-parity.test.ts).

  python3 torch_reference.py init WEIGHTS.safetensors
      writes torchvision's ResNet18 (2 classes, seeded random init; nothing is downloaded)
      as a .safetensors file, by hand: 8-byte little-endian header length, JSON header, raw data.
  python3 torch_reference.py train WEIGHTS.safetensors SPLITS.json EPOCHS LR MOMENTUM
      trains that network full-batch with SGD and momentum on the split thtl used and prints,
      per epoch, the training loss (train mode, before the step) and the validation loss (eval
      mode, batch-norm moving statistics, after the step) as JSON.
"""
import json
import struct
import sys

import numpy as np
import torch
import torchvision
from PIL import Image

torch.set_num_threads(2)
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def write_safetensors(path, state):
    header, chunks, offset = {}, [], 0
    for name, tensor in state.items():
        if not tensor.is_floating_point():
            continue  # num_batches_tracked: thtl skips integer tensors anyway
        data = tensor.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    base = 8 + length
    out = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[base + start : base + end], dtype="<f4").copy().reshape(entry["shape"]))
    return out


def biased_running_var(corrections):
    """Keras and TensorFlow.js update the moving variance with the batch's biased variance,
    PyTorch with the unbiased one (n / (n - 1) larger). The hook notes the difference; the loop
    takes it off after the backward pass (autograd forbids changing the buffer before), so that
    the comparison measures the training rather than that convention (docs/parity.md)."""

    def hook(module, inputs, _output):
        if module.training:
            x = inputs[0].detach()
            n = x.numel() // x.shape[1]
            corrections.append((module, module.momentum * x.var(dim=(0, 2, 3), unbiased=False) / (n - 1)))

    return hook


def batch(entries):
    images = [(np.asarray(Image.open(e["file"]).convert("RGB"), dtype=np.float32) / 255.0 - MEAN) / STD for e in entries]
    x = torch.from_numpy(np.stack(images).transpose(0, 3, 1, 2).copy())
    y = torch.tensor([e["label"] for e in entries])
    return x, y


def train(weights, splits_path, epochs, lr, momentum):
    model = torchvision.models.resnet18(num_classes=2)
    missing, unexpected = model.load_state_dict(read_safetensors(weights), strict=False)
    assert [m for m in missing if not m.endswith("num_batches_tracked")] == [] and unexpected == []
    splits = json.load(open(splits_path))
    x, y = batch(splits["train"])
    vx, vy = batch(splits["val"])
    corrections = []
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.register_forward_hook(biased_running_var(corrections))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    loss_fn = torch.nn.CrossEntropyLoss()
    history = []
    for _ in range(epochs):
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for module, correction in corrections:
                module.running_var -= correction
        corrections.clear()
        model.eval()
        with torch.no_grad():
            val = loss_fn(model(vx), vy)
        history.append({"loss": loss.item(), "val_loss": val.item()})
    print(json.dumps(history))


if __name__ == "__main__":
    if sys.argv[1] == "init":
        torch.manual_seed(0)
        write_safetensors(sys.argv[2], torchvision.models.resnet18(num_classes=2).state_dict())
    else:
        train(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]))
