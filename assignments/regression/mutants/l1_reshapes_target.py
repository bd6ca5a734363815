"""l1_loss reshapes the target to the input's shape (d2l's y.reshape(y_hat.shape)): no error for
(2, 3) against (3, 2), a (N,) loss instead of torch's (N, N) for an (N, 1) target, an error where torch broadcasts."""
import torch


def l1_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = (input - target.reshape(input.shape)).abs()
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
