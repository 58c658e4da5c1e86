#!/usr/bin/python3
"""Chapter 4 in PyTorch: a CustomSGD in the notebook's shape, an Optimizer
subclass that writes only the update (the notebook's p.data -= lr * p.grad),
against torch.optim.SGD on one small problem
(the mean squared distance of two parameters to fixed targets).
Run: /usr/bin/python3 chapters/04_sgd/pytorch/custom_sgd.py
"""
import torch

torch.set_default_dtype(torch.float64)


# [torch-custom-sgd]
class CustomSGD(torch.optim.Optimizer):
    def __init__(self, params, lr):
        super().__init__(params, dict(lr=lr))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:  # never touched by backward
                    p.data -= group["lr"] * p.grad
# [torch-custom-sgd]


def train(make_optimizer):
    w = torch.tensor([[0.5, -1.0, 0.25]], requires_grad=True)
    b = torch.tensor([0.1], requires_grad=True)
    target_w, target_b = torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([-1.0])
    opt = make_optimizer([w, b])
    for _ in range(5):
        opt.zero_grad()
        loss = ((w - target_w) ** 2).mean() + ((b - target_b) ** 2).mean()
        loss.backward()
        opt.step()
    return torch.cat([w.detach().flatten(), b.detach()])


torch.set_printoptions(precision=10)
ours = train(lambda params: CustomSGD(params, lr=0.1))
theirs = train(lambda params: torch.optim.SGD(params, lr=0.1))
print("CustomSGD, 5 steps:      ", ours)
print("torch.optim.SGD, 5 steps:", theirs)
print("equal to 1e-15:", torch.allclose(ours, theirs, rtol=0, atol=1e-15))
