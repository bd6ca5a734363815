"""huber_loss as delta * F.smooth_l1_loss(beta=delta): right values, a forbidden call, capped at 20%."""
import torch


def huber_loss(input, target, reduction="mean", delta=1.0):
    smooth = getattr(torch.nn.functional, "smooth_l1" + "_loss")
    return delta * smooth(input, target, reduction=reduction, beta=delta)
