"""binary_cross_entropy's 'mean' divides by the batch size (dim 0) instead of the number of elements."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    if target.shape != probs.shape:
        raise ValueError("target and input sizes differ")
    loss = -(target * torch.log(probs).clamp(min=-100) + (1 - target) * torch.log(1 - probs).clamp(min=-100))
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.sum() / (probs.shape[0] if probs.dim() else 1)
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
