"""RMSprop calls the closure under step's torch.no_grad(): the closure's backward() fails."""
import torch


class RMSprop(RMSprop):
    @torch.no_grad()
    def step(self, closure=None):
        loss = closure() if closure is not None else None
        super().step()
        return loss
