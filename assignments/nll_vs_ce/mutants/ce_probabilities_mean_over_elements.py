"""cross_entropy with probability targets averages over all N * C elements instead of the N samples."""
import torch

_solution_cross_entropy = cross_entropy


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    if target.shape == logits.shape and reduction == "mean":
        return _solution_cross_entropy(logits, target, weight, ignore_index, "sum", label_smoothing) / target.numel()
    return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
