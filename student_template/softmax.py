"""Softmax, log-softmax and log-sum-exp (d2l 3.6, softmax回归的从零开始实现).

Implement the three functions below with ordinary tensor operations. Each must behave exactly like
its PyTorch counterpart: same result shape, dtype and device, gradients through autograd, and
numerically stable for large inputs (logits of +-1000 must not give nan or inf).

Stability: exp(1000) overflows. Subtract the maximum along ``dim`` first; a slice whose entries are
all -inf has no finite maximum, so treat its maximum as 0 there (torch then gives nan for softmax,
-inf for logsumexp).
"""
import torch


def logsumexp(x, dim=-1, keepdim=False):
    """log(sum(exp(x), dim)) computed without overflow, like ``torch.logsumexp``.

    ``dim`` may be an int or a tuple of ints; with ``keepdim=True`` the reduced dims are kept with size 1.

    Forbidden here (earns at most 20% of the points): torch.logsumexp, Tensor.logsumexp,
    torch.special.logsumexp, torch.softmax, torch.log_softmax, F.softmax, F.log_softmax.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def log_softmax(x, dim=-1):
    """log(softmax(x, dim)) computed stably, like ``torch.log_softmax``.

    Hint: it equals x - logsumexp(x, dim, keepdim=True); call your own ``logsumexp`` above.

    Forbidden here (earns at most 20% of the points): torch.log_softmax, Tensor.log_softmax,
    F.log_softmax, nn.LogSoftmax, torch.special.log_softmax, torch.softmax, F.softmax,
    torch.logsumexp, Tensor.logsumexp.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def softmax(x, dim=-1):
    """exp(x) / sum(exp(x), dim) along ``dim``, like ``torch.softmax``; each slice sums to 1.

    Forbidden here (earns at most 20% of the points): torch.softmax, Tensor.softmax, F.softmax,
    nn.Softmax, torch.special.softmax, torch.log_softmax, F.log_softmax, torch.logsumexp.
    """
    # YOUR CODE HERE
    raise NotImplementedError()
