"""Optimization algorithms: SGD with momentum, AdaGrad, RMSProp and Adam (d2l 11, 优化算法).

Write the four optimizers of the chapter as subclasses of ``torch.optim.Optimizer``. The base class
gives you the bookkeeping for free, use it:

* ``super().__init__(params, defaults)`` turns ``params`` (an iterable of tensors, or of dicts
  ``{"params": [...], "lr": ...}``: *param groups*) into ``self.param_groups``, a list of dicts in
  which every hyperparameter not given for a group is filled in from ``defaults``;
* ``self.state`` is a dict (a ``defaultdict(dict)``) from each parameter to its own state dict:
  momentum buffers, running averages, step counts. Keep ALL per-parameter state there, never in
  attributes such as ``self.t``: ``state_dict()`` / ``load_state_dict()`` save and restore exactly
  ``self.state`` and ``self.param_groups``;
* ``zero_grad()``, ``state_dict()``, ``load_state_dict()`` and ``add_param_group()`` come with it.

What you write is ``__init__`` (check the hyperparameters, build ``defaults``) and ``step``. A
``step`` must behave exactly like ``torch.optim``'s:

* read the hyperparameters from each group on every step (``group["lr"]``...): a learning-rate
  scheduler changes ``group["lr"]`` between steps;
* skip every parameter whose ``.grad`` is None: no update, and its state (step count included) does
  not change;
* never modify ``p.grad`` in place (weight decay is ``g = p.grad + weight_decay * p``, a new tensor),
  and update ``p`` in place under ``torch.no_grad()`` (decorate ``step`` with ``@torch.no_grad()``);
* keep state tensors in the parameter's dtype and on its device (``torch.zeros_like(p)``);
* ``step(closure=None)``: when a closure is given, call it exactly once, before updating, inside
  ``with torch.enable_grad():`` (it recomputes the loss and calls ``backward``), and return what it
  returned; without a closure return None;
* use whole-tensor operations per parameter; no Python loop over elements, and no
  ``torch._foreach_*`` / fused kernels or ``torch.optim``'s own update functions.

Use torch's names for the state entries (they are tested through ``load_state_dict``):
``"momentum_buffer"`` (SGD, RMSprop), ``"step"`` and ``"sum"`` (Adagrad), ``"step"``,
``"square_avg"``, ``"grad_avg"`` (RMSprop), ``"step"``, ``"exp_avg"``, ``"exp_avg_sq"``,
``"max_exp_avg_sq"`` (Adam). ``state["step"]`` counts the steps this parameter has taken, the
current one included; a loaded state may hold it as a Python number or as a 0-dim tensor.

In the update rules below ``g`` is the gradient after weight decay, ``g = p.grad + weight_decay * p``
(plain L2 regularisation added to the gradient), and ``t`` is the parameter's step count after
incrementing it, so the first step has ``t = 1``.

On the course's example f(x) = 0.1 * x1**2 + 2 * x2**2 from x = (-5, -2), 20 steps take
SGD(lr=0.4) to (-0.943467, -0.000073), SGD(lr=0.6, momentum=0.5) to (0.007188, 0.002553),
Adagrad(lr=0.4) to (-2.382563, -0.158591) and RMSprop(lr=0.4, alpha=0.9) to (-0.010598, 0.000000).

优化算法：带动量的随机梯度下降（动量法）、AdaGrad算法、RMSProp算法和 Adam算法（《动手学深度学习》第 11 章，优化算法）。

把本章的四个优化器写成 ``torch.optim.Optimizer`` 的子类，并利用基类提供的记账功能：
``super().__init__(params, defaults)`` 把 ``params``（张量的可迭代对象，或参数组字典）变成 ``self.param_groups``，
组中未给出的超参数由 ``defaults`` 补全；``self.state`` 是从每个参数到其状态字典的映射（动量缓冲、滑动平均、步数），
所有逐参数的状态都必须放在那里。``step()`` 在 ``torch.no_grad()`` 下原地更新每个有梯度的参数，使用组的*当前*超参数，
并与对应的 ``torch.optim`` 优化器在舍入误差内一致；无效的超参数抛出 ``ValueError``。
"""
import torch


