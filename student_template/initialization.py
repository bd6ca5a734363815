"""Parameter initialization: Xavier and Kaiming (d2l 4.8, 数值稳定性和模型初始化).

A deep network only trains if the signal neither explodes nor vanishes on its way through the
layers. With weights drawn from N(0, 1), each layer of width 256 multiplies the variance of the
activations by about 256: after 50 layers it overflows. With N(0, 0.01^2) it shrinks to 0. The fix
is to choose the weights' variance from the layer's *fan*:

* Xavier (Glorot & Bengio, 2010) keeps the variance in the forward and the backward pass by
  taking ``Var(w) = gain^2 * 2 / (fan_in + fan_out)``;
* Kaiming / He (He et al., 2015) keeps it through ReLUs, which zero half of their inputs, by taking
  ``Var(w) = gain^2 / fan`` with ``gain = sqrt(2)`` for ReLU and ``fan`` = fan_in (forward pass) or
  fan_out (backward pass).

Implement the six functions below like their counterparts in ``torch.nn.init`` (without using
``torch.nn.init``). Conventions (the same as PyTorch's):

* Weight layouts: a ``Linear`` weight has shape ``(out_features, in_features)``; a convolution
  weight has shape ``(out_channels, in_channels, *kernel_size)``. ``fan_in = in * receptive_field``
  and ``fan_out = out * receptive_field``, where the receptive field is the product of the kernel
  sizes (1 for a Linear weight).
* The four init functions fill the tensor **in place** (the caller's tensor changes, nothing new is
  allocated for the result) and **return that same tensor object**. They must not record autograd
  history: calling them on an ``nn.Parameter`` must work and leave ``grad_fn`` None (do the filling
  under ``torch.no_grad()``).
* A uniform distribution U(-a, a) has standard deviation ``a / sqrt(3)``: a bound is not a std.
* Draw the random numbers with ordinary tensor calls (``tensor.uniform_``, ``tensor.normal_``,
  ``torch.rand``, ...); the graders test the distribution of your values, not torch's random stream.
"""
import math

import torch


def calculate_fan_in_and_fan_out(tensor):
    """Return ``(fan_in, fan_out)`` of a weight tensor as two Python ints.

    ``tensor`` has shape ``(out, in)`` (Linear) or ``(out, in, k1, k2, ...)`` (convolution):
    ``fan_in = in * k1 * k2 * ...`` and ``fan_out = out * k1 * k2 * ...``. A tensor with fewer than 2
    dimensions has no fans: raise ``ValueError``. Counterpart: ``torch.nn.init._calculate_fan_in_and_fan_out``.

    Forbidden here (earns at most 20% of the points): torch.nn.init (any function in it, e.g.
    nn.init._calculate_fan_in_and_fan_out).
    此处禁止使用（否则最多得到 20% 的分数）：torch.nn.init (any function in it, e.g.
    nn.init._calculate_fan_in_and_fan_out)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (a name as in ``torch.nn.functional``), like ``torch.nn.init.calculate_gain``.

    ===================================================================  ==============================
    nonlinearity                                                         gain
    ===================================================================  ==============================
    "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d/2d/3d"     1
    "sigmoid"                                                            1
    "tanh"                                                               5 / 3
    "relu"                                                               sqrt(2)
    "leaky_relu"                                                         sqrt(2 / (1 + negative_slope^2))
    "selu"                                                               3 / 4
    ===================================================================  ==============================

    For "leaky_relu", ``param`` is the negative slope: 0.01 when ``param`` is None, otherwise an int or
    a float (but not a bool); anything else raises ``ValueError``. ``param`` is ignored for the other
    nonlinearities. An unknown nonlinearity raises ``ValueError``.

    Forbidden here (earns at most 20% of the points): torch.nn.init (any function in it, e.g.
    nn.init.calculate_gain).
    此处禁止使用（否则最多得到 20% 的分数）：torch.nn.init (any function in it, e.g. nn.init.calculate_gain)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def xavier_uniform_(tensor, gain=1.0):
    """Fill ``tensor`` in place with U(-a, a), ``a = gain * sqrt(6 / (fan_in + fan_out))``; return ``tensor``.

    (That is a std of ``gain * sqrt(2 / (fan_in + fan_out))``.) Like ``torch.nn.init.xavier_uniform_``:
    no autograd history, ``ValueError`` for fewer than 2 dimensions.

    Forbidden here (earns at most 20% of the points): torch.nn.init (any function in it, e.g.
    nn.init.xavier_uniform_, nn.init.uniform_).
    此处禁止使用（否则最多得到 20% 的分数）：torch.nn.init (any function in it, e.g. nn.init.xavier_uniform_,
    nn.init.uniform_)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def xavier_normal_(tensor, gain=1.0):
    """Fill ``tensor`` in place with N(0, std^2), ``std = gain * sqrt(2 / (fan_in + fan_out))``; return ``tensor``.

    Like ``torch.nn.init.xavier_normal_``: no autograd history, ``ValueError`` for fewer than 2 dimensions.

    Forbidden here (earns at most 20% of the points): torch.nn.init (any function in it, e.g.
    nn.init.xavier_normal_, nn.init.normal_).
    此处禁止使用（否则最多得到 20% 的分数）：torch.nn.init (any function in it, e.g. nn.init.xavier_normal_,
    nn.init.normal_)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    """Fill ``tensor`` in place with U(-bound, bound), ``bound = gain * sqrt(3 / fan)``; return ``tensor``.

    ``gain = calculate_gain(nonlinearity, a)`` (``a`` is the negative slope of the leaky ReLU after this
    layer; note that the default ``a=0`` makes the default "leaky_relu" gain sqrt(2)), and ``fan`` is
    fan_in for ``mode="fan_in"``, fan_out for ``mode="fan_out"``; any other mode raises ``ValueError``.
    Like ``torch.nn.init.kaiming_uniform_``: no autograd history; a tensor with a zero-size dimension is
    returned unchanged.

    Forbidden here (earns at most 20% of the points): torch.nn.init (any function in it, e.g.
    nn.init.kaiming_uniform_, nn.init.uniform_).
    此处禁止使用（否则最多得到 20% 的分数）：torch.nn.init (any function in it, e.g. nn.init.kaiming_uniform_,
    nn.init.uniform_)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    """Fill ``tensor`` in place with N(0, std^2), ``std = gain / sqrt(fan)``; return ``tensor``.

    ``gain`` and ``fan`` as in ``kaiming_uniform_``. Like ``torch.nn.init.kaiming_normal_``: no autograd
    history, ``ValueError`` for an unknown mode; a tensor with a zero-size dimension is returned unchanged.

    Forbidden here (earns at most 20% of the points): torch.nn.init (any function in it, e.g.
    nn.init.kaiming_normal_, nn.init.normal_).
    此处禁止使用（否则最多得到 20% 的分数）：torch.nn.init (any function in it, e.g. nn.init.kaiming_normal_,
    nn.init.normal_)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()
