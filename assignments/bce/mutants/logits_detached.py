"""binary_cross_entropy_with_logits computes -log(sigmoid(x)) on detached logits: right values, wrong gradients."""
import torch


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    if target.shape != logits.shape:
        raise ValueError("target and input sizes differ")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    x = logits.detach()
    neg_log_sigmoid = x.clamp(min=0) - x + torch.log1p(torch.exp(-x.abs()))
    positive = target if pos_weight is None else pos_weight * target
    loss = (1 - target) * logits + (positive + 1 - target) * neg_log_sigmoid
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
