"""nll_loss zeroes the ignored losses but still counts their weights in the mean's denominator."""
import torch


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    _check_reduction(reduction)
    if target.dim() != 1:
        raise RuntimeError("expected class indices")
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    picked = log_probs.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = torch.ones_like(picked) if weight is None else weight[safe]
    losses = torch.where(keep, -picked * w, torch.zeros_like(picked))
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / w.sum()
