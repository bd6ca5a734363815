"""binary_cross_entropy clamps the caller's probabilities in place: right values, but the input changes."""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    if target.shape != probs.shape:
        raise ValueError("target and input sizes differ")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    one_minus = torch.log1p(-probs).clamp(min=-100)
    p = probs.log_() if not probs.requires_grad else probs.log()
    loss = -(target * p.clamp(min=-100) + (1 - target) * one_minus)
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
