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
"""
import torch


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), elementwise, like ``torch.sigmoid``.

    Saturates without nan: sigmoid(-1000) == 0 and sigmoid(1000) == 1 (also in float16), and the
    gradient autograd computes through it is finite everywhere (0 at +-1000, 0.25 at 0).
    """
    ### BEGIN SOLUTION
    nonpositive = torch.where(x >= 0, -x, x)  # -|x|, with the derivative of the x >= 0 branch at 0
    e = torch.exp(nonpositive)  # in (0, 1]: never overflows
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION


def tanh(x):
    """The hyperbolic tangent (exp(x) - exp(-x)) / (exp(x) + exp(-x)), elementwise, like ``torch.tanh``.

    Saturates without nan: tanh(1000) == 1 and tanh(-1000) == -1; the gradient through it is finite
    everywhere (1 at 0). tanh(x) == 2 * sigmoid(2x) - 1, so you may call your own ``sigmoid`` above.
    """
    ### BEGIN SOLUTION
    m = torch.expm1(-2 * torch.where(x >= 0, x, -x))  # exp(-2|x|) - 1, in [-1, 0]
    t = -m / (2 + m)  # tanh(|x|) = (1 - exp(-2|x|)) / (1 + exp(-2|x|))
    return torch.where(x >= 0, t, -t)
    ### END SOLUTION


def relu(x):
    """max(x, 0) elementwise, like ``torch.relu``; the gradient through it is 1 where x > 0 and 0 where x <= 0.

    ``torch.where``, comparisons and ``clamp`` are fine, but mind the gradient at exactly 0 (see the
    module docstring).
    """
    ### BEGIN SOLUTION
    return torch.where(x > 0, x, torch.zeros_like(x))
    ### END SOLUTION


def leaky_relu(x, negative_slope=0.01):
    """x where x > 0, ``negative_slope * x`` elsewhere, like ``F.leaky_relu(x, negative_slope)``.

    ``negative_slope`` is a Python number (any value, also 0, above 1 or negative). The gradient
    through it is 1 where x > 0 and ``negative_slope`` where x <= 0.
    """
    ### BEGIN SOLUTION
    return torch.where(x > 0, x, x * negative_slope)
    ### END SOLUTION


def sigmoid_grad(x):
    """d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x)), elementwise, computed by hand (no autograd).

    Equals the gradient autograd gives through ``torch.sigmoid``: 0.25 at 0, 0 (not nan) at +-1000.
    Call your own ``sigmoid`` above.
    """
    ### BEGIN SOLUTION
    e = torch.exp(torch.where(x >= 0, -x, x))
    s = torch.where(x >= 0, 1 / (1 + e), e / (1 + e))
    return s * (1 - s)
    ### END SOLUTION


def tanh_grad(x):
    """d/dx tanh(x) = 1 - tanh(x) ** 2, elementwise, computed by hand (no autograd).

    Equals the gradient autograd gives through ``torch.tanh``: 1 at 0, 0 (not nan) at +-1000.
    Call your own ``tanh`` above.
    """
    ### BEGIN SOLUTION
    m = torch.expm1(-2 * torch.where(x >= 0, x, -x))
    t = -m / (2 + m)
    return 1 - t * t
    ### END SOLUTION


def relu_grad(x):
    """d/dx relu(x), elementwise, computed by hand (no autograd): 1 where x > 0, 0 where x <= 0.

    ``relu_grad(0) == 0``, as autograd gives through ``torch.relu``. The result has x's dtype (a
    float tensor of ones and zeros, not a bool tensor).
    """
    ### BEGIN SOLUTION
    return (x > 0).to(x.dtype)
    ### END SOLUTION
