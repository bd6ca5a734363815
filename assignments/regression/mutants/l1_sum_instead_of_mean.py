"""l1_loss sums where reduction='mean' asks for the average."""
import torch


def l1_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = (input - target).abs()
    if reduction == "none":
        return loss
    return loss.sum()
