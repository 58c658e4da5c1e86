#!/usr/bin/python3
"""Chapter 3 in PyTorch: torch.autograd.gradcheck on the notebook's custom
Functions (the ones tests/goldens/make_ch06_goldens.py trains with, shown in
Chapter 2) and on the planted sigmoid bug of demo_gradcheck.cpp.
Run: /usr/bin/python3 chapters/03_gradcheck/pytorch/gradcheck.py
"""
import pathlib
import sys

import torch
from torch.autograd import gradcheck

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "goldens"))
from make_ch06_goldens import BCEWithLogitsFunction  # noqa: E402
from make_ch06_goldens import SigmoidFunction  # noqa: E402

torch.manual_seed(0)
# [torch-gradcheck]
z = torch.randn(10, 1, dtype=torch.float64, requires_grad=True)
y = (torch.randn(10, 1, dtype=torch.float64) > 0).double()  # held fixed
print(gradcheck(SigmoidFunction.apply, (z,)))               # True
print(gradcheck(BCEWithLogitsFunction.apply, (z, y)))       # True


class SigmoidMissingFactor(SigmoidFunction):  # the planted bug
    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y                           # should be g * y * (1 - y)


print(gradcheck(SigmoidMissingFactor.apply, (z,), raise_exception=False))
# [torch-gradcheck]
