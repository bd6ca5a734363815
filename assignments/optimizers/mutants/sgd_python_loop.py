"""SGD is right but updates the parameters element by element in Python: far over the time budget."""
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
                state = self.state[p]
                if momentum != 0 and "momentum_buffer" not in state:
                    state["momentum_buffer"] = None
                flat_p, flat_g = p.view(-1), p.grad.reshape(-1)
                buf = state.get("momentum_buffer")
                new_buf = torch.empty_like(flat_p) if momentum != 0 else None
                for i in range(flat_p.numel()):
                    g = flat_g[i] + group["weight_decay"] * flat_p[i]
                    if momentum != 0:
                        b = g if buf is None else momentum * buf.view(-1)[i] + (1 - dampening) * g
                        new_buf[i] = b
                        g = g + momentum * b if group["nesterov"] else b
                    flat_p[i] -= lr * g
                if momentum != 0:
                    state["momentum_buffer"] = new_buf.view_as(p)
        return loss
