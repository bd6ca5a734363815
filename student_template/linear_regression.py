"""The mechanics of learning: fitting a thermometer by hand (《PyTorch深度学习实战》第5章 学习的机制, 线性回归).

We have readings ``t_u`` of a thermometer with unknown units and the true temperatures ``t_c`` in
degrees Celsius (the data below). We guess a linear relation ``t_c ≈ w * t_u + b`` and learn ``w``
and ``b`` by gradient descent on the mean squared error, computing the gradient by hand (the
chain rule, no autograd):

    t_p = model(t_u, w, b)          = w * t_u + b
    L   = loss_fn(t_p, t_c)         = mean((t_p - t_c) ** 2)
    dL/dt_p = 2 * (t_p - t_c) / N   (N = number of elements, L is a mean)
    dL/dw   = sum(dL/dt_p * t_u)    dL/db = sum(dL/dt_p * 1)

Conventions used throughout:

* ``t_u``, ``t_c`` and ``t_p`` are float tensors of one shape (the book's are 1-D, shape (11,), but
  any shape must work: the mean is over ALL elements, so N is ``t_p.numel()``, not ``t_p.size(0)``);
* ``w`` and ``b`` are scalars: 0-dim tensors (what ``w, b = params`` gives), or Python floats;
* ``params`` is the 1-D tensor ``tensor([w, b])`` of shape (2,);
* results keep the dtype (float32 or float64) and the device (CPU or GPU) of the inputs.

Everything uses ordinary whole-tensor operations: no Python loop over the data points.

What the book observes (and the tests check): with ``learning_rate=1e-2`` on the raw readings the
updates overshoot and the parameters blow up (about 3e17 after 10 epochs, inf/nan after 100);
on the normalised readings ``0.1 * t_u`` the same learning rate converges, and 5000 epochs from
``tensor([1.0, 0.0])`` give ``w = 5.3671, b = -17.3012`` with a loss of 2.9276.

学习的机制：手动拟合温度计（《PyTorch深度学习实战》第5章 学习的机制，线性回归）。

我们有单位未知的温度计读数 ``t_u`` 和以摄氏度表示的真实温度 ``t_c``（数据见下）。假设线性关系 ``t_c ≈ w * t_u + b``，
在均方误差上用梯度下降学习 ``w`` 和 ``b``，并手动计算梯度（链式法则，不用自动微分）：
t_p = model(t_u, w, b) = w * t_u + b；L = loss_fn(t_p, t_c) = mean((t_p - t_c) ** 2)；
dL/dt_p = 2 * (t_p - t_c) / N（N 为元素个数，L 是平均值）；dL/dw = sum(dL/dt_p * t_u)，dL/db = sum(dL/dt_p)。
结果的数据类型和设备遵循输入，不修改输入，不对数据点写 Python 循环。
"""
import torch

# The book's data: temperatures in Celsius and the unknown thermometer's readings.
T_C = [0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0]
T_U = [35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4]


