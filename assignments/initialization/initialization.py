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

参数初始化：Xavier 初始化和 Kaiming 初始化（《动手学深度学习》4.8 节，数值稳定性和模型初始化）。

深层网络只有在信号经过各层时既不爆炸也不消失才能训练。权重取自 N(0, 1) 时，每个宽度为 256 的层会把激活值的方差
放大约 256 倍，50 层后就会上溢；取 N(0, 0.01^2) 时又会缩小到 0。解决办法是根据层的 *fan*（扇入/扇出）选择权重的方差：
Xavier 初始化取 ``Var(w) = gain^2 * 2 / (fan_in + fan_out)``，使前向和反向传播的方差保持不变；Kaiming 初始化取
``Var(w) = gain^2 / fan``，适用于 ReLU 这类把一半输入置零的激活函数。

实现下面的函数，行为与 ``torch.nn.init`` 中对应的函数相同：原地填充张量并返回它本身，不记录自动微分历史。
"""
import math

import torch


def calculate_fan_in_and_fan_out(tensor):
    """Return ``(fan_in, fan_out)`` of a weight tensor as two Python ints.

    ``tensor`` has shape ``(out, in)`` (Linear) or ``(out, in, k1, k2, ...)`` (convolution):
    ``fan_in = in * k1 * k2 * ...`` and ``fan_out = out * k1 * k2 * ...``. A tensor with fewer than 2
    dimensions has no fans: raise ``ValueError``. Counterpart: ``torch.nn.init._calculate_fan_in_and_fan_out``.

    以两个 Python 整数返回权重张量的 ``(fan_in, fan_out)``。
    形状为 ``(out, in)``（Linear）或 ``(out, in, k1, k2, ...)``（卷积）：``fan_in = in * k1 * k2 * ...``，``fan_out = out * k1 * k2 * ...``。
    少于 2 维的张量没有 fan：抛出 ``ValueError``。
    """
    ### BEGIN SOLUTION
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive_field = 1
    for size in tensor.shape[2:]:
        receptive_field *= size
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field
    ### END SOLUTION


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

    激活函数（名称与 ``torch.nn.functional`` 中相同）的推荐增益，与 ``torch.nn.init.calculate_gain`` 相同（见上表）。
    """
    ### BEGIN SOLUTION
    linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]
    if nonlinearity in linear_fns or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")
    ### END SOLUTION


def xavier_uniform_(tensor, gain=1.0):
    """Fill ``tensor`` in place with U(-a, a), ``a = gain * sqrt(6 / (fan_in + fan_out))``; return ``tensor``.

    (That is a std of ``gain * sqrt(2 / (fan_in + fan_out))``.) Like ``torch.nn.init.xavier_uniform_``:
    no autograd history, ``ValueError`` for fewer than 2 dimensions.

    用 U(-a, a) 原地填充 ``tensor``，``a = gain * sqrt(6 / (fan_in + fan_out))``，返回 ``tensor``。
    与 ``torch.nn.init.xavier_uniform_`` 相同：不记录自动微分历史，少于 2 维时抛出 ``ValueError``。
    """
    ### BEGIN SOLUTION
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    with torch.no_grad():
        return tensor.uniform_(-bound, bound)
    ### END SOLUTION


def xavier_normal_(tensor, gain=1.0):
    """Fill ``tensor`` in place with N(0, std^2), ``std = gain * sqrt(2 / (fan_in + fan_out))``; return ``tensor``.

    Like ``torch.nn.init.xavier_normal_``: no autograd history, ``ValueError`` for fewer than 2 dimensions.

    用 N(0, std^2) 原地填充 ``tensor``，``std = gain * sqrt(2 / (fan_in + fan_out))``，返回 ``tensor``。
    与 ``torch.nn.init.xavier_normal_`` 相同：不记录自动微分历史，少于 2 维时抛出 ``ValueError``。
    """
    ### BEGIN SOLUTION
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    with torch.no_grad():
        return tensor.normal_(0.0, std)
    ### END SOLUTION


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    """Fill ``tensor`` in place with U(-bound, bound), ``bound = gain * sqrt(3 / fan)``; return ``tensor``.

    ``gain = calculate_gain(nonlinearity, a)`` (``a`` is the negative slope of the leaky ReLU after this
    layer; note that the default ``a=0`` makes the default "leaky_relu" gain sqrt(2)), and ``fan`` is
    fan_in for ``mode="fan_in"``, fan_out for ``mode="fan_out"``; any other mode raises ``ValueError``.
    Like ``torch.nn.init.kaiming_uniform_``: no autograd history; a tensor with a zero-size dimension is
    returned unchanged.

    用 U(-bound, bound) 原地填充 ``tensor``，``bound = gain * sqrt(3 / fan)``，返回 ``tensor``。
    ``gain = calculate_gain(nonlinearity, a)``，``fan`` 由 ``mode`` 决定（"fan_in" 或 "fan_out"，其他值抛出 ``ValueError``）。
    与 ``torch.nn.init.kaiming_uniform_`` 相同：不记录自动微分历史；含大小为 0 的维度的张量原样返回。
    """
    ### BEGIN SOLUTION
    if 0 in tensor.shape:
        return tensor
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    with torch.no_grad():
        return tensor.uniform_(-bound, bound)
    ### END SOLUTION


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    """Fill ``tensor`` in place with N(0, std^2), ``std = gain / sqrt(fan)``; return ``tensor``.

    ``gain`` and ``fan`` as in ``kaiming_uniform_``. Like ``torch.nn.init.kaiming_normal_``: no autograd
    history, ``ValueError`` for an unknown mode; a tensor with a zero-size dimension is returned unchanged.

    用 N(0, std^2) 原地填充 ``tensor``，``std = gain / sqrt(fan)``，返回 ``tensor``。
    ``gain`` 和 ``fan`` 同 ``kaiming_uniform_``。与 ``torch.nn.init.kaiming_normal_`` 相同。
    """
    ### BEGIN SOLUTION
    if 0 in tensor.shape:
        return tensor
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    fan = fan_in if mode == "fan_in" else fan_out
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    with torch.no_grad():
        return tensor.normal_(0.0, std)
    ### END SOLUTION
