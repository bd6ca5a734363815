"""binary_cross_entropy lets a (N, 1) target broadcast against a (N,) input instead of raising ValueError."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    loss = -(target * torch.log(probs).clamp(min=-100) + (1 - target) * torch.log(1 - probs).clamp(min=-100))
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
