"""SGD treats a missing gradient as zeros: momentum and weight decay still move that parameter."""
import torch


class SGD(SGD):
    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    p.grad = torch.zeros_like(p)
        loss = super().step(closure)
        return loss
