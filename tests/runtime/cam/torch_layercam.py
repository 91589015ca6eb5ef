"""An independent LayerCAM in PyTorch, for tests/runtime/cam/torch-reference.test.ts.

usage: torch_layercam.py OUT_DIR SIZE CLASSES
Writes OUT_DIR/resnet18.safetensors (a torchvision ResNet18 with random weights and batch-norm
statistics away from their defaults), OUT_DIR/images.f32 (N x SIZE x SIZE x 3, NHWC),
OUT_DIR/logits.f32, and OUT_DIR/LAYER.f32 (N x SIZE x SIZE maps of the predicted class).
"""
import json
import struct
import sys

import torch
import torch.nn.functional as F
import torchvision

torch.set_num_threads(2)
out, size, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.manual_seed(0)
model = torchvision.models.resnet18(num_classes=classes)
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.2, 0.2)
model.eval()


def save_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


state = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
save_safetensors(f"{out}/resnet18.safetensors", state)

images = torch.rand(3, 3, size, size) * 2 - 1
images.permute(0, 2, 3, 1).contiguous().numpy().tofile(f"{out}/images.f32")

layers = ["layer1", "layer2", "layer3", "layer4"]
acts = {}


def keep(name):
    def hook(_module, _inputs, output):
        output.retain_grad()
        acts[name] = output

    return hook


for name in layers:
    getattr(model, name).register_forward_hook(keep(name))
logits = model(images)
logits.detach().numpy().tofile(f"{out}/logits.f32")
target = logits.argmax(1)
logits.gather(1, target[:, None]).sum().backward()
for name in layers:
    a = acts[name]
    m = F.relu((F.relu(a.grad) * a).sum(1, keepdim=True))
    m = F.interpolate(m, size=(size, size), mode="bilinear", align_corners=False)[:, 0]
    lo = m.amin(dim=(1, 2), keepdim=True)
    hi = m.amax(dim=(1, 2), keepdim=True)
    m = torch.where(hi > lo, (m - lo) / (hi - lo).clamp_min(1e-30), torch.zeros_like(m))
    m.detach().numpy().astype("float32").tofile(f"{out}/{name}.f32")