class SGD(torch.optim.Optimizer):
    """Stochastic gradient descent with momentum (d2l 11.4, 11.6), like ``torch.optim.SGD``.

    Per parameter, with ``mu = momentum``, ``tau = dampening``::

        if mu != 0:
            b = g                         on the first step (no buffer yet: dampening is NOT applied)
            b = mu * b + (1 - tau) * g    on later steps
            g = g + mu * b  if nesterov  else  b
        p = p - lr * g

    The buffer is ``state["momentum_buffer"]`` (keep no buffer when momentum is 0).
    Raise ``ValueError`` for ``lr < 0``, ``momentum < 0``, ``weight_decay < 0``, and for
    ``nesterov=True`` unless ``momentum > 0`` and ``dampening == 0``.

    带动量的随机梯度下降（《动手学深度学习》11.4、11.6 节），与 ``torch.optim.SGD`` 相同。
    逐参数（mu = momentum，tau = dampening）：若 mu != 0，第一步 b = g（不做 dampening），之后 b = mu * b + (1 - tau) * g，
    nesterov 时 g = g + mu * b，否则 g = b；然后 p = p - lr * g。缓冲区为 ``state["momentum_buffer"]``（momentum 为 0 时不保留）。
    ``lr < 0``、``momentum < 0``、``weight_decay < 0``，以及 ``nesterov=True`` 但不满足 ``momentum > 0`` 且 ``dampening == 0`` 时抛出 ``ValueError``。
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        ### BEGIN SOLUTION
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov)
        super().__init__(params, defaults)
        ### END SOLUTION

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss (or None)."""
        ### BEGIN SOLUTION
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            weight_decay, nesterov = group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if weight_decay != 0:
                    g = g + weight_decay * p
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = g.detach().clone()
                        state["momentum_buffer"] = buf
                    else:
                        buf.mul_(momentum).add_(g, alpha=1 - dampening)
                    g = g + momentum * buf if nesterov else buf
                p.add_(g, alpha=-lr)
        return loss
        ### END SOLUTION


class Adagrad(torch.optim.Optimizer):
    """AdaGrad (d2l 11.7), like ``torch.optim.Adagrad``.

    Per parameter, ``s`` starts at ``initial_accumulator_value`` (a tensor like ``p``)::

        t = t + 1
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g
        p = p - clr * g / (sqrt(s) + eps)

    State: ``state["step"]`` (t) and ``state["sum"]`` (s). Raise ``ValueError`` when ``lr``,
    ``lr_decay``, ``weight_decay``, ``initial_accumulator_value`` or ``eps`` is negative.

    AdaGrad算法（《动手学深度学习》11.7 节），与 ``torch.optim.Adagrad`` 相同。
    逐参数，``s`` 从 ``initial_accumulator_value`` 开始：t = t + 1；clr = lr / (1 + (t - 1) * lr_decay)；s = s + g * g；
    p = p - clr * g / (sqrt(s) + eps)。状态：``state["step"]`` 和 ``state["sum"]``。任何超参数为负时抛出 ``ValueError``。
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
        ### BEGIN SOLUTION
        for label, value in (("learning rate", lr), ("lr_decay value", lr_decay), ("weight_decay value", weight_decay),
                             ("initial_accumulator_value", initial_accumulator_value), ("epsilon value", eps)):
            if value < 0.0:
                raise ValueError(f"Invalid {label}: {value}")
        defaults = dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, eps=eps)
        super().__init__(params, defaults)
        ### END SOLUTION

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss (or None)."""
        ### BEGIN SOLUTION
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["sum"] = torch.full_like(p, group["initial_accumulator_value"])
                state["step"] += 1
                t = float(state["step"])
                g = p.grad
                if group["weight_decay"] != 0:
                    g = g + group["weight_decay"] * p
                clr = group["lr"] / (1 + (t - 1) * group["lr_decay"])
                state["sum"].add_(g * g)
                p.sub_(clr * g / (state["sum"].sqrt() + group["eps"]))
        return loss
        ### END SOLUTION


