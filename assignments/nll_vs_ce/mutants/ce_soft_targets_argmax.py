"""cross_entropy turns probability targets into class indices with argmax: right for one-hot, wrong for soft labels."""
import torch

_solution_cross_entropy = cross_entropy


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    if target.shape == logits.shape:
        target = target.argmax(dim=1)
    return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
