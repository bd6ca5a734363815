"""Adagrad never decays its learning rate (lr_decay is ignored)."""
import torch


class Adagrad(Adagrad):
    @torch.no_grad()
    def step(self, closure=None):
        saved = [group["lr_decay"] for group in self.param_groups]
        for group in self.param_groups:
            group["lr_decay"] = 0
        try:
            return super().step(closure)
        finally:
            for group, value in zip(self.param_groups, saved):
                group["lr_decay"] = value
