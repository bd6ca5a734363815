"""Regression losses: L1, MSE, Smooth L1 and Huber (回归损失; d2l 3.1/3.2 线性回归 uses the squared loss).

A regression model predicts a real number ``input`` for each example; the loss measures how far it is
from the ``target``. With the elementwise difference d = input - target:

    L1 (absolute error)        l = |d|
    MSE (squared error)        l = d ** 2                      (no 1/2 here: d2l's squared_loss has one, torch's does not)
    Smooth L1 (beta >= 0)      l = 0.5 * d ** 2 / beta         if |d| < beta
                                   |d| - 0.5 * beta            otherwise
    Huber (delta > 0)          l = 0.5 * d ** 2                if |d| < delta
                                   delta * (|d| - 0.5 * delta) otherwise

Smooth L1 and Huber are quadratic near 0 (smooth, small gradients for small errors) and linear far from
it (an outlier's gradient is bounded, unlike MSE's). They are the same curve up to a factor:
``huber_loss(x, y, delta=d) == d * smooth_l1_loss(x, y, beta=d)``.

Implement the four functions below with ordinary tensor operations. Each must behave exactly like its
PyTorch counterpart (``F.l1_loss``, ``F.mse_loss``, ``F.smooth_l1_loss``, ``F.huber_loss``): same result
shape, dtype and device, the same broadcasting, the three reductions, the same errors, and gradients
through autograd.

Conventions (all four functions):

* ``input`` and ``target`` are floating-point tensors of the same dtype (float16, bfloat16, float32 or
  float64). The result has that dtype and the input's device. Inputs are never modified in place.
* Shapes broadcast like ``input - target``: torch broadcasts a target of shape (N, 1) against an input
  of shape (N,) into an (N, N) loss (it warns, but it does so), and raises ``RuntimeError`` when the
  shapes cannot broadcast, e.g. (2, 3) against (3, 2). Do the same: do NOT reshape or flatten the
  target to the input's shape (d2l's ``y.reshape(y_hat.shape)`` is exactly what torch does not do).
* ``reduction``: ``"none"`` returns the elementwise loss (the broadcast shape); ``"sum"`` its sum;
  ``"mean"`` (the default) its mean over all elements of the broadcast shape. Any other string raises
  ``ValueError`` (as torch does: "<reduction> is not a valid value for reduction").
* ``smooth_l1_loss`` with ``beta == 0`` is exactly the L1 loss (torch switches to ``l1_loss``): the
  quadratic branch would divide by zero. A negative ``beta`` raises an error (torch raises
  ``RuntimeError``; ``ValueError`` is accepted too). ``huber_loss`` needs ``delta > 0``; ``delta <= 0``
  raises likewise.

Gradients are graded against torch's in float64, for ``input`` and ``target``, also at the kinks:

* at d == 0 torch's L1 gradient is 0 (autograd of ``abs`` uses ``sign``, and sign(0) = 0): ``abs`` gives
  it; ``torch.where(d > 0, d, -d)`` gives -1 there and ``sqrt(d ** 2)`` gives nan;
* at |d| == beta (Smooth L1) or |d| == delta (Huber) both branches have the same slope;
* with ``beta == 0`` a ``torch.where`` whose unused branch divides by ``beta`` still back-propagates
  0 * inf = nan through that branch: do not build the quadratic branch when ``beta == 0``.

The course's worked example: predictions [2.5, 0.0, 2.0, 8.0] for targets [3.0, -0.5, 2.0, 7.0] give
l1_loss = 0.5, mse_loss = 0.375, smooth_l1_loss = 0.1875 and huber_loss = 0.1875 (reduction "mean").

回归损失：L1、MSE、Smooth L1 和 Huber（《动手学深度学习》3.1/3.2 节线性回归使用平方损失）。

回归模型对每个样本预测一个实数 ``input``，损失衡量它与 ``target`` 的距离。记逐元素差 d = input - target：
L1 为 |d|；MSE 为 d ** 2（这里没有 1/2：d2l 的 squared_loss 有，torch 的没有）；Smooth L1（beta >= 0）在 |d| < beta 时为
0.5 * d ** 2 / beta，否则为 |d| - 0.5 * beta；Huber（delta > 0）在 |d| < delta 时为 0.5 * d ** 2，否则为
delta * (|d| - 0.5 * delta)。两者只差一个因子：``huber_loss(x, y, delta=d) == d * smooth_l1_loss(x, y, beta=d)``。

用普通的张量运算实现下面四个函数，行为与 ``F.l1_loss``、``F.mse_loss``、``F.smooth_l1_loss``、``F.huber_loss`` 完全一致：
结果的形状、数据类型和设备，相同的广播，三种 reduction，相同的错误，以及自动微分的梯度。

约定：``input`` 与 ``target`` 是同一浮点数据类型的张量，结果保持该数据类型和输入的设备，不原地修改输入。形状按
``input - target`` 广播（(N, 1) 的目标与 (N,) 的输入会广播成 (N, N)；无法广播时抛出 ``RuntimeError``）：不要把目标
reshape 成输入的形状。``reduction``：``"none"`` 返回逐元素损失，``"sum"`` 求和，``"mean"``（默认）对广播后的所有元素
取平均，其他字符串抛出 ``ValueError``。``beta == 0`` 的 ``smooth_l1_loss`` 恰好是 L1 损失；``beta`` 为负或 ``delta <= 0``
时抛出错误。

梯度在 float64 下与 torch 比较，也包括拐点处：d == 0 时 L1 的梯度为 0（用 ``abs``）；``beta == 0`` 时不要构造会除以
``beta`` 的二次分支（即使不用，其中的 0 * inf 也会反向传播出 nan）。

课程例题：预测 [2.5, 0.0, 2.0, 8.0]、目标 [3.0, -0.5, 2.0, 7.0] 时 l1_loss = 0.5，mse_loss = 0.375，
smooth_l1_loss = 0.1875，huber_loss = 0.1875（reduction 为 "mean"）。
"""
import torch


