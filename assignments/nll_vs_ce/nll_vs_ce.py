"""Negative log-likelihood vs. cross-entropy (d2l 3.7/4.1, 交叉熵损失 与 负对数似然 NLLLoss).

PyTorch has two losses for classification that are easy to confuse:

* ``F.nll_loss(log_probs, target)`` (``nn.NLLLoss``) expects *log-probabilities* (the output of a
  log-softmax) and *class indices*: ``loss_i = -w[y_i] * log_probs[i, y_i]``. It does not apply a
  softmax and it rejects one-hot targets.
* ``F.cross_entropy(logits, target)`` (``nn.CrossEntropyLoss``) expects raw *logits*; it is
  ``nll_loss(log_softmax(logits), target)``, computed stably. Besides class indices it also accepts a
  target of class *probabilities* with the same shape as the logits (one-hot or soft labels):
  ``loss_i = -sum_c w_c * p[i, c] * log_softmax(logits)[i, c]``.

Implement both with ordinary tensor operations (``amax``, ``exp``, ``sum``, ``log``, ``gather``,
``where``, indexing, ...) for an input of shape ``(N, C)``. Each must behave exactly like its PyTorch
counterpart: the same values for all three reductions, class weights, ``ignore_index`` and label
smoothing; the same dtype and device; gradients through autograd; the same errors for wrong targets.

Conventions to get right:

* ``reduction="mean"`` with class indices is a *weighted* mean: the sum of the per-sample losses
  divided by the sum of the weights ``w[y_i]`` of the targets that are not ignored (``N`` when there
  are no weights and nothing is ignored). If every target is ignored, that is 0/0 = nan, as in torch.
  With probability targets the mean divides by ``N``, whatever the weights.
* A target equal to ``ignore_index`` contributes 0 to the loss (0 in its slot with
  ``reduction="none"``) and nothing to the mean's denominator. It may lie outside ``0..C-1`` (the
  default -100 does), so do not index with it.
* Label smoothing ``eps`` (cross_entropy only) mixes the target with the uniform distribution over the
  ``C`` classes. With probability targets: ``p' = (1 - eps) * p + eps / C``. With class indices:
  ``loss_i = (1 - eps) * nll_i + eps / C * sum_c (-w_c * log_softmax(logits)[i, c])``, ignored rows
  are 0, and the mean divides both terms by the same sum of target weights as above.
* Stability: logits of +-1000 must not give nan or inf. ``log(softmax(x))`` or ``log(softmax(x) + 1e-15)``
  is not good enough: compute log-softmax as ``x - logsumexp(x)`` with the maximum subtracted first.
* Errors, as torch: ``nll_loss`` raises for a target that is not 1-D (a one-hot ``(N, C)`` target, say)
  or not an integer tensor, and for a target whose length is not ``N``; both raise for a ``reduction``
  other than "none", "mean", "sum" (``ValueError``) and for a class index outside ``0..C-1`` that is
  not ``ignore_index``; ``cross_entropy`` raises for an integer target of shape ``(N, C)`` (convert
  one-hot labels to float) and for ``label_smoothing > 1``.

You may call your own ``nll_loss`` inside ``cross_entropy``. You may not call torch's losses, its
softmax/log-softmax, or ``torch.logsumexp`` (write the log-sum-exp yourself with ``amax``, ``exp``,
``sum`` and ``log``).

负对数似然与交叉熵损失（《动手学深度学习》3.7/4.1 节，交叉熵损失与负对数似然 NLLLoss）。

PyTorch 有两个容易混淆的分类损失：``F.nll_loss(log_probs, target)``（``nn.NLLLoss``）的输入是*对数概率*
（log-softmax 的输出）和*类别索引*：``loss_i = -w[y_i] * log_probs[i, y_i]``，它不做 softmax，并拒绝独热编码的目标；
``F.cross_entropy(logits, target)``（``nn.CrossEntropyLoss``）的输入是原始 *logits*，等于
``nll_loss(log_softmax(logits), target)``（数值稳定地计算），除类别索引外也接受与 logits 形状相同的*类别概率*目标
（独热或软标签）：``loss_i = -sum_c w_c * p[i, c] * log_softmax(logits)[i, c]``。

用普通的张量运算（``amax``、``exp``、``sum``、``log``、``gather``、``where``、索引等）对形状为 ``(N, C)`` 的输入实现两者，
行为与 PyTorch 完全一致：三种 reduction、类别权重、``ignore_index`` 和标签平滑的数值，数据类型和设备，自动微分的梯度，
以及对错误目标抛出的相同错误。

要点：类别索引时 ``reduction="mean"`` 是*加权*平均：除以未被忽略的目标的权重 ``w[y_i]`` 之和（全被忽略时为 0/0 = nan，
与 torch 相同）；概率目标时除以 ``N``。等于 ``ignore_index`` 的目标对损失贡献 0，也不计入分母；它可能在 ``0..C-1`` 之外，
不要用它做索引。标签平滑 ``eps``（仅 cross_entropy）把目标与 ``C`` 个类别上的均匀分布混合。数值稳定性：logits 为
±1000 时不能出现 nan 或 inf，要用先减去最大值的 ``x - logsumexp(x)`` 计算 log-softmax。错误与 torch 相同
（例如 nll_loss 的目标不是一维整数张量、reduction 无效、类别索引越界，cross_entropy 的整数目标形状为 ``(N, C)``、
``label_smoothing > 1``）。

可以在 ``cross_entropy`` 中调用你自己的 ``nll_loss``；不能调用 torch 的损失函数、softmax/log-softmax 或 ``torch.logsumexp``。
"""
import torch

