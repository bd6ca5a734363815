"""l2_penalty is right but sums row by row in Python: blows the timing budget."""
import torch


def l2_penalty(w):
    if w.dim() < 2:
        return (w * w).sum() / 2
    total = torch.zeros((), dtype=w.dtype, device=w.device)
    for row in w.reshape(w.shape[0], -1):
        total = total + (row * row).sum()
    return total / 2
