"""AdamW is right but updates a matrix parameter row by row in Python: blows the timing budget."""
import math

import torch


class AdamW(AdamW):
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(step=0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
                state["step"] += 1
                t = state["step"]
                rows = [(p, p.grad, state["exp_avg"], state["exp_avg_sq"])] if p.dim() < 2 else \
                    zip(p, p.grad, state["exp_avg"], state["exp_avg_sq"])
                for q, g, m, v in rows:
                    q.mul_(1 - lr * wd)
                    m.mul_(beta1).add_(g, alpha=1 - beta1)
                    v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                    q.addcdiv_(m, v.sqrt() / math.sqrt(1 - beta2 ** t) + eps, value=-lr / (1 - beta1 ** t))
        return loss