def l1_loss(input, target, reduction="mean"):
    """Mean absolute error |input - target|, like ``F.l1_loss``.

    ``input`` and ``target`` broadcast (``RuntimeError`` when they cannot); ``reduction`` in
    {"none", "mean", "sum"} ("mean" averages over every element of the broadcast shape), anything else
    raises ``ValueError``. The gradient at input == target is 0, as torch's. The result keeps the
    input's dtype and device.

    平均绝对误差 |input - target|，与 ``F.l1_loss`` 相同。``input`` 与 ``target`` 广播（不能广播时 ``RuntimeError``）；
    ``reduction`` ∈ {"none", "mean", "sum"}，其他值抛出 ``ValueError``。input == target 处梯度为 0，与 torch 相同。结果保持输入的数据类型和设备。
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    loss = (input - target).abs()
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def mse_loss(input, target, reduction="mean"):
    """Mean squared error (input - target) ** 2, like ``F.mse_loss`` (no factor 1/2).

    Broadcasting, ``reduction`` and errors as in ``l1_loss``. The result keeps the input's dtype and device.

    均方误差 (input - target) ** 2，与 ``F.mse_loss`` 相同（没有 1/2 因子）。广播、``reduction`` 和错误同 ``l1_loss``。
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    diff = input - target
    loss = diff * diff
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    """Smooth L1 loss, like ``F.smooth_l1_loss`` (pass ``beta`` and ``reduction`` by keyword to torch's).

    Elementwise, with d = input - target: ``0.5 * d ** 2 / beta`` where ``|d| < beta``, else
    ``|d| - 0.5 * beta``. ``beta == 0`` is exactly the L1 loss (values and gradients); ``beta < 0``
    raises an error (``RuntimeError`` like torch, or ``ValueError``). Broadcasting, ``reduction`` and
    errors otherwise as in ``l1_loss``. The result keeps the input's dtype and device.

    Smooth L1 损失，与 ``F.smooth_l1_loss`` 相同。逐元素（d = input - target）：``|d| < beta`` 处为 ``0.5 * d ** 2 / beta``，
    否则为 ``|d| - 0.5 * beta``。``beta == 0`` 恰好是 L1 损失（数值和梯度）；``beta < 0`` 抛出错误。其余同 ``l1_loss``。
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    diff = input - target
    abs_diff = diff.abs()
    if beta == 0:
        loss = abs_diff  # the quadratic branch would be 0/0 and poison the gradient through torch.where
    else:
        loss = torch.where(abs_diff < beta, 0.5 * diff * diff / beta, abs_diff - 0.5 * beta)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def huber_loss(input, target, reduction="mean", delta=1.0):
    """Huber loss, like ``F.huber_loss``.

    Elementwise, with d = input - target: ``0.5 * d ** 2`` where ``|d| < delta``, else
    ``delta * (|d| - 0.5 * delta)``; equivalently ``delta * smooth_l1_loss(input, target, beta=delta)``.
    ``delta <= 0`` raises an error (``RuntimeError`` like torch, or ``ValueError``). Broadcasting,
    ``reduction`` and errors otherwise as in ``l1_loss``. The result keeps the input's dtype and device.

    Huber 损失，与 ``F.huber_loss`` 相同。逐元素（d = input - target）：``|d| < delta`` 处为 ``0.5 * d ** 2``，
    否则为 ``delta * (|d| - 0.5 * delta)``；等价于 ``delta * smooth_l1_loss(input, target, beta=delta)``。``delta <= 0`` 抛出错误。其余同 ``l1_loss``。
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    diff = input - target
    abs_diff = diff.abs()
    loss = torch.where(abs_diff < delta, 0.5 * diff * diff, delta * (abs_diff - 0.5 * delta))
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
