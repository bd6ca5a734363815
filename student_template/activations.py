"""Activation functions and their derivatives (d2l 4.1, 多层感知机: 激活函数).

Implement the activation functions of d2l 4.1 with ordinary tensor operations (``torch.exp``,
``torch.expm1``, ``torch.where``, comparisons, ``clamp``, arithmetic, ...), and their derivatives
**by hand**, without autograd.

The activations must behave exactly like their PyTorch counterparts: same shape, dtype and device
as the input, the input left untouched, and gradients through autograd equal to torch's. The
derivatives return d/dx of the activation at every element of ``x`` (a tensor of x's shape, dtype
and device), equal to what autograd gives for torch's activation.

Stability: ``exp(1000)`` overflows to ``inf``, and ``inf / inf`` is ``nan``. Large inputs must
saturate: ``sigmoid(-1000) == 0``, ``sigmoid(1000) == 1``, ``tanh(+-1000) == +-1``, with no nan in
the values nor in the gradients autograd computes through your function. Only ever exponentiate a
non-positive number: for sigmoid, ``exp(-x)`` where ``x >= 0`` and ``exp(x)`` where ``x < 0``.
Beware of ``|x|`` and ``sign(x)``: at ``x = 0`` autograd gives them a derivative of 0, which makes
the gradient at 0 wrong; pick the branch with ``torch.where(x >= 0, ..., ...)`` instead.

ReLU is not differentiable at 0; like d2l ("当输入为0时, 我们默认使用左侧的导数") and autograd,
take its derivative there to be 0 (and leaky_relu's to be ``negative_slope``).

激活函数及其导数（《动手学深度学习》4.1 节，多层感知机：激活函数）。

用普通的张量运算（``torch.exp``、``torch.expm1``、``torch.where``、比较、``clamp``、算术运算等）实现 4.1 节的激活函数，
并**手动**计算它们的导数，不使用自动微分。激活函数的行为必须与对应的 PyTorch 函数完全一致：输出的形状、数据类型和
设备与输入相同，不修改输入，通过自动微分得到的梯度与 torch 的相同。导数函数返回激活函数在 ``x`` 每个元素处的导数
（与 x 形状、数据类型、设备相同的张量），等于自动微分对 torch 激活函数给出的结果。

数值稳定性：``exp(1000)`` 会上溢为 ``inf``，``inf / inf`` 是 ``nan``。大的输入必须饱和：``sigmoid(-1000) == 0``、
``sigmoid(1000) == 1``、``tanh(±1000) == ±1``，数值和梯度中都不能出现 nan。只对非正数求指数：对 sigmoid，
``x >= 0`` 处用 ``exp(-x)``，``x < 0`` 处用 ``exp(x)``。小心 ``|x|`` 和 ``sign(x)``：在 ``x = 0`` 处自动微分给它们的
导数是 0，会使 0 处的梯度出错；请用 ``torch.where(x >= 0, ..., ...)`` 选择分支。

ReLU 在 0 处不可导；与 d2l（“当输入为0时，我们默认使用左侧的导数”）和自动微分一样，取该处导数为 0
（leaky_relu 取 ``negative_slope``）。
"""
import torch


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), elementwise, like ``torch.sigmoid``.

    Saturates without nan: sigmoid(-1000) == 0 and sigmoid(1000) == 1 (also in float16), and the
    gradient autograd computes through it is finite everywhere (0 at +-1000, 0.25 at 0).

    逐元素计算 logistic 函数 1 / (1 + exp(-x))，与 ``torch.sigmoid`` 相同。饱和时不出现 nan：
    sigmoid(-1000) == 0、sigmoid(1000) == 1（float16 也是），通过它的梯度处处有限（±1000 处为 0，0 处为 0.25）。

    Forbidden here (earns at most 20% of the points): torch.sigmoid, Tensor.sigmoid, F.sigmoid,
    torch.special.expit, nn.Sigmoid, torch.tanh / F.tanh, F.logsigmoid, F.silu, F.softplus.
    此处禁止使用（否则最多得到 20% 的分数）：torch.sigmoid, Tensor.sigmoid, F.sigmoid, torch.special.expit,
    nn.Sigmoid, torch.tanh / F.tanh, F.logsigmoid, F.silu, F.softplus。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def tanh(x):
    """The hyperbolic tangent (exp(x) - exp(-x)) / (exp(x) + exp(-x)), elementwise, like ``torch.tanh``.

    Saturates without nan: tanh(1000) == 1 and tanh(-1000) == -1; the gradient through it is finite
    everywhere (1 at 0). tanh(x) == 2 * sigmoid(2x) - 1, so you may call your own ``sigmoid`` above.

    逐元素计算双曲正切 (exp(x) - exp(-x)) / (exp(x) + exp(-x))，与 ``torch.tanh`` 相同。饱和时不出现 nan：
    tanh(1000) == 1、tanh(-1000) == -1；梯度处处有限（0 处为 1）。tanh(x) == 2 * sigmoid(2x) - 1，可以调用你上面的 ``sigmoid``。

    Forbidden here (earns at most 20% of the points): torch.tanh, Tensor.tanh, F.tanh, nn.Tanh,
    torch.sigmoid / F.sigmoid (your own sigmoid is fine), F.logsigmoid, F.silu, F.softplus.
    此处禁止使用（否则最多得到 20% 的分数）：torch.tanh, Tensor.tanh, F.tanh, nn.Tanh, torch.sigmoid / F.sigmoid
    (your own sigmoid is fine), F.logsigmoid, F.silu, F.softplus。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def relu(x):
    """max(x, 0) elementwise, like ``torch.relu``; the gradient through it is 1 where x > 0 and 0 where x <= 0.

    ``torch.where``, comparisons and ``clamp`` are fine, but mind the gradient at exactly 0 (see the
    module docstring).

    逐元素计算 max(x, 0)，与 ``torch.relu`` 相同；梯度在 x > 0 处为 1，在 x <= 0 处为 0。
    可以用 ``torch.where``、比较和 ``clamp``，但要注意恰好在 0 处的梯度（见模块文档字符串）。

    Forbidden here (earns at most 20% of the points): torch.relu, Tensor.relu, F.relu, nn.ReLU,
    F.threshold, F.leaky_relu, F.hardtanh, F.relu6, F.elu, F.celu, F.prelu, F.rrelu.
    此处禁止使用（否则最多得到 20% 的分数）：torch.relu, Tensor.relu, F.relu, nn.ReLU, F.threshold, F.leaky_relu,
    F.hardtanh, F.relu6, F.elu, F.celu, F.prelu, F.rrelu。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def leaky_relu(x, negative_slope=0.01):
    """x where x > 0, ``negative_slope * x`` elsewhere, like ``F.leaky_relu(x, negative_slope)``.

    ``negative_slope`` is a Python number (any value, also 0, above 1 or negative). The gradient
    through it is 1 where x > 0 and ``negative_slope`` where x <= 0.

    x > 0 处取 x，其余取 ``negative_slope * x``，与 ``F.leaky_relu(x, negative_slope)`` 相同。
    ``negative_slope`` 是 Python 数（任意值，也可以是 0、大于 1 或负数）。梯度在 x > 0 处为 1，在 x <= 0 处为 ``negative_slope``。

    Forbidden here (earns at most 20% of the points): F.leaky_relu, nn.LeakyReLU, F.prelu, F.rrelu,
    torch.relu / F.relu / F.threshold / F.hardtanh / F.elu (your own relu is fine).
    此处禁止使用（否则最多得到 20% 的分数）：F.leaky_relu, nn.LeakyReLU, F.prelu, F.rrelu, torch.relu / F.relu /
    F.threshold / F.hardtanh / F.elu (your own relu is fine)。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def sigmoid_grad(x):
    """d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x)), elementwise, computed by hand (no autograd).

    Equals the gradient autograd gives through ``torch.sigmoid``: 0.25 at 0, 0 (not nan) at +-1000.
    Call your own ``sigmoid`` above.

    逐元素手动计算 sigmoid 的导数 sigmoid(x) * (1 - sigmoid(x))（不用自动微分）。
    等于自动微分通过 ``torch.sigmoid`` 得到的梯度：0 处为 0.25，±1000 处为 0（不是 nan）。调用你上面的 ``sigmoid``。

    Forbidden here (earns at most 20% of the points): torch.autograd.grad, Tensor.backward,
    torch.autograd.functional, torch.func (grad, vjp, jacrev, ...), torch.sigmoid / Tensor.sigmoid
    / F.sigmoid (call your own sigmoid), torch.tanh, F.logsigmoid, F.silu, F.softplus.
    此处禁止使用（否则最多得到 20% 的分数）：torch.autograd.grad, Tensor.backward, torch.autograd.functional,
    torch.func (grad, vjp, jacrev, ...), torch.sigmoid / Tensor.sigmoid / F.sigmoid (call your own
    sigmoid), torch.tanh, F.logsigmoid, F.silu, F.softplus。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def tanh_grad(x):
    """d/dx tanh(x) = 1 - tanh(x) ** 2, elementwise, computed by hand (no autograd).

    Equals the gradient autograd gives through ``torch.tanh``: 1 at 0, 0 (not nan) at +-1000.
    Call your own ``tanh`` above.

    逐元素手动计算 tanh 的导数 1 - tanh(x) ** 2（不用自动微分）。
    等于自动微分通过 ``torch.tanh`` 得到的梯度：0 处为 1，±1000 处为 0（不是 nan）。调用你上面的 ``tanh``。

    Forbidden here (earns at most 20% of the points): torch.autograd.grad, Tensor.backward,
    torch.autograd.functional, torch.func (grad, vjp, jacrev, ...), torch.tanh / Tensor.tanh /
    F.tanh (call your own tanh), torch.sigmoid, F.logsigmoid, F.silu, F.softplus.
    此处禁止使用（否则最多得到 20% 的分数）：torch.autograd.grad, Tensor.backward, torch.autograd.functional,
    torch.func (grad, vjp, jacrev, ...), torch.tanh / Tensor.tanh / F.tanh (call your own tanh),
    torch.sigmoid, F.logsigmoid, F.silu, F.softplus。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def relu_grad(x):
    """d/dx relu(x), elementwise, computed by hand (no autograd): 1 where x > 0, 0 where x <= 0.

    ``relu_grad(0) == 0``, as autograd gives through ``torch.relu``. The result has x's dtype (a
    float tensor of ones and zeros, not a bool tensor).

    逐元素手动计算 relu 的导数（不用自动微分）：x > 0 处为 1，x <= 0 处为 0。
    ``relu_grad(0) == 0``，与通过 ``torch.relu`` 的自动微分相同。结果的数据类型与 x 相同（由 1 和 0 组成的浮点张量，不是布尔张量）。

    Forbidden here (earns at most 20% of the points): torch.autograd.grad, Tensor.backward,
    torch.autograd.functional, torch.func (grad, vjp, jacrev, ...), torch.relu / F.relu / nn.ReLU,
    F.threshold, F.leaky_relu, F.hardtanh, F.elu.
    此处禁止使用（否则最多得到 20% 的分数）：torch.autograd.grad, Tensor.backward, torch.autograd.functional,
    torch.func (grad, vjp, jacrev, ...), torch.relu / F.relu / nn.ReLU, F.threshold, F.leaky_relu,
    F.hardtanh, F.elu。
    """
    # YOUR CODE HERE
    raise NotImplementedError()