_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def nll_loss(log_probs, target, weight=None, ignore_index=-100, reduction="mean"):
    """Negative log-likelihood loss, like ``F.nll_loss`` (``nn.NLLLoss``).

    ``log_probs``: ``(N, C)`` log-probabilities (float). ``target``: ``(N,)`` class indices (int64) in
    ``0..C-1``, or ``ignore_index``. ``weight``: optional ``(C,)`` weight per class.
    Per sample ``loss_i = -weight[target_i] * log_probs[i, target_i]`` (0 where ``target_i == ignore_index``).
    ``reduction``: "none" -> the ``(N,)`` losses; "sum" -> their sum; "mean" -> their sum divided by the
    sum of ``weight[target_i]`` over the samples not ignored.
    Raises (like torch) for a target that is not 1-D, e.g. one-hot: use ``cross_entropy`` for those.

    负对数似然损失，与 ``F.nll_loss``（``nn.NLLLoss``）相同。
    ``log_probs``：``(N, C)`` 对数概率；``target``：``(N,)`` 类别索引（int64），或 ``ignore_index``；``weight``：可选的 ``(C,)`` 类别权重。
    每个样本 ``loss_i = -weight[target_i] * log_probs[i, target_i]``（被忽略处为 0）。``reduction``："none" 返回 ``(N,)`` 损失，
    "sum" 求和，"mean" 除以未被忽略样本的 ``weight[target_i]`` 之和。目标不是一维（例如独热编码）时抛出错误：那种目标请用 ``cross_entropy``。
    """
    ### BEGIN SOLUTION
    _check_reduction(reduction)
    if target.dim() != 1:
        raise RuntimeError("nll_loss expects a 1-D target of class indices (multi-target / one-hot is not supported)")
    if target.dtype not in (torch.int64, torch.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype}")
    if log_probs.dim() != 2:
        raise ValueError(f"expected log_probs of shape (N, C), got {tuple(log_probs.shape)}")
    n, num_classes = log_probs.shape
    if target.shape[0] != n:
        raise ValueError(f"Expected input batch_size ({n}) to match target batch_size ({target.shape[0]}).")
    if weight is not None and weight.shape != (num_classes,):
        raise RuntimeError(f"weight should have shape ({num_classes},), got {tuple(weight.shape)}")
    target = target.long()
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    picked = log_probs.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = torch.ones_like(picked) if weight is None else weight.gather(0, safe).to(picked.dtype)
    w = torch.where(keep, w, torch.zeros_like(w))
    losses = torch.where(keep, -picked * w, torch.zeros_like(picked))
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / w.sum()
    ### END SOLUTION


