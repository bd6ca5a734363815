"""nll_loss never checks the target's shape: a one-hot (N, C) target silently gives a number."""
import torch


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    _check_reduction(reduction)
    target = target.long()
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    picked = log_probs.gather(1, safe if safe.dim() == 2 else safe.unsqueeze(1)).squeeze(1)
    w = torch.ones_like(picked) if weight is None else weight[safe]
    w = torch.where(keep, w, torch.zeros_like(w))
    losses = torch.where(keep, -picked * w, torch.zeros_like(picked))
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / w.sum()
