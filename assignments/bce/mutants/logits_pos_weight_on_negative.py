"""binary_cross_entropy_with_logits multiplies the NEGATIVE term (1 - y) * log(1 - sigmoid(x)) by pos_weight."""
import torch


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    if target.shape != logits.shape:
        raise ValueError("target and input sizes differ")
    log_p = -((-logits).clamp(min=0) + torch.log1p(torch.exp(-logits.abs())))  # log(sigmoid(x))
    log_q = log_p - logits  # log(1 - sigmoid(x))
    pw = 1 if pos_weight is None else pos_weight
    loss = -(target * log_p + pw * (1 - target) * log_q)
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")
