"""binary_cross_entropy_with_logits uses the textbook max(x, 0) - x y + log1p(exp(-|x|)): right values, but at
logits of exactly 0 autograd takes one side of the kinks of max and abs (gradient 1 - y instead of 0.5 - y)."""
import torch


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    if target.shape != logits.shape:
        raise ValueError("target and input sizes differ")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    neg_log_sigmoid = logits.clamp(min=0) - logits + torch.log1p(torch.exp(-logits.abs()))
    positive = target if pos_weight is None else pos_weight * target
    loss = (1 - target) * logits + (positive + 1 - target) * neg_log_sigmoid
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
