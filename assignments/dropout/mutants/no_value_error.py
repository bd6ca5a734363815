"""dropout accepts any p (no ValueError outside [0, 1])."""
import torch


def dropout(x, p=0.5, training=True):
    if not training or p <= 0.0:
        return x
    if p >= 1.0:
        return x * 0
    return x * (torch.rand_like(x) >= p).to(x.dtype) / (1 - p)
