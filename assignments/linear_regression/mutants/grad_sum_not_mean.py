"""grad_fn differentiates the SUM of squared errors: it never divides by the number of points."""
import torch


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = 2 * (t_p - t_c)
    return torch.stack([(dloss_dtp * t_u).sum(), dloss_dtp.sum()])
