"""Hidden tests for SGD, Adagrad, RMSprop and Adam.

Every run is a scenario (scenarios.py) executed on the student's classes in the sandbox and on
torch.optim's classes here; the parameters after every step must agree. All data is deterministic
(seeded generators): nothing here is random at grading time.
"""
import functools
import importlib.util
import types
from pathlib import Path

import torch

from autograder.spec import (
    Hint,
    Mismatch,
    Text,
    tr,
    StudentRaised,
    describe,
    expect_close,
    expect_fast,
    graded,
    requires_cuda,
)

_spec = importlib.util.spec_from_file_location("optimizers_scenarios", Path(__file__).with_name("scenarios.py"))
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)

NAMES = ("SGD", "Adagrad", "RMSprop", "Adam")
TORCH = types.SimpleNamespace(**{name: getattr(torch.optim, name) for name in NAMES})
# Single-tensor code paths (what the timing test compares with: a per-tensor loop, like the student's).
TORCH_SINGLE = types.SimpleNamespace(**{name: functools.partial(getattr(torch.optim, name), foreach=False) for name in NAMES})

DEFAULTS = {
    "SGD": dict(lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False),
    "Adagrad": dict(lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10),
    "RMSprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False),
    "Adam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False),
}
TOLERANCE = {torch.float64: (1e-6, 1e-9), torch.float32: (1e-4, 1e-5)}

STEPS, LR_CHANGE_AT = 20, 10
SHAPES = [[(3, 4), (5,)], [(2, 3)]]  # two param groups: two parameters, then one
LABELS = ["parameter 0 of group 0 (shape (3, 4))", "parameter 1 of group 0 (shape (5,))", "parameter 0 of group 1 (shape (2, 3))"]


def options_text(options):
    return ", ".join(f"{k}={v}" for k, v in options.items())


def make_problem(seed, dtype=torch.float64, none_at=(), device="cpu"):
    """Initial parameters in two groups and STEPS steps of gradients: large for 8 steps, then small
    (so that AMSGrad's running maximum matters). ``none_at`` lists (step, parameter) without .grad."""
    generator = torch.Generator().manual_seed(seed)
    params = [[torch.randn(s, generator=generator, dtype=torch.float64) for s in group] for group in SHAPES]
    flat_shapes = [s for group in SHAPES for s in group]
    grads = []
    for k in range(STEPS):
        scale = 2.0 if k < 8 else 0.3
        grads.append([None if (k, i) in none_at else torch.randn(s, generator=generator, dtype=torch.float64) * scale
                      for i, s in enumerate(flat_shapes)])
    cast = lambda t: None if t is None else t.to(dtype=dtype, device=device)  # noqa: E731
    return [[cast(t) for t in group] for group in params], [[cast(g) for g in step] for step in grads]


def groups_of(params, group_options):
    return [{"params": ps, **opts} for ps, opts in zip(params, group_options)]


def lr_schedule(name, options, group_options):
    lrs = [opts.get("lr", options.get("lr", DEFAULTS[name]["lr"])) for opts in group_options]
    return [(LR_CHANGE_AT, [lr * f for lr, f in zip(lrs, (0.5, 0.3))])]


def _safe(compute):
    """A hint candidate computed lazily; None when torch refuses the variant."""
    cache = {}

    def get():
        if "value" not in cache:
            try:
                cache["value"] = compute()
            except Exception:  # noqa: BLE001  (an impossible variant is simply not a hint)
                cache["value"] = None
        return cache["value"]
    return get


def _at(run, k, i):
    def candidate():
        value = run()
        return None if value is None else value["params"][k][i]
    return candidate


def variant_hints(name, groups, options, grads, lr_changes):
    """Known mistakes that torch itself can reproduce: an option ignored, the lr change ignored,
    the group options ignored, AdamW's decoupled decay in Adam."""
    variants = []
    for key, value in options.items():
        if key != "lr" and value != DEFAULTS[name][key]:
            reduced = {**options, key: DEFAULTS[name][key]}
            variants.append((Text(f"your parameters moved as if {key}={DEFAULTS[name][key]}: is {key}={value} used as the docstring says?",
                                  f"你的参数的变化就像 {key}={DEFAULTS[name][key]} 一样：是否按文档字符串使用了 {key}={value}？"),
                             lambda reduced=reduced: scenarios.trajectory(TORCH, name, groups, reduced, grads, lr_changes)))
    if lr_changes:
        variants.append((Text("your parameters moved as if the learning rate had not been changed: read group['lr'] "
                              "on every step, not once in __init__",
                              "你的参数的变化就像学习率没有改过一样：每一步都要读取 group['lr']，而不是只在 __init__ 中读一次"),
                         lambda: scenarios.trajectory(TORCH, name, groups, options, grads, ())))
    for index, group in enumerate(groups):
        for key in group:
            if key != "params":
                reduced = [{k: v for k, v in g.items() if (j, k) != (index, key)} for j, g in enumerate(groups)]
                variants.append((Text(f"your parameters moved as if group {index} had no {key!r} of its own: read every "
                                      f"hyperparameter from the group (group[{key!r}]), which overrides the constructor's default",
                                      f"你的参数的变化就像参数组 {index} 没有自己的 {key!r} 一样：每个超参数都要从参数组中读取"
                                      f"（group[{key!r}]），它覆盖构造函数中的默认值"),
                                 lambda reduced=reduced: scenarios.trajectory(TORCH, name, reduced, options, grads, lr_changes)))
    if name == "Adam" and (options.get("weight_decay") or any(g.get("weight_decay") for g in groups)):
        variants.append((Text("Adam adds weight_decay * p to the gradient (L2); shrinking p directly is AdamW's decoupled decay",
                              "Adam 把 weight_decay * p 加到梯度上（L2）；直接缩小 p 是 AdamW 的解耦权重衰减"),
                         lambda: scenarios.trajectory(types.SimpleNamespace(Adam=torch.optim.AdamW), name, groups, options, grads, lr_changes)))
    @functools.cache
    def runs():  # only a student whose trajectory is wrong needs the variants: compute them then
        return [(message, _safe(compute)) for message, compute in variants]

    def hints_at(k, i):
        hints = [Hint(message, _at(run, k, i)) for message, run in runs()]
        if name == "SGD" and k == 0:
            hints.append(Hint(Text("on the first step the momentum buffer is g itself: dampening is not applied to it",
                                   "第一步的动量缓冲就是 g 本身：不对它应用 dampening"),
                              lambda: _sgd_damped_first_step(groups, options, grads, i)))
        return hints
    return hints_at


