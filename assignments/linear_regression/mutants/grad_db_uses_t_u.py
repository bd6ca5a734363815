"""grad_fn multiplies dL/db by t_u too (dt_p/db is 1, not t_u)."""
import torch


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = 2 * (t_p - t_c) / t_p.numel()
    return torch.stack([(dloss_dtp * t_u).sum(), (dloss_dtp * t_u).sum()])
