"""Binary cross-entropy, from probabilities and from logits (二元交叉熵损失; d2l uses it for a GAN's discriminator).

A binary classifier (spam or not, one of C independent labels of a multi-label problem) predicts for
each element a probability p = P(y = 1). With a target y in [0, 1] (0/1 labels, or soft labels) the
binary cross-entropy of one element is

    l = -[ y * log(p) + (1 - y) * log(1 - p) ]

Implement the two functions below with ordinary tensor operations. Each must behave exactly like its
PyTorch counterpart: same result shape, dtype and device, the same ``weight``/``pos_weight``
broadcasting, the three reductions, the same errors, and gradients through autograd.

Conventions (both functions):

* ``target`` must have exactly the shape of the input; otherwise raise ``ValueError`` (torch does,
  rather than broadcasting a (N, 1) target against a (N,) input into a (N, N) loss).
* ``weight`` (optional) multiplies each element's loss; it broadcasts to the input's shape, e.g. a
  per-class weight of shape (C,) for an input of shape (N, C), or a per-sample weight of shape (N, 1).
* ``reduction``: ``"none"`` returns the elementwise loss (the input's shape); ``"sum"`` its sum;
  ``"mean"`` (the default) its sum divided by the number of elements of the input -- NOT by the sum
  of the weights. Any other string raises ``ValueError``.

binary_cross_entropy(probs, ...): probabilities in [0, 1]. log(0) = -inf, so torch clamps each log at
-100: a probability of exactly 0 or 1 gives a finite loss (0 when it is right, 100 when it is wrong).
Clamp the logs, not the probabilities (clamping p to [1e-7, 1 - 1e-7] gives 16.1, not 100).

binary_cross_entropy_with_logits(logits, ...): the input is a logit x, p = sigmoid(x). Computing
log(sigmoid(x)) directly fails for large |x| (sigmoid(-1000) is 0 in floating point, its log -inf).
Use -log(sigmoid(x)) = log(1 + exp(-x)) = m + log(exp(-m) + exp(-x - m)) with m = max(-x, 0), the
logsumexp trick: neither exp can overflow. As in the softmax exercise, detach m: the identity holds
for every m, so autograd then gives the exact gradient everywhere. (The familiar
max(x, 0) - x * y + log1p(exp(-|x|)) has the right values, but max and |x| have kinks at x = 0, where
autograd picks one side and the gradient comes out wrong; logits of exactly 0 are common, e.g. from a
zero-initialised output layer.) Logits of +-1000 must give finite, exact losses and gradients.
``pos_weight`` (optional, typically shape (C,) for an input (N, C), broadcast over the last dim)
multiplies the positive term only:

    l = -w * [ pos_weight * y * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x)) ]

Gradients are graded against torch's in float64: for binary_cross_entropy on probabilities strictly
inside (0, 1) (at exactly 0 or 1 torch's hand-written backward returns +-1e12, an artefact no formula
needs to copy), for binary_cross_entropy_with_logits everywhere, also at +-1000 and at 0.

The course's worked example: logits [-0.7001, -0.7231, -0.2049] with targets [0, 0, 1] give
binary_cross_entropy_with_logits(...) = 0.5332 (reduction "mean"; "sum" gives 1.5996).

二元交叉熵损失，分别基于概率和基于 logits（d2l 在 GAN 的判别器中使用它）。

二分类器对每个元素预测概率 p = P(y = 1)。目标 y ∈ [0, 1]（0/1 标签或软标签）时，一个元素的二元交叉熵为
l = -[ y * log(p) + (1 - y) * log(1 - p) ]。用普通的张量运算实现下面两个函数，行为与 PyTorch 完全一致：
结果的形状、数据类型和设备，``weight``/``pos_weight`` 的广播，三种 reduction，相同的错误，以及自动微分的梯度。

约定：``target`` 的形状必须与输入完全相同，否则抛出 ``ValueError``（不要广播）；``weight``（可选）乘以每个元素的损失，
可广播到输入的形状；``reduction`` 为 ``"none"`` 返回逐元素损失，``"sum"`` 求和，``"mean"``（默认）除以输入的元素个数
（不是权重之和），其他字符串抛出 ``ValueError``。

binary_cross_entropy：log(0) = -inf，所以 torch 把每个 log 截断在 -100：概率恰为 0 或 1 时损失有限（正确时为 0，
错误时为 100）。要截断 log，而不是概率。

binary_cross_entropy_with_logits：输入是 logit x，p = sigmoid(x)。直接计算 log(sigmoid(x)) 在 |x| 很大时会失败（下溢）。
用 -log(sigmoid(x)) = m + log(exp(-m) + exp(-x - m))，其中 m = max(-x, 0) 并 detach（与 logsumexp 相同的技巧），
这样任何 exp 都不会上溢，自动微分处处给出精确梯度（包括 x = 0 处）。logits 为 ±1000 时损失和梯度必须有限且精确。
``pos_weight`` 只乘以正类项：l = -w * [ pos_weight * y * log(sigmoid(x)) + (1 - y) * log(1 - sigmoid(x)) ]。

梯度在 float64 下与 torch 比较。课程例题：logits [-0.7001, -0.7231, -0.2049]、目标 [0, 0, 1] 时
binary_cross_entropy_with_logits(...) = 0.5332（"mean"；"sum" 为 1.5996）。
"""
import torch


