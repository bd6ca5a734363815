"""l1_loss as torch.where(d >= 0, d, -d): right values, gradient +1 instead of 0 at input == target."""
import torch


def l1_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    d = input - target
    loss = torch.where(d >= 0, d, -d)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
