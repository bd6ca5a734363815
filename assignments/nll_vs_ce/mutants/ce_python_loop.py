"""cross_entropy is correct but computes each sample's loss in a Python loop: blows the timing budget."""
import torch

_solution_cross_entropy = cross_entropy


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    if target.shape == logits.shape or target.dim() != 1 or target.shape[0] != logits.shape[0]:
        return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
    rows = [_solution_cross_entropy(logits[i:i + 1], target[i:i + 1], weight, ignore_index, "none", label_smoothing)
            for i in range(logits.shape[0])]
    losses = torch.cat(rows)
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    w = torch.ones(logits.shape[1], dtype=logits.dtype) if weight is None else weight
    keep = target != ignore_index
    return losses.sum() / torch.where(keep, w[torch.where(keep, target, 0)], 0).sum()
