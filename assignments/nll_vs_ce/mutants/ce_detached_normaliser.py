"""cross_entropy detaches the log-sum-exp: right values, wrong gradients."""
import torch

_solution_cross_entropy = cross_entropy


def stable_log_softmax(logits):
    m = logits.amax(dim=1, keepdim=True)
    return logits - ((logits - m).exp().sum(dim=1, keepdim=True).log() + m).detach()


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
