"""mse_loss divides the sum by the number of the input's elements: wrong when input and target broadcast."""
import torch


def mse_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = (input - target) ** 2
    if reduction == "mean":
        return loss.sum() / input.numel()
    if reduction == "sum":
        return loss.sum()
    return loss