def binary_cross_entropy(probs, target, weight=None, reduction="mean"):
    """Binary cross-entropy between probabilities ``probs`` and ``target``, like ``F.binary_cross_entropy``.

    ``probs`` and ``target`` have the same shape (else ``ValueError``), values in [0, 1].
    Elementwise loss ``-w * (y * max(log(p), -100) + (1 - y) * max(log(1 - p), -100))``; ``weight``
    broadcasts to the input's shape; ``reduction`` in {"none", "mean", "sum"} ("mean" divides by the
    number of elements). The result has the input's dtype and device.

    概率 ``probs`` 与 ``target`` 之间的二元交叉熵，与 ``F.binary_cross_entropy`` 相同。
    两者形状相同（否则 ``ValueError``），取值在 [0, 1]。逐元素损失为
    ``-w * (y * max(log(p), -100) + (1 - y) * max(log(1 - p), -100))``；``weight`` 广播到输入的形状；
    ``reduction`` ∈ {"none", "mean", "sum"}（"mean" 除以元素个数）。结果的数据类型和设备与输入相同。
    """
    ### BEGIN SOLUTION
    if target.shape != probs.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size ({probs.shape})")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    log_p = torch.log(probs).clamp(min=-100)
    log_one_minus_p = torch.log1p(-probs).clamp(min=-100)
    loss = -(target * log_p + (1 - target) * log_one_minus_p)
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
    ### END SOLUTION


def binary_cross_entropy_with_logits(logits, target, weight=None, pos_weight=None, reduction="mean"):
    """Binary cross-entropy on logits (p = sigmoid(logits)), like ``F.binary_cross_entropy_with_logits``.

    ``logits`` and ``target`` have the same shape (else ``ValueError``). Numerically stable: logits of
    +-1000 give finite, exact losses. ``weight`` broadcasts to the input's shape and multiplies the
    whole elementwise loss; ``pos_weight`` broadcasts over the last dim (shape (C,) for an input (N, C))
    and multiplies only the positive term ``y * log(sigmoid(x))``. ``reduction`` as in
    ``binary_cross_entropy``. The result has the input's dtype and device.

    基于 logits（p = sigmoid(logits)）的二元交叉熵，与 ``F.binary_cross_entropy_with_logits`` 相同。
    ``logits`` 与 ``target`` 形状相同（否则 ``ValueError``）。数值稳定：logits 为 ±1000 时损失有限且精确。
    ``weight`` 广播到输入的形状并乘以整个逐元素损失；``pos_weight`` 沿最后一维广播，只乘以正类项
    ``y * log(sigmoid(x))``。``reduction`` 同 ``binary_cross_entropy``。结果的数据类型和设备与输入相同。
    """
    ### BEGIN SOLUTION
    if target.shape != logits.shape:
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({logits.shape})")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    # -log(sigmoid(x)) = log(1 + exp(-x)) = m + log(exp(-m) + exp(-x - m)) for any constant m; with
    # m = max(-x, 0) neither exp overflows. m is held constant (detached): the identity holds for every
    # m, so autograd gives exactly d/dx = -sigmoid(-x), at x = 0 too (no kink from max or abs).
    m = (-logits).clamp(min=0).detach()
    neg_log_sigmoid = m + torch.log(torch.exp(-m) + torch.exp(-logits - m))
    # log(1 - sigmoid(x)) = log(sigmoid(x)) - x, so the loss is (1 - y) * x - (pos_weight * y + 1 - y) * log(sigmoid(x)).
    positive = target if pos_weight is None else pos_weight * target
    loss = (1 - target) * logits + (positive + 1 - target) * neg_log_sigmoid
    if weight is not None:
        loss = loss * weight
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
    ### END SOLUTION
