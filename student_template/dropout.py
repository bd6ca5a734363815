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

    Forbidden here (earns at most 20% of the points): F.dropout, torch.dropout,
    torch.nn.functional.dropout, nn.Dropout, torch.native_dropout, F.alpha_dropout,
    F.feature_alpha_dropout, F.dropout1d, F.dropout2d, F.dropout3d.
    此处禁止使用（否则最多得到 20% 的分数）：F.dropout, torch.dropout, torch.nn.functional.dropout, nn.Dropout,
    torch.native_dropout, F.alpha_dropout, F.feature_alpha_dropout, F.dropout1d, F.dropout2d,
    F.dropout3d。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


class Dropout(nn.Module):
    """Dropout as a layer, like ``torch.nn.Dropout(p)``.

    An ``nn.Module`` without parameters. In training mode (the default, and after ``.train()``)
    ``layer(x)`` is ``dropout(x, p, training=True)``; after ``.eval()`` it returns ``x`` unchanged.
    Use ``self.training`` (set by ``train()``/``eval()``), and call your ``dropout`` above.
    ``Dropout(p)`` with ``p`` outside ``[0, 1]`` raises ``ValueError`` (when constructed, like torch,
    or at the latest when first called).

    Forbidden here (earns at most 20% of the points): nn.Dropout, F.dropout, torch.dropout,
    torch.nn.functional.dropout, torch.native_dropout.
    此处禁止使用（否则最多得到 20% 的分数）：nn.Dropout, F.dropout, torch.dropout, torch.nn.functional.dropout,
    torch.native_dropout。
    """

    def __init__(self, p=0.5):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x):
        # YOUR CODE HERE
        raise NotImplementedError()


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

    Forbidden here (earns at most 20% of the points): nn.Dropout, F.dropout, torch.dropout,
    torch.nn.functional.dropout, torch.native_dropout.
    此处禁止使用（否则最多得到 20% 的分数）：nn.Dropout, F.dropout, torch.dropout, torch.nn.functional.dropout,
    torch.native_dropout。
    """

    def __init__(self, num_inputs=784, num_hiddens1=256, num_hiddens2=256, num_outputs=10,
                 dropout1=0.2, dropout2=0.5):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, X):
        # YOUR CODE HERE
        raise NotImplementedError()