def _sgd_damped_first_step(groups, options, grads, i):
    """SGD's first step as it comes out when the new buffer is (1 - dampening) * g."""
    group_of = [j for j, group in enumerate(groups) for _ in group["params"]]
    settings = {**DEFAULTS["SGD"], **options, **{k: v for k, v in groups[group_of[i]].items() if k != "params"}}
    p = [t for group in groups for t in group["params"]][i]
    if grads[0][i] is None or settings["momentum"] == 0 or settings["dampening"] == 0:
        return None
    g = grads[0][i] + settings["weight_decay"] * p
    return p - settings["lr"] * (1 - settings["dampening"]) * g


def _all_close(got, want, rtol, atol):
    """Fast path: every recorded tensor is a plain tensor like torch's and close to it."""
    try:
        return all(isinstance(g, torch.Tensor) and g.shape == w.shape and g.dtype == w.dtype and g.device == w.device
                   and torch.allclose(g, w, rtol=rtol, atol=atol) for gs, ws in zip(got, want) for g, w in zip(gs, ws, strict=True))
    except (TypeError, ValueError, RuntimeError):
        return False


def _hint_for(got, expected, hints):
    """The first known mistake that explains the student's answer: their answer is far closer to the
    mistake's result than to the right one (parameters move by small steps, so closeness is measured
    against the size of the error, not the size of the parameter)."""
    if not isinstance(got, torch.Tensor) or got.shape != expected.shape:
        return ""
    error = float((got.double() - expected.double()).abs().max())
    for hint in hints:
        candidate = hint.candidate() if callable(hint.candidate) else hint.candidate
        if isinstance(candidate, torch.Tensor) and candidate.shape == got.shape:
            if float((got.double() - candidate.double()).abs().max()) <= 0.05 * error:
                return str(tr("compare.hint", message=hint.message))
    return ""


def compare_runs(got, want, *, setup, labels=LABELS, dtype=torch.float64, hints_at=None, resumed_at=None):
    """Parameters after every step equal torch's; the first difference is reported."""
    rtol, atol = TOLERANCE[dtype]
    if not isinstance(got, list) or len(got) != len(want):
        raise Mismatch(Text(f"{setup}: expected {len(want)} recorded steps, got {describe(got)}",
                            f"{setup}：应记录 {len(want)} 步，实际得到 {describe(got)}"))
    if _all_close(got, want, rtol, atol):
        return
    for k in range(len(want)):
        for i, label in enumerate(labels):
            try:
                try:
                    expect_close(got[k][i], want[k][i], what=Text(f"{label} after step {k + 1} of {len(want)} ({setup})",
                                                   f"第 {k + 1} / {len(want)} 步之后的 {label}（{setup}）"),
                                 rtol=rtol, atol=atol)
                except Mismatch as exc:
                    raise Mismatch(Text("{exc}{hint}", "{exc}{hint}").format(
                        exc=str(exc), hint=_hint_for(got[k][i], want[k][i], hints_at(k, i) if hints_at else ()))) from None
            except Mismatch as exc:
                if resumed_at is not None and k >= resumed_at:
                    raise Mismatch(Text(f"{exc}. The {resumed_at} steps before state_dict() were right, the ones after "
                                        "load_state_dict() were not: keep every piece of per-parameter state (step counts "
                                        "included) in self.state[p], not in attributes of the optimizer",
                                        f"{exc}。state_dict() 之前的 {resumed_at} 步是对的，load_state_dict() 之后的不对："
                                        "把每个参数的全部状态（包括步数）保存在 self.state[p] 中，而不是优化器的属性里")) from None
                raise


# ------------------------------------------------------------------------------ trajectories

