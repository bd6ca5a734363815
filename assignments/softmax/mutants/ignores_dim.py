"""softmax always normalises over the last dim, whatever `dim` says."""
import torch


def softmax(x, dim=-1):
    m = x.amax(dim=-1, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    e = (x - m).exp()
    return e / e.sum(dim=-1, keepdim=True)
