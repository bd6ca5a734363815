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
    """
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    m = x.amax(dim=dims, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m)).detach()
    out = (x - m).exp().sum(dim=dims, keepdim=True).log() + m
    return out if keepdim else out.squeeze(dims)


def log_softmax(x, dim=-1):
    """log(softmax(x, dim)) computed stably, like ``torch.log_softmax``.

    Hint: it equals x - logsumexp(x, dim, keepdim=True); call your own ``logsumexp`` above.
    """
    return x - logsumexp(x, dim=dim, keepdim=True)


def softmax(x, dim=-1):
    """exp(x) / sum(exp(x), dim) along ``dim``, like ``torch.softmax``; each slice sums to 1."""
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m)).detach()
    e = (x - m).exp()
    return e / e.sum(dim=dim, keepdim=True)
