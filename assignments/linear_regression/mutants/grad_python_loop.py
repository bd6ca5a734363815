"""grad_fn is right but accumulates the gradient point by point in a Python loop."""
import torch


def grad_fn(t_u, t_c, t_p, w, b):
    n = t_p.numel()
    dw = torch.zeros((), dtype=t_p.dtype, device=t_p.device)
    db = torch.zeros((), dtype=t_p.dtype, device=t_p.device)
    for u, c, p in zip(t_u.reshape(-1), t_c.reshape(-1), t_p.reshape(-1)):
        d = 2 * (p - c) / n
        dw = dw + d * u
        db = db + d
    return torch.stack([dw, db])