# (label, constructor options, per-group options, dtype). Every case has two groups (group 1 with its
# own lr) and the learning rates change before step 11 of 20.
CASES = {
    "SGD": [
        ("plain SGD", {"lr": 0.1}, [{}, {"lr": 0.05}], torch.float64),
        ("momentum=0.9", {"lr": 0.05, "momentum": 0.9}, [{}, {"lr": 0.02}], torch.float64),
        ("momentum=0.9, dampening=0.5", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}, [{}, {"lr": 0.02}], torch.float64),
        ("momentum=0.9, nesterov=True", {"lr": 0.05, "momentum": 0.9, "nesterov": True}, [{}, {"lr": 0.02}], torch.float64),
        ("weight_decay=0.1, momentum=0.5", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}, [{}, {"lr": 0.02}], torch.float64),
        ("per-group options (group 0: nesterov momentum 0.9; group 1: weight_decay 0.2, momentum 0.5, dampening 0.3)",
         {"lr": 0.05}, [{"momentum": 0.9, "nesterov": True}, {"lr": 0.02, "weight_decay": 0.2, "momentum": 0.5, "dampening": 0.3}],
         torch.float64),
        ("float32, momentum=0.9, nesterov=True, weight_decay=0.01", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
         [{}, {"lr": 0.02}], torch.float32),
    ],
    "Adagrad": [
        ("default options", {"lr": 0.1}, [{}, {"lr": 0.05}], torch.float64),
        ("lr_decay=0.05", {"lr": 0.1, "lr_decay": 0.05}, [{}, {"lr": 0.05}], torch.float64),
        ("initial_accumulator_value=0.5", {"lr": 0.1, "initial_accumulator_value": 0.5}, [{}, {"lr": 0.05}], torch.float64),
        ("weight_decay=0.1", {"lr": 0.1, "weight_decay": 0.1}, [{}, {"lr": 0.05}], torch.float64),
        ("eps=0.1", {"lr": 0.1, "eps": 0.1}, [{}, {"lr": 0.05}], torch.float64),
        ("per-group options (group 0: lr_decay 0.1; group 1: eps 0.01, weight_decay 0.2)",
         {"lr": 0.1}, [{"lr_decay": 0.1}, {"lr": 0.05, "eps": 0.01, "weight_decay": 0.2}], torch.float64),
        ("float32, lr_decay=0.01, weight_decay=0.01", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01}, [{}, {"lr": 0.05}], torch.float32),
    ],
    "RMSprop": [
        ("alpha=0.9", {"lr": 0.01, "alpha": 0.9}, [{}, {"lr": 0.005}], torch.float64),
        ("centered=True", {"lr": 0.01, "centered": True}, [{}, {"lr": 0.005}], torch.float64),
        ("momentum=0.8", {"lr": 0.01, "momentum": 0.8}, [{}, {"lr": 0.005}], torch.float64),
        ("centered=True, momentum=0.5, weight_decay=0.1, alpha=0.95",
         {"lr": 0.01, "centered": True, "momentum": 0.5, "weight_decay": 0.1, "alpha": 0.95}, [{}, {"lr": 0.005}], torch.float64),
        ("eps=0.1", {"lr": 0.01, "eps": 0.1}, [{}, {"lr": 0.005}], torch.float64),
        ("per-group options (group 0: centered, alpha 0.8; group 1: momentum 0.9)",
         {"lr": 0.01}, [{"centered": True, "alpha": 0.8}, {"lr": 0.005, "momentum": 0.9}], torch.float64),
        ("float32, centered=True, momentum=0.5", {"lr": 0.01, "centered": True, "momentum": 0.5}, [{}, {"lr": 0.005}], torch.float32),
    ],
    "Adam": [
        ("default options", {"lr": 0.01}, [{}, {"lr": 0.005}], torch.float64),
        ("betas=(0.8, 0.99)", {"lr": 0.01, "betas": (0.8, 0.99)}, [{}, {"lr": 0.005}], torch.float64),
        ("amsgrad=True", {"lr": 0.01, "amsgrad": True}, [{}, {"lr": 0.005}], torch.float64),
        ("weight_decay=0.1", {"lr": 0.01, "weight_decay": 0.1}, [{}, {"lr": 0.005}], torch.float64),
        ("eps=0.1", {"lr": 0.01, "eps": 0.1}, [{}, {"lr": 0.005}], torch.float64),
        ("per-group options (group 0: amsgrad, betas (0.5, 0.9); group 1: weight_decay 0.2)",
         {"lr": 0.01}, [{"amsgrad": True, "betas": (0.5, 0.9)}, {"lr": 0.005, "weight_decay": 0.2}], torch.float64),
        ("float32, amsgrad=True, weight_decay=0.01", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01}, [{}, {"lr": 0.005}], torch.float32),
    ],
}


def _trajectories(name):
    def check(student, credit):
        for seed, (label, options, group_options, dtype) in enumerate(CASES[name]):
            params, grads = make_problem(seed, dtype)
            groups = groups_of(params, group_options)
            changes = lr_schedule(name, options, group_options)
            setup = Text(f"{name}({options_text(options)}) on two param groups, {label}, lr changed before step {LR_CHANGE_AT + 1}",
                         f"{name}({options_text(options)}) 作用于两个参数组，{label}，第 {LR_CHANGE_AT + 1} 步之前改变学习率")
            with credit.case(label):
                got = student.scenario("trajectory", name, groups, options, grads, changes)["params"]
                want = scenarios.trajectory(TORCH, name, groups, options, grads, changes)["params"]
                compare_runs(got, want, setup=setup, dtype=dtype, hints_at=variant_hints(name, groups, options, grads, changes))
    return check


