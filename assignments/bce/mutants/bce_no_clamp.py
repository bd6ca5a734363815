"""binary_cross_entropy takes plain logs: a probability of exactly 0 or 1 gives inf or nan, not a loss clamped at 100."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    if target.shape != probs.shape:
        raise ValueError("target and input sizes differ")
    loss = -(target * torch.log(probs) + (1 - target) * torch.log(1 - probs))
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