class RMSprop(torch.optim.Optimizer):
    """RMSProp (d2l 11.8), like ``torch.optim.RMSprop``.

    Per parameter, with ``v``, ``m`` (centered) and ``b`` (momentum) starting at zero::

        v = alpha * v + (1 - alpha) * g * g
        if centered:
            m = alpha * m + (1 - alpha) * g
            d = sqrt(v - m * m) + eps
        else:
            d = sqrt(v) + eps
        if momentum > 0:
            b = momentum * b + g / d
            p = p - lr * b
        else:
            p = p - lr * g / d

    State: ``state["step"]``, ``state["square_avg"]`` (v), ``state["grad_avg"]`` (m, when centered),
    ``state["momentum_buffer"]`` (b, when momentum > 0). Raise ``ValueError`` when ``lr``, ``alpha``,
    ``eps``, ``weight_decay`` or ``momentum`` is negative.

    RMSProp算法（《动手学深度学习》11.8 节），与 ``torch.optim.RMSprop`` 相同。
    逐参数：v = alpha * v + (1 - alpha) * g * g；centered 时 m = alpha * m + (1 - alpha) * g，d = sqrt(v - m * m) + eps，否则 d = sqrt(v) + eps；
    momentum > 0 时 b = momentum * b + g / d，p = p - lr * b，否则 p = p - lr * g / d。
    状态：``state["step"]``、``state["square_avg"]``、``state["grad_avg"]``（centered）、``state["momentum_buffer"]``（momentum > 0）。
    ``lr``、``alpha``、``eps``、``weight_decay`` 或 ``momentum`` 为负时抛出 ``ValueError``。
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        ### BEGIN SOLUTION
        for label, value in (("learning rate", lr), ("epsilon value", eps), ("momentum value", momentum),
                             ("weight_decay value", weight_decay), ("alpha value", alpha)):
            if value < 0.0:
                raise ValueError(f"Invalid {label}: {value}")
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum, centered=centered)
        super().__init__(params, defaults)
        ### END SOLUTION

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss (or None)."""
        ### BEGIN SOLUTION
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            alpha, eps, momentum = group["alpha"], group["eps"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["square_avg"] = torch.zeros_like(p)
                    if momentum > 0:
                        state["momentum_buffer"] = torch.zeros_like(p)
                    if group["centered"]:
                        state["grad_avg"] = torch.zeros_like(p)
                state["step"] += 1
                g = p.grad
                if group["weight_decay"] != 0:
                    g = g + group["weight_decay"] * p
                v = state["square_avg"]
                v.mul_(alpha).add_((1 - alpha) * g * g)
                if group["centered"]:
                    m = state["grad_avg"]
                    m.mul_(alpha).add_((1 - alpha) * g)
                    d = (v - m * m).sqrt() + eps
                else:
                    d = v.sqrt() + eps
                if momentum > 0:
                    b = state["momentum_buffer"]
                    b.mul_(momentum).add_(g / d)
                    p.sub_(group["lr"] * b)
                else:
                    p.sub_(group["lr"] * g / d)
        return loss
        ### END SOLUTION


class Adam(torch.optim.Optimizer):
    """Adam (d2l 11.10), like ``torch.optim.Adam`` (weight decay is L2 added to g, not AdamW's).

    Per parameter, with ``m``, ``v`` (and ``v_max`` for amsgrad) starting at zero, ``b1, b2 = betas``::

        t = t + 1
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if amsgrad:
            v_max = max(v_max, v)          (elementwise; the max of the raw v, before bias correction)
            use = v_max
        else:
            use = v
        p = p - lr / (1 - b1**t) * m / (sqrt(use) / sqrt(1 - b2**t) + eps)

    State: ``state["step"]`` (t), ``state["exp_avg"]`` (m), ``state["exp_avg_sq"]`` (v),
    ``state["max_exp_avg_sq"]`` (v_max, when amsgrad). Raise ``ValueError`` when ``lr``, ``eps`` or
    ``weight_decay`` is negative or a beta is outside [0, 1).

    Adam算法（《动手学深度学习》11.10 节），与 ``torch.optim.Adam`` 相同（权重衰减是加到 g 上的 L2 项，不是 AdamW 的）。
    逐参数：t = t + 1；m = b1 * m + (1 - b1) * g；v = b2 * v + (1 - b2) * g * g；amsgrad 时用 v_max = max(v_max, v)，否则用 v；
    p = p - lr / (1 - b1**t) * m / (sqrt(use) / sqrt(1 - b2**t) + eps)。
    状态：``state["step"]``、``state["exp_avg"]``、``state["exp_avg_sq"]``、``state["max_exp_avg_sq"]``（amsgrad）。无效超参数抛出 ``ValueError``。
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False):
        ### BEGIN SOLUTION
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if eps < 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        for index, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {index}: {beta}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad)
        super().__init__(params, defaults)
        ### END SOLUTION

    @torch.no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns the closure's loss (or None)."""
        ### BEGIN SOLUTION
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["exp_avg"] = torch.zeros_like(p)
                    state["exp_avg_sq"] = torch.zeros_like(p)
                    if group["amsgrad"]:
                        state["max_exp_avg_sq"] = torch.zeros_like(p)
                state["step"] += 1
                t = float(state["step"])
                g = p.grad
                if group["weight_decay"] != 0:
                    g = g + group["weight_decay"] * p
                m, v = state["exp_avg"], state["exp_avg_sq"]
                m.mul_(beta1).add_((1 - beta1) * g)
                v.mul_(beta2).add_((1 - beta2) * g * g)
                if group["amsgrad"]:
                    v_max = state["max_exp_avg_sq"]
                    torch.maximum(v_max, v, out=v_max)
                    use = v_max
                else:
                    use = v
                bias_correction1 = 1 - beta1 ** t
                bias_correction2 = 1 - beta2 ** t
                denom = use.sqrt() / bias_correction2 ** 0.5 + group["eps"]
                p.sub_(group["lr"] / bias_correction1 * m / denom)
        return loss
        ### END SOLUTION
