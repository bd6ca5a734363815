"""Scenarios for weight_decay: stateful checks that run inside the sandbox on the student's module.

Each function takes the module under test first (the student's, or in the judge a namespace holding
torch's classes or the reference) and returns plain data only. The same functions run the torch
reference in the judge, so the student's and torch's runs do exactly the same work.
"""
import torch
from torch import nn

# ------------------------------------------------------------------------------------- AdamW


def _make_params(shapes, generator, dtype, device):
    return [torch.randn(shape, generator=generator, dtype=torch.float64).to(dtype=dtype, device=device).requires_grad_()
            for shape in shapes]


def _loss(params, targets, scales, noises):
    """A smooth loss whose gradients change sign and scale from step to step."""
    total = 0.0
    for p, target, scale, noise in zip(params, targets, scales, noises):
        total = total + (scale * ((p - target) ** 2 + noise * p + 0.1 * torch.sin(3 * p))).sum()
    return total


def adamw_trajectory(module, shapes, groups, defaults, steps, lr_changes=(), grad_scales=None, seed=0,
                     dtype=torch.float64, device="cpu", none_grad=()):
    """Run ``module.AdamW`` for ``steps`` steps; return the parameters after every step, flattened.

    ``groups`` is a list of dicts {"indices": [...], **options}: which parameters form each
    param group and the group's own hyperparameters; ``defaults`` are the constructor's keyword
    arguments. ``lr_changes`` lists [step, group, lr]: before that step, ``param_groups[group]["lr"]``
    is set to ``lr`` (as a scheduler would). Parameters listed in ``none_grad`` never get a gradient.
    Returns a tensor of shape (steps, total number of elements).
    """
    generator = torch.Generator().manual_seed(seed)
    params = _make_params(shapes, generator, dtype, device)
    targets = [torch.randn(s, generator=generator, dtype=torch.float64).to(dtype=dtype, device=device) for s in shapes]
    grad_scales = grad_scales or [1.0] * len(shapes)
    param_groups = [{"params": [params[i] for i in group["indices"]], **{k: v for k, v in group.items() if k != "indices"}}
                    for group in groups]
    optimizer = module.AdamW(param_groups, **defaults)
    changes = {}
    for step, group, lr in lr_changes:
        changes.setdefault(step, []).append((group, lr))
    history = []
    for step in range(steps):
        for group, lr in changes.get(step, ()):
            optimizer.param_groups[group]["lr"] = lr
        noises = [torch.randn(s, generator=generator, dtype=torch.float64).to(dtype=dtype, device=device) for s in shapes]
        for p in params:
            p.grad = None
        with_grad = [i for i in range(len(params)) if i not in none_grad]
        loss = _loss([params[i] for i in with_grad], [targets[i] for i in with_grad],
                     [grad_scales[i] for i in with_grad], [noises[i] for i in with_grad])
        loss.backward()
        optimizer.step()
        history.append(torch.cat([p.detach().flatten() for p in params]).clone())
    return torch.stack(history)


def adamw_closure(module, steps, seed=0):
    """``step(closure)`` must call the closure and return its loss. Returns (losses returned, trajectory)."""
    generator = torch.Generator().manual_seed(seed)
    params = _make_params([(3, 4), (4,)], generator, torch.float64, "cpu")
    targets = [torch.randn(p.shape, generator=generator, dtype=torch.float64) for p in params]
    optimizer = module.AdamW(params, lr=0.05, weight_decay=0.1)
    zeros = [torch.zeros_like(t) for t in targets]

    def closure():
        for p in params:
            p.grad = None
        loss = _loss(params, targets, [1.0, 1.0], zeros)
        loss.backward()
        return loss

    returned, history = [], []
    for _ in range(steps):
        loss = optimizer.step(closure)
        returned.append(None if loss is None else torch.as_tensor(loss).detach().clone())
        history.append(torch.cat([p.detach().flatten() for p in params]).clone())
    return returned, torch.stack(history)


def adamw_resume(module, steps_before, steps_after, seed=0):
    """Train, save ``state_dict()``, load it into a NEW optimizer over the same parameters, go on training.

    Returns the trajectory of all steps (before and after resuming).
    """
    generator = torch.Generator().manual_seed(seed)
    shapes = [(4, 3), (3,)]
    params = _make_params(shapes, generator, torch.float64, "cpu")
    targets = [torch.randn(s, generator=generator, dtype=torch.float64) for s in shapes]
    groups = [{"params": [params[0]], "weight_decay": 0.2}, {"params": [params[1]], "weight_decay": 0.0}]
    optimizer = module.AdamW(groups, lr=0.05, betas=(0.8, 0.9))
    history = []
    for step in range(steps_before + steps_after):
        if step == steps_before:
            saved = optimizer.state_dict()
            optimizer = module.AdamW([{"params": [params[0]], "weight_decay": 0.2},
                                      {"params": [params[1]], "weight_decay": 0.0}], lr=0.05, betas=(0.8, 0.9))
            optimizer.load_state_dict(saved)
        noises = [torch.randn(s, generator=generator, dtype=torch.float64) for s in shapes]
        for p in params:
            p.grad = None
        _loss(params, targets, [1.0, 1.0], noises).backward()
        optimizer.step()
        history.append(torch.cat([p.detach().flatten() for p in params]).clone())
    return torch.stack(history)


