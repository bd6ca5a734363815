"""Softmax, log-softmax and log-sum-exp (d2l 3.6, softmax回归的从零开始实现).
softmax、log-softmax 和 log-sum-exp（《动手学深度学习》3.6 节，softmax回归的从零开始实现）。

Implement the three functions below with ordinary tensor operations. Each must behave exactly like
its PyTorch counterpart: same result shape, dtype and device, gradients through autograd, and
numerically stable for large inputs (logits of +-1000 must not give nan or inf).

Stability: exp(1000) overflows. Subtract the maximum along ``dim`` first; a slice whose entries are
all -inf has no finite maximum, so treat its maximum as 0 there (torch then gives nan for softmax,
-inf for logsumexp).

用普通的张量运算实现下面三个函数。每个函数的行为都必须与对应的 PyTorch 函数完全一致：结果的形状、
数据类型和设备相同，能通过自动微分求梯度，并且对大的输入数值稳定（logits 为 ±1000 时不能得到 nan 或 inf）。

数值稳定性：exp(1000) 会上溢。先减去沿 ``dim`` 的最大值；若某个切片的元素全为 -inf，它没有有限的最大值，
此时把最大值当作 0（torch 对 softmax 给出 nan，对 logsumexp 给出 -inf）。
"""
import torch


def logsumexp(x, dim=-1, keepdim=False):
    """log(sum(exp(x), dim)) computed without overflow, like ``torch.logsumexp``.

    ``dim`` may be an int or a tuple of ints; with ``keepdim=True`` the reduced dims are kept with size 1.

    不会上溢地计算 log(sum(exp(x), dim))，与 ``torch.logsumexp`` 相同。``dim`` 可以是整数或整数元组；
    ``keepdim=True`` 时被归约的维度保留为大小 1。
    """
    ### BEGIN SOLUTION
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    m = x.amax(dim=dims, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m)).detach()
    out = (x - m).exp().sum(dim=dims, keepdim=True).log() + m
    return out if keepdim else out.squeeze(dims)
    ### END SOLUTION


def log_softmax(x, dim=-1):
    """log(softmax(x, dim)) computed stably, like ``torch.log_softmax``.

    Hint: it equals x - logsumexp(x, dim, keepdim=True); call your own ``logsumexp`` above.

    数值稳定地计算 log(softmax(x, dim))，与 ``torch.log_softmax`` 相同。
    提示：它等于 x - logsumexp(x, dim, keepdim=True)；调用你在上面实现的 ``logsumexp``。
    """
    ### BEGIN SOLUTION
    return x - logsumexp(x, dim=dim, keepdim=True)
    ### END SOLUTION


def softmax(x, dim=-1):
    """exp(x) / sum(exp(x), dim) along ``dim``, like ``torch.softmax``; each slice sums to 1.

    沿 ``dim`` 计算 exp(x) / sum(exp(x), dim)，与 ``torch.softmax`` 相同；每个切片的和为 1。
    """
    ### BEGIN SOLUTION
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m)).detach()
    e = (x - m).exp()
    return e / e.sum(dim=dim, keepdim=True)
    ### END SOLUTION
