"""Dropout (d2l 4.6, 暂退法 / 丢弃法 Dropout).

Dropout fights overfitting by injecting noise while training: every element of a hidden layer's
output is zeroed with probability ``p``, independently of all the others and of every earlier call.
To keep the expected value of each element unchanged, the elements that survive are divided by
``1 - p`` ("inverted dropout")::

    h' = 0              with probability p
    h' = h / (1 - p)    otherwise              so that E[h'] = h

At test time (``training=False``, or a module in ``eval()`` mode) dropout does nothing: the input
comes back unchanged.

Implement, with ordinary tensor operations (``torch.rand``/``rand_like``, ``bernoulli``,
comparisons, multiplication):

* ``dropout(x, p=0.5, training=True)``, like ``torch.nn.functional.dropout``;
* ``Dropout(p=0.5)``, an ``nn.Module`` like ``torch.nn.Dropout``, built on your ``dropout``;
* ``MLP(...)``, the multilayer perceptron of d2l 4.6 with your dropout after each hidden layer.

The grader tests your randomness with statistics, never against torch's random numbers: any correct
way of drawing the mask passes (``rand > p``, ``rand < 1 - p``, ``bernoulli(1 - p)``, ...).
``Dropout`` and ``MLP`` are graded with your own ``dropout``/``Dropout`` inside them, so make
``dropout`` right first: its bugs show up in all three.

暂退法（dropout，《动手学深度学习》4.6 节）。

暂退法在训练时注入噪声来对抗过拟合：隐藏层输出的每个元素以概率 ``p`` 被置零，与其他元素和之前的每次调用都独立。
为了保持每个元素的期望不变，保留下来的元素除以 ``1 - p``（“反向暂退法”）：h' 以概率 p 为 0，否则为 h / (1 - p)，
所以 E[h'] = h。测试时（``training=False``，或模块处于 ``eval()`` 模式）暂退法什么也不做，原样返回输入。
用普通的张量运算（``torch.rand``/``rand_like``、``bernoulli``、比较、乘法等）实现下面的函数、层和模型。
"""
import torch
from torch import nn


def dropout(x, p=0.5, training=True):
    """Inverted dropout of the tensor ``x``, like ``torch.nn.functional.dropout(x, p, training)``.

    * ``p`` (a Python float) is the probability of zeroing an element; raise ``ValueError`` unless
      ``0 <= p <= 1`` (whether or not ``training``).
    * ``training=True``: zero each element independently with probability ``p`` and multiply the
      others by ``1 / (1 - p)``; a new mask on every call. ``p = 0`` returns ``x`` unchanged and
      ``p = 1`` returns all zeros (not nan: do not divide by ``1 - p = 0``).
    * ``training=False``: return ``x`` unchanged (torch returns ``x`` itself; equal values are enough).
    * The result has ``x``'s shape, dtype and device; ``x`` itself is never modified (no in-place
      ops on it). Gradients flow through autograd: d out / d x = mask / (1 - p).

    对张量 ``x`` 做反向暂退法，与 ``torch.nn.functional.dropout(x, p, training)`` 相同。
    ``p``（Python 浮点数）是置零的概率；除非 ``0 <= p <= 1``，否则抛出 ``ValueError``（无论是否 ``training``）。
    ``training=True``：每个元素以概率 ``p`` 独立置零，其余乘以 ``1 / (1 - p)``，每次调用都用新的掩码；``p = 0`` 原样返回，
    ``p = 1`` 返回全零（不是 nan：不要除以 ``1 - p = 0``）。``training=False``：原样返回 ``x``。
    结果的形状、数据类型和设备与 ``x`` 相同，``x`` 本身不被修改（不要原地运算）。
    """
    ### BEGIN SOLUTION
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return x * torch.zeros_like(x)
    mask = (torch.rand_like(x) >= p).to(x.dtype)
    return x * mask / (1.0 - p)
    ### END SOLUTION


class Dropout(nn.Module):
    """Dropout as a layer, like ``torch.nn.Dropout(p)``.

    An ``nn.Module`` without parameters. In training mode (the default, and after ``.train()``)
    ``layer(x)`` is ``dropout(x, p, training=True)``; after ``.eval()`` it returns ``x`` unchanged.
    Use ``self.training`` (set by ``train()``/``eval()``), and call your ``dropout`` above.
    ``Dropout(p)`` with ``p`` outside ``[0, 1]`` raises ``ValueError`` (when constructed, like torch,
    or at the latest when first called).

    暂退法层，与 ``torch.nn.Dropout(p)`` 相同。一个没有参数的 ``nn.Module``。训练模式下（默认，以及 ``.train()`` 之后）
    ``layer(x)`` 等于 ``dropout(x, p, training=True)``；``.eval()`` 之后原样返回 ``x``。使用 ``self.training``，并调用你上面的 ``dropout``。
    ``p`` 不在 ``[0, 1]`` 内时抛出 ``ValueError``。
    """

    def __init__(self, p=0.5):
        super().__init__()
        ### BEGIN SOLUTION
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        return dropout(x, self.p, self.training)
        ### END SOLUTION


class MLP(nn.Module):
    """The multilayer perceptron with dropout of d2l 4.6 (dropout的简洁实现).

    ``MLP(num_inputs=784, num_hiddens1=256, num_hiddens2=256, num_outputs=10, dropout1=0.2, dropout2=0.5)``
    computes, in this order::

        flatten (each example to a vector of num_inputs) -> Linear(num_inputs, num_hiddens1) -> ReLU
        -> dropout with p = dropout1 -> Linear(num_hiddens1, num_hiddens2) -> ReLU
        -> dropout with p = dropout2 -> Linear(num_hiddens2, num_outputs)

    and returns the logits, shape ``(batch, num_outputs)``. Use three ``nn.Linear`` layers, created
    in this order, and your own ``Dropout`` layers (or your ``dropout`` function, applied only when
    ``self.training``). In training mode the output is random; after ``.eval()`` no dropout happens
    and the output is deterministic. No other parameters than the three Linear layers'.

    《动手学深度学习》4.6 节中带暂退法的多层感知机（dropout的简洁实现）。
    依次计算：展平 -> Linear(num_inputs, num_hiddens1) -> ReLU -> 暂退法 (p = dropout1) -> Linear(num_hiddens1, num_hiddens2)
    -> ReLU -> 暂退法 (p = dropout2) -> Linear(num_hiddens2, num_outputs)，返回形状为 ``(batch, num_outputs)`` 的 logits。
    按此顺序创建三个 ``nn.Linear`` 层，并使用你自己的 ``Dropout`` 层。训练模式下输出是随机的，评估模式下是确定的。
    """

    def __init__(self, num_inputs=784, num_hiddens1=256, num_hiddens2=256, num_outputs=10,
                 dropout1=0.2, dropout2=0.5):
        super().__init__()
        ### BEGIN SOLUTION
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(num_inputs, num_hiddens1), nn.ReLU(), Dropout(dropout1),
            nn.Linear(num_hiddens1, num_hiddens2), nn.ReLU(), Dropout(dropout2),
            nn.Linear(num_hiddens2, num_outputs),
        )
        ### END SOLUTION

    def forward(self, X):
        ### BEGIN SOLUTION
        return self.net(X)
        ### END SOLUTION
