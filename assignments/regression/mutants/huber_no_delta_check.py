"""huber_loss accepts delta <= 0 silently (a delta of 0 gives a loss of 0 everywhere)."""
import torch


def huber_loss(input, target, reduction="mean", delta=1.0):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    d = input - target
    ad = d.abs()
    loss = torch.where(ad < delta, 0.5 * d * d, delta * (ad - 0.5 * delta))
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
