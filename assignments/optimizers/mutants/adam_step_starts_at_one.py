"""Adam counts state['step'] from 1 before the first step: right on its own, one step ahead of torch's state."""
import torch


class Adam(Adam):
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state.update(step=1, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p),
                                 max_exp_avg_sq=torch.zeros_like(p))
                t = float(state["step"])
                state["step"] += 1
                g = p.grad + group["weight_decay"] * p
                m = state["exp_avg"].mul_(beta1).add_((1 - beta1) * g)
                v = state["exp_avg_sq"].mul_(beta2).add_((1 - beta2) * g * g)
                if group["amsgrad"]:
                    use = torch.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
                else:
                    use = v
                bias_correction1 = 1 - beta1 ** t
                bias_correction2 = 1 - beta2 ** t
                p.sub_(group["lr"] / bias_correction1 * m / (use.sqrt() / bias_correction2 ** 0.5 + group["eps"]))
        return loss
