"""logsumexp always keeps the reduced dims."""
import torch


def logsumexp(x, dim=-1, keepdim=False):
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    m = x.amax(dim=dims, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    return (x - m).exp().sum(dim=dims, keepdim=True).log() + m
