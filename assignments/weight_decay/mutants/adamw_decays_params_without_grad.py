"""AdamW decays every parameter, even those whose .grad is None (torch skips them entirely);
it also forgets to return the closure's loss."""
import math

import torch


class AdamW(AdamW):
    @torch.no_grad()
    def step(self, closure=None):
        if closure is not None:
            with torch.enable_grad():
                closure()
        for group in self.param_groups:
            lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                p.mul_(1 - lr * wd)
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(step=0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
                state["step"] += 1
                t = state["step"]
                state["exp_avg"].mul_(beta1).add_(p.grad, alpha=1 - beta1)
                state["exp_avg_sq"].mul_(beta2).addcmul_(p.grad, p.grad, value=1 - beta2)
                denom = state["exp_avg_sq"].sqrt() / math.sqrt(1 - beta2 ** t) + eps
                p.addcdiv_(state["exp_avg"], denom, value=-lr / (1 - beta1 ** t))
        return None