test_sgd_trajectories = graded(2, "SGD", Text("SGD: 20-step trajectories match torch.optim.SGD (momentum, dampening, Nesterov, weight decay, param groups, lr change)", "SGD：20 步的轨迹与 torch.optim.SGD 一致（动量、dampening、Nesterov、权重衰减、参数组、学习率变化）"))(_trajectories("SGD"))
test_adagrad_trajectories = graded(2, "Adagrad", Text("Adagrad: 20-step trajectories match torch.optim.Adagrad (lr_decay, initial_accumulator_value, eps, weight decay, param groups, lr change)", "Adagrad：20 步的轨迹与 torch.optim.Adagrad 一致（lr_decay、initial_accumulator_value、eps、权重衰减、参数组、学习率变化）"))(_trajectories("Adagrad"))
test_rmsprop_trajectories = graded(2, "RMSprop", Text("RMSprop: 20-step trajectories match torch.optim.RMSprop (alpha, centered, momentum, eps, weight decay, param groups, lr change)", "RMSprop：20 步的轨迹与 torch.optim.RMSprop 一致（alpha、centered、动量、eps、权重衰减、参数组、学习率变化）"))(_trajectories("RMSprop"))
test_adam_trajectories = graded(2, "Adam", Text("Adam: 20-step trajectories match torch.optim.Adam (betas, amsgrad, eps, weight decay, param groups, lr change)", "Adam：20 步的轨迹与 torch.optim.Adam 一致（betas、amsgrad、eps、权重衰减、参数组、学习率变化）"))(_trajectories("Adam"))


# ------------------------------------------------------------------------ a step from a loaded state


def _state_problem(seed):
    generator = torch.Generator().manual_seed(100 + seed)
    shapes = [(4, 3), (5,)]
    params = [torch.randn(s, generator=generator, dtype=torch.float64) for s in shapes]
    grads = [torch.randn(s, generator=generator, dtype=torch.float64) for s in shapes]
    rand = lambda s: torch.randn(s, generator=generator, dtype=torch.float64)  # noqa: E731
    positive = lambda s: torch.rand(s, generator=generator, dtype=torch.float64) + 0.1  # noqa: E731
    uniform = lambda s: torch.rand(s, generator=generator, dtype=torch.float64)  # noqa: E731
    return shapes, params, grads, rand, positive, uniform


def _state_cases(name, shapes, rand, positive, uniform):
    """(label, options, one state dict per parameter with torch's key names)."""
    if name == "SGD":
        buffers = [{"momentum_buffer": rand(s)} for s in shapes]
        return [("momentum=0.9, dampening=0.3", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}, buffers),
                ("momentum=0.9, nesterov=True", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, buffers),
                ("momentum=0.5, weight_decay=0.1", {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.1}, buffers)]
    if name == "Adagrad":
        return [(f"lr_decay=0.1 at step {t}", {"lr": 0.1, "lr_decay": 0.1}, [{"step": t, "sum": positive(s)} for s in shapes])
                for t in (1, 7)] + [
                ("lr_decay=0.1 at step 4, step stored as a tensor", {"lr": 0.1, "lr_decay": 0.1},
                 [{"step": torch.tensor(4.0), "sum": positive(s)} for s in shapes])]
    if name == "RMSprop":
        def centered(s):
            v = positive(s)
            return {"step": 5, "square_avg": v, "grad_avg": v.sqrt() * (uniform(s) * 1.6 - 0.8)}
        return [("alpha=0.9", {"lr": 0.01, "alpha": 0.9}, [{"step": 5, "square_avg": positive(s)} for s in shapes]),
                ("centered=True", {"lr": 0.01, "centered": True}, [centered(s) for s in shapes]),
                ("momentum=0.8", {"lr": 0.01, "momentum": 0.8},
                 [{"step": 5, "square_avg": positive(s), "momentum_buffer": rand(s)} for s in shapes])]
    cases = []
    for t in (1, 3, 1000):
        cases.append((f"at step {t}", {"lr": 0.01},
                      [{"step": t, "exp_avg": rand(s) * 0.1, "exp_avg_sq": positive(s) * 0.01} for s in shapes]))
    cases.append(("at step 3, step stored as a tensor", {"lr": 0.01},
                  [{"step": torch.tensor(3.0), "exp_avg": rand(s) * 0.1, "exp_avg_sq": positive(s) * 0.01} for s in shapes]))
    cases.append(("amsgrad=True at step 6", {"lr": 0.01, "amsgrad": True},
                  [{"step": 6, "exp_avg": rand(s) * 0.1, "exp_avg_sq": positive(s) * 0.01, "max_exp_avg_sq": positive(s) * 0.02}
                   for s in shapes]))
    return cases


AMSGRAD_HINT = Text("max_exp_avg_sq keeps the running maximum of the raw exp_avg_sq (before bias correction); "
                    "the denominator is sqrt(max_exp_avg_sq) / sqrt(1 - beta2 ** t) + eps",
                    "max_exp_avg_sq 保存原始 exp_avg_sq（偏差修正之前）的历史最大值；"
                    "分母是 sqrt(max_exp_avg_sq) / sqrt(1 - beta2 ** t) + eps")


