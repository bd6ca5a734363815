"""SGD's Nesterov step looks ahead with the buffer from BEFORE this step's update."""
import torch


class SGD(SGD):
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p
                if momentum != 0:
                    state = self.state[p]
                    old = state.get("momentum_buffer")
                    if old is None:
                        buf = g.clone()
                        old = torch.zeros_like(p)
                    else:
                        buf = old * momentum + (1 - dampening) * g
                    state["momentum_buffer"] = buf
                    g = g + momentum * old if group["nesterov"] else buf
                p.add_(g, alpha=-lr)
        return loss
