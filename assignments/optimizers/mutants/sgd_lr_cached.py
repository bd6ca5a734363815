"""SGD keeps the learning rate from __init__: per-group lrs and a scheduler's changes are ignored."""
import torch


class SGD(SGD):
    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        super().__init__(params, lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)
        self.lr = lr

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            group["_lr"], group["lr"] = group["lr"], self.lr
        try:
            return super().step(closure)
        finally:
            for group in self.param_groups:
                group["lr"] = group.pop("_lr")
