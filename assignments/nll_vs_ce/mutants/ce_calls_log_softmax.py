"""cross_entropy uses torch's log_softmax instead of its own: capped at 20%."""
import torch

_solution_cross_entropy = cross_entropy


def stable_log_softmax(logits):
    return torch.log_softmax(logits, dim=1)


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