def model(t_u, w, b):
    """The linear model ``w * t_u + b``, elementwise.

    ``t_u`` is a tensor of any shape; ``w`` and ``b`` are scalars (0-dim tensors or Python floats)
    or tensors that broadcast with ``t_u``. Returns a new tensor of the broadcast shape, with the
    dtype and device that ``w * t_u + b`` gives. It must stay differentiable: in the book's next
    section autograd computes gradients through it with respect to ``w`` and ``b``.

    线性模型 ``w * t_u + b``，逐元素计算。``t_u`` 可以是任意形状的张量；``w`` 和 ``b`` 是标量（0 维张量或 Python 浮点数）
    或可与 ``t_u`` 广播的张量。返回广播形状的新张量。它必须保持可微：书中下一节会用自动微分对 ``w`` 和 ``b`` 求梯度。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def loss_fn(t_p, t_c):
    """The mean squared error ``((t_p - t_c) ** 2).mean()`` over all elements.

    ``t_p`` (predictions) and ``t_c`` (targets) are tensors of the same shape. Returns a 0-dim tensor
    of their dtype and device, differentiable with respect to both. Note: no factor 1/2 here (d2l's
    ``squared_loss`` has one, this book's loss does not), and the mean, not the sum.

    所有元素上的均方误差 ``((t_p - t_c) ** 2).mean()``。``t_p``（预测）和 ``t_c``（目标）形状相同。
    返回其数据类型和设备的 0 维张量，对两者都可微。注意：这里没有 1/2 因子（d2l 的 ``squared_loss`` 有），并且是平均而不是求和。

    Forbidden here (earns at most 20% of the points): F.mse_loss, nn.MSELoss, torch.mse_loss.
    此处禁止使用（否则最多得到 20% 的分数）：F.mse_loss, nn.MSELoss, torch.mse_loss。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def grad_fn(t_u, t_c, t_p, w, b):
    """The gradient of ``loss_fn(model(t_u, w, b), t_c)`` with respect to ``w`` and ``b``, by hand.

    ``t_p`` is ``model(t_u, w, b)``, already computed; ``t_u``, ``t_c``, ``t_p`` have one shape,
    ``w`` and ``b`` are 0-dim tensors. Returns ``torch.stack([dL/dw, dL/db])``: a tensor of shape
    (2,) with the dtype and device of ``t_p``. Use the chain rule:
    dL/dt_p = 2 * (t_p - t_c) / N with N = t_p.numel() (the book writes t_p.size(0), which is the
    same only for 1-D data), then dL/dw = sum(dL/dt_p * t_u) and dL/db = sum(dL/dt_p).

    No autograd here (no ``backward``, ``torch.autograd.grad``, ``torch.func``): the point of the
    exercise is to derive the gradient yourself. No Python loop over the data points.

    手动计算 ``loss_fn(model(t_u, w, b), t_c)`` 关于 ``w`` 和 ``b`` 的梯度。
    ``t_p`` 是已算好的 ``model(t_u, w, b)``。返回 ``torch.stack([dL/dw, dL/db])``：形状为 (2,)、数据类型和设备与 ``t_p`` 相同的张量。
    用链式法则：dL/dt_p = 2 * (t_p - t_c) / N（N = t_p.numel()），然后 dL/dw = sum(dL/dt_p * t_u)，dL/db = sum(dL/dt_p)。
    这里不能用自动微分（``backward``、``torch.autograd.grad``、``torch.func``），也不要对数据点写 Python 循环。

    Forbidden here (earns at most 20% of the points): Tensor.backward, torch.autograd.grad,
    torch.autograd.backward, torch.autograd.functional, torch.func.grad,
    torch.ops.aten.mse_loss_backward.
    此处禁止使用（否则最多得到 20% 的分数）：Tensor.backward, torch.autograd.grad, torch.autograd.backward,
    torch.autograd.functional, torch.func.grad, torch.ops.aten.mse_loss_backward。
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    """Plain (full-batch) gradient descent for ``n_epochs`` epochs from ``params = tensor([w, b])``.

    Each epoch: ``w, b = params``; ``t_p = model(t_u, w, b)``; ``grad = grad_fn(t_u, t_c, t_p, w, b)``;
    ``params = params - learning_rate * grad``. Returns the final params, a NEW tensor of shape (2,)
    with the dtype and device of ``params`` (``params``, ``t_u`` and ``t_c`` share one dtype); the
    caller's ``params`` is left unchanged (no in-place ``-=``). ``n_epochs=0`` returns the starting
    values. This is exactly what ``torch.optim.SGD([params], lr=learning_rate)`` does with
    autograd's gradients, and it must agree with it to rounding: also when the learning rate is too
    large and the parameters overflow to inf/nan (do not stop or clamp; torch does not).

    You may print the loss as the book does (``print('Epoch %d, Loss %f' % (epoch, float(loss)))``);
    printing is allowed but not graded. Better print only some epochs: 5000 lines are slow.
    No autograd and no ``torch.optim`` here; call your own ``model`` and ``grad_fn``.

    从 ``params = tensor([w, b])`` 出发做 ``n_epochs`` 轮普通（全批量）梯度下降。
    每轮：``w, b = params``；``t_p = model(t_u, w, b)``；``grad = grad_fn(t_u, t_c, t_p, w, b)``；
    ``params = params - learning_rate * grad``。返回最终参数：形状为 (2,)、数据类型和设备与 ``params`` 相同的新张量；
    不修改调用者的 ``params``（不要原地 ``-=``）。这正是 ``torch.optim.SGD([params], lr=learning_rate)`` 的做法，
    结果必须与之一致（直到舍入误差），包括学习率过大、参数上溢为 inf/nan 的情况（不要截断或提前停止）。

    Forbidden here (earns at most 20% of the points): torch.optim, torch.optim.SGD,
    Tensor.backward, torch.autograd.grad, torch.autograd.backward, torch.func.grad,
    torch._foreach_*.
    此处禁止使用（否则最多得到 20% 的分数）：torch.optim, torch.optim.SGD, Tensor.backward, torch.autograd.grad,
    torch.autograd.backward, torch.func.grad, torch._foreach_*。
    """
    # YOUR CODE HERE
    raise NotImplementedError()
