"""mse_loss with d2l's squared_loss factor 1/2: (input - target) ** 2 / 2."""
import torch


def mse_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = (input - target) ** 2 / 2
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
