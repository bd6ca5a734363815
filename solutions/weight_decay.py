"""Weight decay (d2l 4.5, 权重衰减): the L2 penalty, decoupled weight decay (AdamW), which
parameters to decay, and the overfitting experiment of high-dimensional linear regression.

Weight decay keeps the weights small by adding lambda * ||w||^2 / 2 to the loss. With plain SGD
that is the same as shrinking the weights a little before every step,

    w <- w - lr * (grad + lambda * w) = (1 - lr * lambda) * w - lr * grad,

which is why torch.optim.SGD's ``weight_decay`` argument simply adds ``weight_decay * w`` to the
gradient. With adaptive optimizers such as Adam the two are no longer the same: an L2 term added to
the gradient is divided by Adam's sqrt(v) like every other gradient, so weights with large
gradients are barely decayed. AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization")
decays the weights directly, outside the adaptive update.

Conventions used throughout (the ones of d2l 4.5):

* ``X`` has shape (n, d) (one example per row), ``w`` has shape (d, 1), ``b`` has shape (1,),
  ``y`` has shape (n, 1); the model is ``X @ w + b``, of shape (n, 1);
* the loss is the mean squared error with d2l's factor 1/2: ``((X @ w + b - y) ** 2).mean() / 2``;
* the penalty is ``l2_penalty(w) = (w ** 2).sum() / 2``, so minimising
  ``loss + lambda * l2_penalty(w)`` adds ``lambda * w`` to the gradient of ``w``.

Everything here must work for float32 and float64 tensors on the CPU and on a GPU, with ordinary
tensor operations (no Python loops over elements or rows).

权重衰减（《动手学深度学习》4.5 节）：L2 范数惩罚、解耦的权重衰减（AdamW）、哪些参数要衰减，以及高维线性回归的过拟合实验。

权重衰减在损失中加上 lambda * ||w||^2 / 2，使权重保持较小。对普通 SGD，这等价于每步之前把权重缩小一点：
w <- w - lr * (grad + lambda * w) = (1 - lr * lambda) * w - lr * grad，
所以 torch.optim.SGD 的 ``weight_decay`` 参数只是把 ``weight_decay * w`` 加到梯度上。对 Adam 这类自适应优化器两者不再相同：
加到梯度上的 L2 项也会被 Adam 的 sqrt(v) 除，于是梯度大的权重衰减得更少。AdamW 把衰减与梯度解耦，直接把权重乘以
(1 - lr * weight_decay)。实现下面的函数和优化器，行为与 torch 相同。
"""
import math

import torch


def l2_penalty(w):
    """The L2 penalty ``(w ** 2).sum() / 2`` of a tensor ``w`` of any shape.

    Returns a 0-dim tensor of ``w``'s dtype and device, differentiable with respect to ``w``
    (its gradient is ``w`` itself). ``w`` is not modified. Any tensor operation may be used here
    (torch has no function computing exactly this penalty).

    任意形状张量 ``w`` 的 L2 惩罚 ``(w ** 2).sum() / 2``。返回 ``w`` 的数据类型和设备的 0 维张量，
    对 ``w`` 可微（梯度就是 ``w`` 本身）。不修改 ``w``。
    """
    return (w * w).sum() / 2


