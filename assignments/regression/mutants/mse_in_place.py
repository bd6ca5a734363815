"""mse_loss subtracts the target from its input in place: the caller's tensor changes."""
import torch


def mse_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if not input.requires_grad and input.shape == torch.broadcast_shapes(input.shape, target.shape):
        d = input.sub_(target)
    else:
        d = input - target
    loss = d * d
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
