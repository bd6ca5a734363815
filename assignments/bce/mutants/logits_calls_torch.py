"""binary_cross_entropy_with_logits calls nn.BCEWithLogitsLoss: capped at 20%."""
import torch


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    return torch.nn.BCEWithLogitsLoss(weight=weight, pos_weight=pos_weight, reduction=reduction)(logits, target)