class AdamW(torch.optim.Optimizer):
    """Adam with decoupled weight decay, like ``torch.optim.AdamW(params, lr, betas, eps, weight_decay)``
    (``amsgrad=False``, ``maximize=False``).

    ``params`` is an iterable of tensors or of param-group dicts (as for any torch optimizer);
    each group may override ``lr``, ``betas``, ``eps`` and ``weight_decay``. Invalid
    hyperparameters raise ``ValueError`` like torch's: ``lr < 0``, ``eps < 0``, a beta outside
    [0, 1), ``weight_decay < 0``.

    One ``step()``, for every parameter ``p`` of every group that has a gradient ``g = p.grad``
    (parameters whose ``.grad`` is None are skipped entirely, no decay either), with the group's
    *current* hyperparameters (a learning-rate schedule may change ``group["lr"]`` between steps)
    and the step count t = 1, 2, ... of that parameter::

        p <- p * (1 - lr * weight_decay)           # decoupled decay, applied FIRST
        m <- beta1 * m + (1 - beta1) * g           # m and v start at zero
        v <- beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2 ** t)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)

    Keep m, v and t in ``self.state[p]`` (a dict per parameter) so that ``state_dict()`` /
    ``load_state_dict()`` can save and resume training. Note that the decay does NOT go into the
    gradient (that would be Adam with an L2 penalty, ``torch.optim.Adam(weight_decay=...)``).

    带解耦权重衰减的 Adam，与 ``torch.optim.AdamW(params, lr, betas, eps, weight_decay)`` 相同（``amsgrad=False``）。
    ``params`` 是张量或参数组字典的可迭代对象；每组可覆盖 ``lr``、``betas``、``eps`` 和 ``weight_decay``。无效超参数抛出 ``ValueError``。
    每次 ``step()``，对每组中每个有梯度的参数，先做 p = p * (1 - lr * weight_decay)，再做 Adam 更新（使用组的当前超参数）；
    ``.grad`` 为 None 的参数完全跳过。
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        """One AdamW update of every parameter that has a gradient.

        ``closure``, if given, re-evaluates the model and returns the loss: call it under
        ``torch.enable_grad()`` before updating, and return its loss (return None without a closure).
        """
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                t = state["step"]
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                p.mul_(1 - lr * weight_decay)
                exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                bias_correction1 = 1 - beta1 ** t
                bias_correction2 = 1 - beta2 ** t
                denom = (exp_avg_sq.sqrt() / math.sqrt(bias_correction2)).add_(eps)
                p.addcdiv_(exp_avg, denom, value=-lr / bias_correction1)
        return loss


def param_groups(model, weight_decay):
    """Split ``model.parameters()`` into two optimizer param groups, the usual recipe for AdamW::

        [{"params": [...every parameter with p.ndim >= 2...], "weight_decay": weight_decay},
         {"params": [...every parameter with p.ndim < 2...],  "weight_decay": 0.0}]

    Weight matrices and convolution kernels (Linear, Conv2d, Embedding weights: ndim >= 2) are
    decayed; biases, normalisation weights (LayerNorm, BatchNorm: 1-D) and scalar (0-D)
    parameters are not. Decide by ``p.ndim``, not by the parameter's name: a LayerNorm's weight
    is 1-D although its name ends in "weight".

    Every parameter of the model appears exactly once, frozen ones included (a parameter shared
    by two layers, e.g. tied embedding and output weights, counts once, as in
    ``model.parameters()``); the order within a group does not matter. Return a list of these two
    dicts, decay group first, with ``weight_decay`` exactly as given in the first and ``0.0`` in
    the second. The result must be accepted by any torch optimizer, e.g.
    ``torch.optim.SGD(param_groups(model, 0.1), lr=0.01)``. Do not modify the model.

    把 ``model.parameters()`` 分成两个优化器参数组（AdamW 的常用做法）：
    ``p.ndim >= 2`` 的参数（Linear、Conv2d、Embedding 的权重）放在 ``weight_decay`` 组，其余（偏置、归一化层的权重、标量参数）
    放在 ``weight_decay=0.0`` 组。按 ``p.ndim`` 判断，而不是按参数名。模型的每个参数恰好出现一次（包括被冻结的参数；共享的参数只出现一次）。
    """
    decay, no_decay = [], []
    for p in model.parameters():
        (decay if p.ndim >= 2 else no_decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def fit_linear_regression(X, y, w0, b0, weight_decay, lr, num_epochs, batch_size):
    """Train ``y ~ X @ w + b`` by minibatch SGD with L2 weight decay on ``w`` only; return ``(w, b)``.

    Shapes (d2l 4.5): ``X`` (n, d), ``y`` (n, 1), ``w0`` (d, 1), ``b0`` (1,); the results ``w``
    and ``b`` have the shapes, dtype and device of ``w0`` and ``b0``, and are new tensors
    (``X``, ``y``, ``w0`` and ``b0`` are not modified).

    Starting from ``w = w0``, ``b = b0``, run ``num_epochs`` passes over the data. Each pass takes
    the minibatches in order, without shuffling: rows ``0:batch_size``, then
    ``batch_size:2*batch_size``, ..., and a last, smaller minibatch with the remaining rows when
    ``batch_size`` does not divide n (nothing is dropped). On each minibatch (Xb, yb) of m rows,
    take one SGD step on

        loss = ((Xb @ w + b - yb) ** 2).mean() / 2 + weight_decay * l2_penalty(w)

    that is ``w <- w - lr * (dloss/dw)``, ``b <- b - lr * (dloss/db)``; the bias is not decayed.
    This is ``torch.optim.SGD([{"params": [w], "weight_decay": weight_decay},
    {"params": [b], "weight_decay": 0.0}], lr=lr)`` on the mean squared error / 2.

    You may compute the gradients with autograd or by hand, but write the update yourself.

    The experiment of d2l 4.5 (20 training examples in d = 200 dimensions, y = 0.01 * sum(x) + 0.05
    + noise, w0 ~ N(0, 1), 100 epochs, lr = 0.003, batch_size = 5): without weight decay the model
    overfits and ||w|| stays about 13; with weight_decay = 3, ||w|| falls to about 0.35 and the
    test loss drops by orders of magnitude.

    用小批量随机梯度下降训练 ``y ~ X @ w + b``，只对 ``w`` 做 L2 权重衰减；返回 ``(w, b)``。
    形状：``X`` (n, d)、``y`` (n, 1)、``w0`` (d, 1)、``b0`` (1,)；结果是形状、数据类型和设备与 ``w0``、``b0`` 相同的新张量，不修改输入。
    从 ``w = w0``、``b = b0`` 开始，对数据做 ``num_epochs`` 轮，每轮按顺序（不打乱）取小批量，最后一个不足 ``batch_size`` 的小批量也保留；
    每个小批量做一步 SGD，与对 ``w`` 设置 weight_decay 的 ``torch.optim.SGD`` 一致。
    """
    w = w0.detach().clone()
    b = b0.detach().clone()
    n = X.shape[0]
    for _ in range(num_epochs):
        for start in range(0, n, batch_size):
            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            residual = Xb @ w + b - yb
            m = residual.numel()
            grad_w = Xb.T @ residual / m + weight_decay * w
            grad_b = (residual.sum() / m).reshape(b.shape)
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, b
