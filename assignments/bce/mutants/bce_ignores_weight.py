"""binary_cross_entropy accepts weight but never uses it."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    if target.shape != probs.shape:
        raise ValueError("target and input sizes differ")
    loss = -(target * torch.log(probs).clamp(min=-100) + (1 - target) * torch.log(1 - probs).clamp(min=-100))
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
