"""RMSprop adds eps inside the square root, sqrt(v + eps), as the course's own code does; torch adds it after."""
import torch


class RMSprop(RMSprop):
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            alpha, eps, momentum = group["alpha"], group["eps"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state.update(step=0, square_avg=torch.zeros_like(p), grad_avg=torch.zeros_like(p),
                                 momentum_buffer=torch.zeros_like(p))
                state["step"] += 1
                g = p.grad + group["weight_decay"] * p
                v = state["square_avg"].mul_(alpha).add_((1 - alpha) * g * g)
                if group["centered"]:
                    m = state["grad_avg"].mul_(alpha).add_((1 - alpha) * g)
                    d = (v - m * m + eps).sqrt()
                else:
                    d = (v + eps).sqrt()
                if momentum > 0:
                    b = state["momentum_buffer"].mul_(momentum).add_(g / d)
                    p.sub_(group["lr"] * b)
                else:
                    p.sub_(group["lr"] * g / d)
        return loss
