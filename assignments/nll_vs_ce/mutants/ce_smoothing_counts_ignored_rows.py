"""cross_entropy's label-smoothing term is not masked: ignored targets still add eps / C * sum_c -w_c log p_c."""
import torch

_solution_cross_entropy = cross_entropy


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    if label_smoothing == 0 or target.shape == logits.shape:
        return _solution_cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing)
    n, c = logits.shape
    log_probs = stable_log_softmax(logits)
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    w_all = torch.ones(c, dtype=logits.dtype) if weight is None else weight
    w = torch.where(keep, w_all[safe], torch.zeros(n, dtype=logits.dtype))
    picked = log_probs.gather(1, safe[:, None])[:, 0]
    losses = -(1 - label_smoothing) * w * picked - label_smoothing / c * (log_probs * w_all).sum(1)
    return {"none": losses, "sum": losses.sum(), "mean": losses.sum() / w.sum()}[reduction]
