"""cross_entropy computes log(sum(exp(x))) directly: inf/nan at logits of 1000."""
import torch

_solution_cross_entropy = cross_entropy


def stable_log_softmax(logits):
    return logits - logits.exp().sum(dim=1, keepdim=True).log()


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
