"""dropout divides by 1 - p even at p = 1: 0 * inf gives nan instead of zeros."""
import torch


def dropout(x, p=0.5, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return x
    mask = (torch.rand_like(x) >= p).to(x.dtype)
    return x * mask * (torch.ones_like(x) / (1 - torch.full_like(x, p)))