def _from_state(name, hint):
    def check(student, credit):
        shapes, params, grads, *makers = _state_problem(NAMES.index(name))
        for label, options, state in _state_cases(name, shapes, *makers):
            with credit.case(label):
                got = student.scenario("step_from_state", name, params, options, state, grads)
                want = scenarios.step_from_state(TORCH, name, params, options, state, grads)
                keys = sorted({k for s in state for k in s})
                for i, shape in enumerate(shapes):
                    try:
                        expect_close(got[i], want[i], rtol=1e-6, atol=1e-9,
                                     what=Text(f"parameter {i} (shape {shape}) after one step of {name}({options_text(options)}) "
                                               f"from a state loaded with load_state_dict (keys {keys}; {label})",
                                               f"从 load_state_dict 载入的状态（键 {keys}；{label}）出发，"
                                               f"{name}({options_text(options)}) 走一步之后的参数 {i}（形状 {shape}）"))
                    except Mismatch as exc:
                        raise Mismatch(Text("{exc}", "{exc}").format(exc=str(exc)) + tr(
                            "compare.hint", message=AMSGRAD_HINT if 'amsgrad' in label else hint)) from None
    return check


test_sgd_from_state = graded(1, "SGD", Text("SGD: one step from a loaded momentum buffer matches torch", "SGD：从载入的动量缓冲出发走一步，与 torch 一致"))(
    _from_state("SGD", "The buffer already exists, so this step is buf = momentum * buf + (1 - dampening) * g"))
test_adagrad_from_state = graded(1, "Adagrad", Text("Adagrad: one step from a loaded state (step count, sum) matches torch", "Adagrad：从载入的状态（步数、累加和）出发走一步，与 torch 一致"))(
    _from_state("Adagrad", "state['step'] counts earlier steps; this step is number step + 1"))
test_rmsprop_from_state = graded(1, "RMSprop", Text("RMSprop: one step from a loaded state matches torch", "RMSprop：从载入的状态出发走一步，与 torch 一致"))(
    _from_state("RMSprop", "Use the loaded running averages (and buffer) as they are"))
test_adam_from_state = graded(1, "Adam", Text("Adam: one step from a loaded state (step count, moments) matches torch", "Adam：从载入的状态（步数、矩估计）出发走一步，与 torch 一致"))(
    _from_state("Adam", "Bias correction uses beta ** t with t = state['step'] + 1 for this step"))


# ----------------------------------------------------------------------------------- closures

CLOSURE_OPTIONS = {"SGD": {"lr": 0.1, "momentum": 0.5}, "Adagrad": {"lr": 0.4}, "RMSprop": {"lr": 0.01}, "Adam": {"lr": 0.1}}


def _points_2d(points):
    """The student's points as [x1, x2] pairs for the report, up to the first one that is not a 2-vector."""
    plain = []
    for point in points:
        if not (isinstance(point, torch.Tensor) and point.numel() == 2 and point.is_floating_point()):
            break
        plain.append(point.detach().double().flatten())
    return plain


def _closure(name):
    def check(student, credit):
        options = CLOSURE_OPTIONS[name]
        x0 = torch.tensor([-5.0, -2.0], dtype=torch.float64)
        call = f"{name}([x], {options_text(options)}).step(closure)"
        want = scenarios.closure_steps(TORCH, name, x0, options, 5)
        path = {"function": "0.1*x1**2 + 2*x2**2", "optimizer": call, "torch": [x0] + want["points"], "student": None}
        credit.record("optimizer_path", path)  # for the HTML report's contour plot
        try:
            got = student.scenario("closure_steps", name, x0, options, 5)
        except StudentRaised as exc:
            if "does not require grad" in exc.message or "does not have a grad_fn" in exc.message:
                raise Mismatch(Text(f"{call} raised {exc.type_name}: {exc.message[:200]}. step runs under torch.no_grad(); "
                                    "call the closure inside `with torch.enable_grad():` so that its backward() works",
                                    f"{call} 引发了 {exc.type_name}：{exc.message[:200]}。step 在 torch.no_grad() 下运行；"
                                    "请在 `with torch.enable_grad():` 中调用闭包，它的 backward() 才能工作")) from None
            raise
        credit.record("optimizer_path", {**path, "student": _points_2d([x0] + list(got["points"] if isinstance(got, dict) else []))})
        with credit.case(Text("the closure is called exactly once per step", "每一步恰好调用一次闭包")):
            if got["calls"] != [1] * 5:
                raise Mismatch(Text(f"{call} called the closure {got['calls']} times in 5 steps; torch calls it once per step",
                                    f"{call} 在 5 步中调用闭包的次数为 {got['calls']}；torch 每步调用一次"))
        with credit.case(Text("step(closure) returns the closure's loss; step() returns None",
                                   "step(closure) 返回闭包的损失；step() 返回 None")):
            if not all(got["returned_loss"]):
                raise Mismatch(Text(f"{call} must return the very loss tensor the closure returned",
                                    f"{call} 必须返回闭包所返回的那个损失张量本身"))
            if got["without_closure"] != "None":
                raise Mismatch(Text(f"{name}.step() without a closure must return None; yours returned {got['without_closure'][:80]}",
                                    f"不带闭包的 {name}.step() 必须返回 None；你的返回了 {got['without_closure'][:80]}"))
        with credit.case(Text("the update uses the gradient the closure computed", "更新使用闭包算出的梯度")):
            for k in range(5):
                expect_close(got["points"][k], want["points"][k], rtol=1e-6, atol=1e-9,
                             what=Text(f"x after step {k + 1} of {call} on f(x) = 0.1*x1**2 + 2*x2**2 from (-5, -2) "
                                       "(call the closure first, then update with the gradients it left in p.grad)",
                                       f"从 (-5, -2) 出发在 f(x) = 0.1*x1**2 + 2*x2**2 上执行 {call} 第 {k + 1} 步之后的 x"
                                       "（先调用闭包，再用它留在 p.grad 中的梯度更新）"))
    return check


