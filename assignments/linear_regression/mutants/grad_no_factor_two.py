"""grad_fn forgets the factor 2 that comes from the square."""
import torch


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = (t_p - t_c) / t_p.numel()
    return torch.stack([(dloss_dtp * t_u).sum(), dloss_dtp.sum()])
