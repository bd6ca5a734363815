"""softmax subtracts the max from its input in place: the caller's tensor changes."""
import torch


def softmax(x, dim=-1):
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    if not x.requires_grad:
        x.sub_(m)
        e = x.exp()
    else:
        e = (x - m).exp()
    return e / e.sum(dim=dim, keepdim=True)