test_sgd_closure = graded(1, "SGD", Text("SGD.step(closure) calls the closure once, returns its loss, and uses its gradients", "SGD.step(closure) 调用闭包一次、返回其损失并使用其梯度"))(_closure("SGD"))
test_adagrad_closure = graded(1, "Adagrad", Text("Adagrad.step(closure) calls the closure once, returns its loss, and uses its gradients", "Adagrad.step(closure) 调用闭包一次、返回其损失并使用其梯度"))(_closure("Adagrad"))
test_rmsprop_closure = graded(1, "RMSprop", Text("RMSprop.step(closure) calls the closure once, returns its loss, and uses its gradients", "RMSprop.step(closure) 调用闭包一次、返回其损失并使用其梯度"))(_closure("RMSprop"))
test_adam_closure = graded(1, "Adam", Text("Adam.step(closure) calls the closure once, returns its loss, and uses its gradients", "Adam.step(closure) 调用闭包一次、返回其损失并使用其梯度"))(_closure("Adam"))


# ------------------------------------------------------------------------- state_dict round trip

RESUME_CASES = {
    "SGD": [{"lr": 0.05, "momentum": 0.9, "dampening": 0.2}, {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}],
    "Adagrad": [{"lr": 0.1, "lr_decay": 0.05, "initial_accumulator_value": 0.3}],
    "RMSprop": [{"lr": 0.01, "centered": True, "momentum": 0.5}, {"lr": 0.01, "alpha": 0.9}],
    "Adam": [{"lr": 0.01}, {"lr": 0.01, "amsgrad": True, "betas": (0.8, 0.99)}],
}


def _resume(name):
    def check(student, credit):
        for seed, options in enumerate(RESUME_CASES[name]):
            params, grads = make_problem(50 + seed)
            group_options = [{}, {"lr": options["lr"] / 2}]
            groups = groups_of(params, group_options)
            changes = lr_schedule(name, options, group_options)
            split = 10
            setup = Text(f"{name}({options_text(options)}) on two param groups: {split} steps, then state_dict(), a fresh "
                         f"{name} on copies of the parameters, load_state_dict(), and {STEPS - split} more steps",
                         f"{name}({options_text(options)}) 作用于两个参数组：先走 {split} 步，然后 state_dict()，在参数的副本上"
                         f"新建一个 {name}，load_state_dict()，再走 {STEPS - split} 步")
            with credit.case(Text(options_text(options), options_text(options))):  # code: one form for both
                got = student.scenario("resume", name, groups, options, grads, split, changes)["params"]
                want = scenarios.trajectory(TORCH, name, groups, options, grads, changes)["params"]
                compare_runs(got, want, setup=setup, resumed_at=split)
    return check


test_sgd_resume = graded(1, "SGD", Text("SGD: state_dict() / load_state_dict() round trip continues the same trajectory", "SGD：经 state_dict() / load_state_dict() 往返后继续同一条轨迹"))(_resume("SGD"))
test_adagrad_resume = graded(1, "Adagrad", Text("Adagrad: state_dict() / load_state_dict() round trip continues the same trajectory", "Adagrad：经 state_dict() / load_state_dict() 往返后继续同一条轨迹"))(_resume("Adagrad"))
test_rmsprop_resume = graded(1, "RMSprop", Text("RMSprop: state_dict() / load_state_dict() round trip continues the same trajectory", "RMSprop：经 state_dict() / load_state_dict() 往返后继续同一条轨迹"))(_resume("RMSprop"))
test_adam_resume = graded(1, "Adam", Text("Adam: state_dict() / load_state_dict() round trip continues the same trajectory", "Adam：经 state_dict() / load_state_dict() 往返后继续同一条轨迹"))(_resume("Adam"))


# ------------------------------------------------------------- missing gradients, .grad untouched

# Parameter 1 has no gradient on its first 3 steps and again on steps 10-13; parameter 2 on step 6.
NONE_AT = {(k, 1) for k in (0, 1, 2, 9, 10, 11, 12)} | {(5, 2)}
SKIP_OPTIONS = {
    "SGD": {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1},
    "Adagrad": {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1},
    "RMSprop": {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1},
    "Adam": {"lr": 0.01, "weight_decay": 0.1},
}


