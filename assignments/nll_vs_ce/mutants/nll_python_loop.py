"""nll_loss is correct but loops over the samples in Python: blows the timing budget."""
import torch


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    _check_reduction(reduction)
    if target.dim() != 1 or target.is_floating_point() or target.shape[0] != log_probs.shape[0]:
        raise RuntimeError("expected class indices of shape (N,)")
    losses, weights = [], []
    for i in range(log_probs.shape[0]):
        t = int(target[i])
        if t == ignore_index:
            losses.append(log_probs.new_zeros(()))
            weights.append(log_probs.new_zeros(()))
            continue
        w = log_probs.new_ones(()) if weight is None else weight[t]
        losses.append(-w * log_probs[i, t])
        weights.append(w)
    losses = torch.stack(losses)
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / torch.stack(weights).sum()
