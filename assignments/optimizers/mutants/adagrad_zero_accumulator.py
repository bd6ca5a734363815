"""Adagrad starts its sum of squares at zero whatever initial_accumulator_value says."""
import torch


class Adagrad(Adagrad):
    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None and len(self.state[p]) == 0:
                    self.state[p]["step"] = 0
                    self.state[p]["sum"] = torch.zeros_like(p)
        return super().step(closure)