def _skip_and_untouched(name):
    def check(student, credit):
        options = SKIP_OPTIONS[name]
        params, grads = make_problem(70, none_at=NONE_AT)
        groups = groups_of(params, [{}, {}])
        setup = Text(f"{name}({options_text(options)}); parameter 1 has .grad = None on steps 1-3 and 10-13, parameter 2 on step 6",
                     f"{name}({options_text(options)})；参数 1 在第 1-3 步和第 10-13 步 .grad = None，参数 2 在第 6 步")
        got = student.scenario("trajectory", name, groups, options, grads)
        with credit.case(Text("parameters whose .grad is None are skipped", ".grad 为 None 的参数被跳过")):
            want = scenarios.trajectory(TORCH, name, groups, options, grads)["params"]
            zeros = [[torch.zeros(s, dtype=torch.float64) if g is None else g
                      for g, s in zip(step, [s for group in SHAPES for s in group])] for step in grads]
            as_zero = _safe(lambda: scenarios.trajectory(TORCH, name, groups, options, zeros))
            hint = Text("a parameter whose .grad is None must be skipped, not updated as if its gradient were zero",
                        ".grad 为 None 的参数必须跳过，而不是当作梯度为零来更新")
            try:
                compare_runs(got["params"], want, setup=setup, hints_at=lambda k, i: [Hint(hint, _at(as_zero, k, i))])
            except Mismatch as exc:
                always_has_grad = _all_close([s[:1] for s in got["params"]], [s[:1] for s in want], *TOLERANCE[torch.float64])
                if always_has_grad and not any(mark in str(exc) for mark in ("Hint:", "提示：")):
                    raise Mismatch(Text(f"{exc}. Your parameter 0, which always has a gradient, is right: a parameter whose "
                                        ".grad is None is not updated at all, and its state (buffers, step count) stays as it "
                                        "was: `if p.grad is None: continue`",
                                        f"{exc}。你的参数 0（它总有梯度）是对的：.grad 为 None 的参数完全不更新，"
                                        "它的状态（缓冲、步数）保持不变：`if p.grad is None: continue`")) from None
                raise
        with credit.case(Text("p.grad is never modified", "从不修改 p.grad")):
            for k, step in enumerate(grads):
                for i, given in enumerate(step):
                    after = got["grads"][k][i]
                    if given is None:
                        continue
                    if not isinstance(after, torch.Tensor) or after.shape != given.shape or not torch.equal(after, given):
                        raise Mismatch(Text(f"{name}.step() changed {LABELS[i]}.grad in place (seen after step {k + 1}; {setup}). "
                                            "Compute g = p.grad + weight_decay * p as a new tensor; never grad.add_(...)",
                                            f"{name}.step() 原地修改了 {LABELS[i]}.grad（在第 {k + 1} 步之后发现；{setup}）。"
                                            "把 g = p.grad + weight_decay * p 算成一个新张量；不要用 grad.add_(...)"))
    return check


test_sgd_skip = graded(1, "SGD", Text("SGD skips parameters without .grad and never modifies .grad", "SGD 跳过没有 .grad 的参数，且从不修改 .grad"))(_skip_and_untouched("SGD"))
test_adagrad_skip = graded(1, "Adagrad", Text("Adagrad skips parameters without .grad and never modifies .grad", "Adagrad 跳过没有 .grad 的参数，且从不修改 .grad"))(_skip_and_untouched("Adagrad"))
test_rmsprop_skip = graded(1, "RMSprop", Text("RMSprop skips parameters without .grad and never modifies .grad", "RMSprop 跳过没有 .grad 的参数，且从不修改 .grad"))(_skip_and_untouched("RMSprop"))
test_adam_skip = graded(1, "Adam", Text("Adam skips parameters without .grad and never modifies .grad", "Adam 跳过没有 .grad 的参数，且从不修改 .grad"))(_skip_and_untouched("Adam"))


# --------------------------------------------------------------------- invalid hyperparameters

INVALID = {
    "SGD": [{"lr": -0.1}, {"momentum": -0.5}, {"weight_decay": -1.0}, {"nesterov": True},
            {"momentum": 0.9, "dampening": 0.1, "nesterov": True}],
    "Adagrad": [{"lr": -0.1}, {"lr_decay": -0.1}, {"weight_decay": -1.0}, {"initial_accumulator_value": -1.0}, {"eps": -1e-10}],
    "RMSprop": [{"lr": -0.1}, {"alpha": -0.5}, {"eps": -1e-8}, {"weight_decay": -1.0}, {"momentum": -0.5}],
    "Adam": [{"lr": -0.1}, {"eps": -1e-8}, {"betas": (1.0, 0.999)}, {"betas": (0.9, 1.0)}, {"betas": (-0.1, 0.999)},
             {"weight_decay": -1.0}],
}


def _invalid(name):
    def check(student, credit):
        for options in INVALID[name]:
            call = f"{name}(params, {options_text(options)})"
            with credit.case(call):
                try:
                    scenarios.construct(TORCH, name, options)
                except ValueError:
                    pass
                else:
                    raise RuntimeError(f"grader error: torch accepts {call}")
                try:
                    student.scenario("construct", name, options)
                except StudentRaised as exc:
                    if exc.not_implemented:
                        raise
                    if not exc.is_a(ValueError):
                        raise Mismatch(Text(f"{call} should raise ValueError like torch.optim.{name}; yours raised "
                                            f"{exc.type_name}: {exc.message[:150]}",
                                            f"{call} 应像 torch.optim.{name} 一样引发 ValueError；你的引发了 "
                                            f"{exc.type_name}：{exc.message[:150]}")) from None
                else:
                    raise Mismatch(Text(f"{call} should raise ValueError like torch.optim.{name}; yours accepted it",
                                        f"{call} 应像 torch.optim.{name} 一样引发 ValueError；你的却接受了它"))
    return check