def stable_log_softmax(logits):
    """A helper for ``cross_entropy`` (not graded on its own): log-softmax of ``(N, C)`` logits over dim 1.

    ``log_softmax(x) = x - logsumexp(x)``; compute ``logsumexp`` as ``m + log(sum(exp(x - m)))`` with
    ``m`` the row maximum, so that logits of +-1000 neither overflow nor underflow. (A row whose
    maximum is -inf or +inf has no finite shift: use 0 there.)

    ``cross_entropy`` 的辅助函数（不单独评分）：对 ``(N, C)`` logits 沿第 1 维计算 log-softmax。
    ``log_softmax(x) = x - logsumexp(x)``；用 ``m + log(sum(exp(x - m)))`` 计算 ``logsumexp``，m 为每行最大值，
    这样 logits 为 ±1000 时既不上溢也不下溢（最大值为 ±inf 的行没有有限的平移量，此时用 0）。
    """
    ### BEGIN SOLUTION
    m = logits.amax(dim=1, keepdim=True).detach()
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    shifted = logits - m
    return shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    ### END SOLUTION


def cross_entropy(logits, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross-entropy between softmax(logits) and the target, like ``F.cross_entropy`` (``nn.CrossEntropyLoss``).

    ``logits``: ``(N, C)`` unnormalised scores. ``target``: either ``(N,)`` class indices (int64,
    handled like ``nll_loss(log_softmax(logits), target, ...)``) or ``(N, C)`` class probabilities
    (float: one-hot or soft labels; ``loss_i = -sum_c weight_c * target[i, c] * log_softmax(logits)[i, c]``,
    ``ignore_index`` does not apply, the mean divides by ``N``).
    ``label_smoothing`` in ``[0, 1]``: see the module docstring for torch's exact formula.
    Do not use ``torch.logsumexp``, ``softmax``/``log_softmax`` or torch's losses.

    softmax(logits) 与目标之间的交叉熵，与 ``F.cross_entropy``（``nn.CrossEntropyLoss``）相同。
    ``logits``：``(N, C)`` 未归一化的分数。``target``：``(N,)`` 类别索引（int64，按 ``nll_loss(log_softmax(logits), target, ...)`` 处理），
    或 ``(N, C)`` 类别概率（浮点：独热或软标签；``ignore_index`` 不适用，mean 除以 ``N``）。
    ``label_smoothing`` ∈ ``[0, 1]``：公式见模块文档字符串。不要使用 ``torch.logsumexp``、``softmax``/``log_softmax`` 或 torch 的损失函数。
    """
    ### BEGIN SOLUTION
    _check_reduction(reduction)
    if label_smoothing > 1.0:
        raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    if logits.dim() != 2:
        raise ValueError(f"expected logits of shape (N, C), got {tuple(logits.shape)}")
    n, num_classes = logits.shape
    if weight is not None and weight.shape != (num_classes,):
        raise RuntimeError(f"weight should have shape ({num_classes},), got {tuple(weight.shape)}")
    log_probs = stable_log_softmax(logits)

    if target.shape == logits.shape:  # class probabilities (one-hot or soft)
        if not target.is_floating_point():
            raise RuntimeError(f"Expected floating point type for target with class probabilities, got {target.dtype}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / num_classes
        terms = log_probs * target
        if weight is not None:
            terms = terms * weight
        losses = -terms.sum(dim=1)
        if reduction == "none":
            return losses
        if reduction == "sum":
            return losses.sum()
        return losses.sum() / n

    # class indices
    if target.dim() != 1:
        raise RuntimeError("cross_entropy expects class indices of shape (N,) or probabilities of shape (N, C)")
    if target.dtype not in (torch.int64, torch.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype}")
    if target.shape[0] != n:
        raise ValueError(f"Expected input batch_size ({n}) to match target batch_size ({target.shape[0]}).")
    target = target.long()
    keep = target != ignore_index
    safe = torch.where(keep, target, torch.zeros_like(target))
    picked = log_probs.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = torch.ones_like(picked) if weight is None else weight.gather(0, safe).to(picked.dtype)
    w = torch.where(keep, w, torch.zeros_like(w))
    losses = -picked * w
    if label_smoothing > 0:
        smooth = -(log_probs if weight is None else log_probs * weight).sum(dim=1)
        losses = (1 - label_smoothing) * losses + label_smoothing / num_classes * smooth
    losses = torch.where(keep, losses, torch.zeros_like(losses))
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / w.sum()
    ### END SOLUTION
