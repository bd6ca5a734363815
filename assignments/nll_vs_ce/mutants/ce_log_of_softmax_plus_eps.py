"""cross_entropy takes log(softmax(x) + 1e-15): the loss is capped near 34.5 at logits of +-1000."""
import torch

_solution_cross_entropy = cross_entropy


def stable_log_softmax(logits):
    m = logits.amax(dim=1, keepdim=True)
    e = (logits - m).exp()
    return (e / e.sum(dim=1, keepdim=True) + 1e-15).log()


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
