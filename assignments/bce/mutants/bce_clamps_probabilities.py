"""binary_cross_entropy clamps the probabilities to [1e-7, 1 - 1e-7] (Keras style) instead of the logs at -100."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    if target.shape != probs.shape:
        raise ValueError("target and input sizes differ")
    p = probs.clamp(1e-7, 1 - 1e-7)
    loss = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
