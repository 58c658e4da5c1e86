#!/usr/bin/python3
"""Chapter 1's program in PyTorch: the same tensors, broadcasts, view and
linear layer as demo_tensors.cpp, in float64 (torch.float64 is what
blocks::Tensor holds).
Run: /usr/bin/python3 chapters/01_tensors/pytorch/tensors.py
"""
import torch

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=4)

# [torch-tensors]
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # (2, 3)
row = torch.tensor([10.0, 20.0, 30.0])                 # (3,)
column = torch.tensor([[100.0], [200.0]])              # (2, 1)
v = torch.tensor([1.0, 2.0, 3.0])
print(x + row, x + column, v + v.reshape(3, 1), sep="\n")  # (3, 3)!
x[:, 1] *= 10.0                          # a view writes through to x
print(x.sum(0), x.mean(1, keepdim=True), sep="\n")
features = torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0],
                         [-1.0, 0.5, 2.0], [2.0, 2.0, 2.0]])  # (4, 3)
weight = torch.tensor([[0.5, -1.0, 0.25]])                   # (1, 3)
bias = torch.tensor([0.1])                                   # (1,)
print(features @ weight.T + bias)        # nn.functional.linear: (4, 1)
# [torch-tensors]
