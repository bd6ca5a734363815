"""smooth_l1_loss builds the quadratic branch even for beta = 0: right values, nan gradients (0 * inf)."""
import torch


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if beta < 0:
        raise RuntimeError("negative beta")
    d = input - target
    ad = d.abs()
    loss = torch.where(ad < beta, 0.5 * d * d / beta, ad - 0.5 * beta)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
