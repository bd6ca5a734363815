"""binary_cross_entropy is correct but loops over the rows in Python: blows the timing budget."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    if target.shape != probs.shape:
        raise ValueError("target and input sizes differ")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    flat_p, flat_y = probs.reshape(-1, probs.shape[-1] if probs.dim() else 1), target.reshape(-1, probs.shape[-1] if probs.dim() else 1)
    rows = []
    for p, y in zip(flat_p, flat_y):
        rows.append(-(y * torch.log(p).clamp(min=-100) + (1 - y) * torch.log1p(-p).clamp(min=-100)))
    loss = torch.stack(rows).reshape(probs.shape)
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
