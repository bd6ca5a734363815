"""binary_cross_entropy_with_logits returns the sum for reduction='mean' (the default)."""
import torch


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    if target.shape != logits.shape:
        raise ValueError("target and input sizes differ")
    m = (-logits).clamp(min=0).detach()
    neg_log_sigmoid = m + torch.log(torch.exp(-m) + torch.exp(-logits - m))
    positive = target if pos_weight is None else pos_weight * target
    loss = (1 - target) * logits + (positive + 1 - target) * neg_log_sigmoid
    if weight is not None:
        loss = loss * weight
    if reduction in ("mean", "sum"):
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
