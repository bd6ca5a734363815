"""nll_loss returns the log-likelihood itself: the minus sign is missing."""
import torch

_solution_nll_loss = nll_loss


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    return -_solution_nll_loss(log_probs, target, weight, ignore_index, reduction)
