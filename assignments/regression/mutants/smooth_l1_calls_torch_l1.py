"""smooth_l1_loss hands beta = 0 to torch's F.l1_loss (as torch itself does): a forbidden call, capped at 20%."""
import torch
import torch.nn.functional as F


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if beta < 0:
        raise RuntimeError("negative beta")
    if beta == 0:
        return F.l1_loss(input, target, reduction=reduction)
    d = input - target
    ad = d.abs()
    loss = torch.where(ad < beta, 0.5 * d * d / beta, ad - 0.5 * beta)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
