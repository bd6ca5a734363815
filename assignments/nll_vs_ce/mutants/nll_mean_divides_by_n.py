"""nll_loss's mean always divides by N: wrong with class weights and with ignored targets."""
import torch

_solution_nll_loss = nll_loss


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    if reduction == "mean":
        return _solution_nll_loss(log_probs, target, weight, ignore_index, "sum") / log_probs.shape[0]
    return _solution_nll_loss(log_probs, target, weight, ignore_index, reduction)