def adamw_errors(module, cases):
    """For each dict of keyword arguments, the exception class names (mro) AdamW's constructor raises, or None."""
    raised = []
    for kwargs in cases:
        try:
            module.AdamW([torch.zeros(2, requires_grad=True)], **kwargs)
        except Exception as exc:  # noqa: BLE001 - any exception is reported, the judge decides
            raised.append([cls.__name__ for cls in type(exc).__mro__])
        else:
            raised.append(None)
    return raised


def adamw_steps(module, shape, steps, device="cpu"):
    """Timing: ``steps`` AdamW steps on two parameters (a matrix and a vector) with fixed gradients."""
    generator = torch.Generator().manual_seed(0)
    weight = torch.randn(shape, generator=generator).to(device).requires_grad_()
    bias = torch.randn(shape[:1], generator=generator).to(device).requires_grad_()
    weight.grad = torch.randn(shape, generator=generator).to(device)
    bias.grad = torch.randn(shape[:1], generator=generator).to(device)
    optimizer = module.AdamW([{"params": [weight]}, {"params": [bias], "weight_decay": 0.0}], lr=0.01, weight_decay=0.1)
    for _ in range(steps):
        optimizer.step()
    return weight.detach()


# ------------------------------------------------------------------------------ param groups


class _Tied(nn.Module):
    """A tiny language model whose output layer shares the embedding's weight, and a block used twice."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(12, 8)
        self.block = nn.Sequential(nn.Linear(8, 8), nn.LayerNorm(8))
        self.output = nn.Linear(8, 12, bias=False)
        self.output.weight = self.embedding.weight

    def forward(self, tokens):
        h = self.embedding(tokens)
        return self.output(self.block(self.block(h)))


class _Block(nn.Module):
    """A transformer-like block: LayerNorm, bias-free projections, a learned scalar temperature."""

    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(16)
        self.query = nn.Linear(16, 16, bias=False)
        self.value = nn.Linear(16, 16, bias=False)
        self.temperature = nn.Parameter(torch.tensor(1.0))
        self.norm2 = nn.LayerNorm(16, bias=False)
        self.mlp = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.Linear(32, 16))
        self.positions = nn.Parameter(torch.zeros(1, 4, 16))


def build_model(name):
    """The models param_groups is tried on, built the same way (seed 0) in the sandbox and in the judge."""
    torch.manual_seed(0)
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 4))
    if name == "cnn":
        return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                             nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                             nn.Linear(8, 10))
    if name == "block":
        return _Block()
    if name == "tied":
        return _Tied()
    if name.startswith("deep"):  # "deep<N>": N (Linear, LayerNorm) pairs, for timing
        layers = []
        for _ in range(int(name[4:])):
            layers += [nn.Linear(4, 4), nn.LayerNorm(4)]
        return nn.Sequential(*layers)
    raise ValueError(f"unknown model {name!r}")


def _as_list(params):
    if isinstance(params, torch.Tensor):
        return [params]
    return list(params)


def param_groups_report(module, model_name, weight_decay, device="cpu", sgd_step=True):
    """What ``module.param_groups(model, weight_decay)`` returned, in names rather than tensors.

    Returns a dict:
      "type": the result's type name; "groups": for each group, {"keys", "names", "weight_decay",
      "weight_decay_type"}, names found by identity among ``model.named_parameters()`` ("<not a
      parameter of the model>" otherwise); "sgd_error": why torch.optim.SGD refused the groups, or
      None; "after_step": the model's parameters by name after one torch.optim.SGD step (lr 0.1)
      on the loss sum(p ** 2 / 2 + p) with these groups; "device_ok": the parameters are the model's own.
    """
    model = build_model(model_name).to(device)
    names = {id(p): name for name, p in model.named_parameters()}
    result = module.param_groups(model, weight_decay)
    report = {"type": type(result).__name__, "groups": [], "sgd_error": None, "after_step": None}
    if not isinstance(result, (list, tuple)):
        return report
    groups = []
    for group in result:
        if not isinstance(group, dict):
            report["groups"].append({"keys": None, "names": [], "weight_decay": None, "weight_decay_type": type(group).__name__})
            continue
        params = _as_list(group.get("params", []))
        groups.append({**group, "params": params})
        wd = group.get("weight_decay")
        report["groups"].append({
            "keys": sorted(str(k) for k in group),
            "names": [names.get(id(p), "<not a parameter of the model>") for p in params],
            "weight_decay": float(wd) if isinstance(wd, (int, float)) else None,
            "weight_decay_type": type(wd).__name__,
        })
    if sgd_step and len(groups) == len(result):
        try:
            optimizer = torch.optim.SGD(groups, lr=0.1)
        except Exception as exc:  # noqa: BLE001
            report["sgd_error"] = f"{type(exc).__name__}: {exc}"
            return report
        loss = sum((p ** 2 / 2 + p).sum() for p in model.parameters())
        loss.backward()
        optimizer.step()
        report["after_step"] = {name: p.detach().clone() for name, p in model.named_parameters()}
    return report


_CACHED_MODELS = {}


def param_groups_timing(module, model_name, weight_decay, repeats):
    """Timing: ``repeats`` calls of ``param_groups`` on a model built once per sandbox (the build is not timed)."""
    if model_name not in _CACHED_MODELS:
        _CACHED_MODELS[model_name] = build_model(model_name)
    return [len(module.param_groups(_CACHED_MODELS[model_name], weight_decay)) for _ in range(repeats)]


# ---------------------------------------------------------------------- fit_linear_regression


def fit_call(module, *args):
    """Timing: one call of ``fit_linear_regression`` (its pair of results reduced to w)."""
    return module.fit_linear_regression(*args)[0]
