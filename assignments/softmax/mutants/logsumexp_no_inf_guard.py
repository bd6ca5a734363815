"""logsumexp subtracts a max of -inf on fully masked slices: nan instead of -inf."""
import torch


def logsumexp(x, dim=-1, keepdim=False):
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    m = x.amax(dim=dims, keepdim=True)
    out = (x - m).exp().sum(dim=dims, keepdim=True).log() + m
    return out if keepdim else out.squeeze(dims)
