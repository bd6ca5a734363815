"""huber_loss returns the mean for reduction='none' (anything but 'sum' is averaged)."""
import torch


def huber_loss(input, target, reduction="mean", delta=1.0):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if delta <= 0:
        raise RuntimeError("delta must be positive")
    d = input - target
    ad = d.abs()
    loss = torch.where(ad < delta, 0.5 * d * d, delta * (ad - 0.5 * delta))
    if reduction == "sum":
        return loss.sum()
    return loss.mean()
