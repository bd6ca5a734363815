"""binary_cross_entropy_with_logits takes log(sigmoid(x)) directly: -inf (so inf or nan losses) for large |x|."""
import torch


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    if target.shape != logits.shape:
        raise ValueError("target and input sizes differ")
    p = torch.sigmoid(logits)
    pw = 1 if pos_weight is None else pos_weight
    loss = -(pw * target * torch.log(p) + (1 - target) * torch.log(1 - p))
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