test_sgd_invalid = graded(0.5, "SGD", Text("SGD rejects invalid hyperparameters with ValueError (negative lr, Nesterov without momentum...)", "SGD 对无效的超参数引发 ValueError（负的学习率、没有动量的 Nesterov……）"))(_invalid("SGD"))
test_adagrad_invalid = graded(0.5, "Adagrad", Text("Adagrad rejects invalid hyperparameters with ValueError", "Adagrad 对无效的超参数引发 ValueError"))(_invalid("Adagrad"))
test_rmsprop_invalid = graded(0.5, "RMSprop", Text("RMSprop rejects invalid hyperparameters with ValueError", "RMSprop 对无效的超参数引发 ValueError"))(_invalid("RMSprop"))
test_adam_invalid = graded(0.5, "Adam", Text("Adam rejects invalid hyperparameters with ValueError (betas outside [0, 1)...)", "Adam 对无效的超参数引发 ValueError（betas 不在 [0, 1) 内……）"))(_invalid("Adam"))


# ------------------------------------------------------------------------------------- speed

TIMED_OPTIONS = {
    "SGD": {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
    "Adagrad": {"lr": 0.01, "lr_decay": 0.01, "weight_decay": 0.01},
    "RMSprop": {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.01},
    "Adam": {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01},
}


def _timed_weights():
    generator = torch.Generator().manual_seed(5)
    return [torch.randn(s, generator=generator) for s in ((100, 100), (10000,), (50, 200))]


def _speed(name):
    def check(student):
        weights, options = _timed_weights(), TIMED_OPTIONS[name]
        what = Text(f"5 steps of {name}({options_text(options)}) on three float32 parameters of 10,000 elements each",
                    f"在三个各有 10,000 个元素的 float32 参数上执行 {name}({options_text(options)}) 5 步")
        # Timed first: a Python loop over the elements is cut off within a second, whereas the traced
        # check of its values below would run to the call timeout. Both must pass.
        expect_fast(student, name, name, *weights, reference=functools.partial(scenarios.timed_steps, TORCH_SINGLE),
                    scenario="timed_steps", what=what, **options)
        got = student.scenario("timed_steps", name, *weights, **options)
        want = scenarios.timed_steps(TORCH, name, *weights, **options)
        for i, (g, w) in enumerate(zip(got, want)):
            expect_close(g, w, what=Text("parameter {i} after {what}", "{what}之后的参数 {i}").format(i=i, what=what), rtol=1e-4, atol=1e-5)
    return check


test_sgd_speed = graded(1, "SGD", Text("SGD.step is vectorised per parameter (within its time budget of torch.optim.SGD)", "SGD.step 对每个参数做了向量化（在相对 torch.optim.SGD 的时间预算内）"))(_speed("SGD"))
test_adagrad_speed = graded(1, "Adagrad", Text("Adagrad.step is vectorised per parameter (within its time budget of torch.optim.Adagrad)", "Adagrad.step 对每个参数做了向量化（在相对 torch.optim.Adagrad 的时间预算内）"))(_speed("Adagrad"))
test_rmsprop_speed = graded(1, "RMSprop", Text("RMSprop.step is vectorised per parameter (within its time budget of torch.optim.RMSprop)", "RMSprop.step 对每个参数做了向量化（在相对 torch.optim.RMSprop 的时间预算内）"))(_speed("RMSprop"))
test_adam_speed = graded(1, "Adam", Text("Adam.step is vectorised per parameter (within its time budget of torch.optim.Adam)", "Adam.step 对每个参数做了向量化（在相对 torch.optim.Adam 的时间预算内）"))(_speed("Adam"))


# --------------------------------------------------------------------------------------- GPU


def _gpu(name):
    @requires_cuda
    def check(student, credit):
        label, options, group_options, _ = CASES[name][3]
        for dtype in (torch.float32, torch.float64):
            params, grads = make_problem(90, dtype, device="cuda")
            groups = groups_of(params, group_options)
            changes = lr_schedule(name, options, group_options)
            with credit.case(Text(f"{dtype}", f"{dtype}")):
                got = student.scenario("trajectory", name, groups, options, grads, changes)["params"]
                want = scenarios.trajectory(TORCH, name, groups, options, grads, changes)["params"]
                compare_runs(got, want, dtype=dtype, setup=Text(f"{name}({options_text(options)}), {label}, parameters on CUDA ({dtype})",
                                                                f"{name}({options_text(options)})，{label}，参数在 CUDA 上（{dtype}）"))
    return check


test_sgd_gpu = graded(0.5, "SGD", Text("SGD on CUDA: equals torch, parameters stay on the GPU in their dtype", "CUDA 上的 SGD：与 torch 一致，参数以原 dtype 留在 GPU 上"))(_gpu("SGD"))
test_adagrad_gpu = graded(0.5, "Adagrad", Text("Adagrad on CUDA: equals torch, parameters stay on the GPU in their dtype", "CUDA 上的 Adagrad：与 torch 一致，参数以原 dtype 留在 GPU 上"))(_gpu("Adagrad"))
test_rmsprop_gpu = graded(0.5, "RMSprop", Text("RMSprop on CUDA: equals torch, parameters stay on the GPU in their dtype", "CUDA 上的 RMSprop：与 torch 一致，参数以原 dtype 留在 GPU 上"))(_gpu("RMSprop"))
test_adam_gpu = graded(0.5, "Adam", Text("Adam on CUDA: equals torch, parameters stay on the GPU in their dtype", "CUDA 上的 Adam：与 torch 一致，参数以原 dtype 留在 GPU 上"))(_gpu("Adam"))

