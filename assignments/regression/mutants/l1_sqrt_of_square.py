"""l1_loss as sqrt(d ** 2): right values, nan gradient at input == target."""
import torch


def l1_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = torch.sqrt((input - target) ** 2)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
