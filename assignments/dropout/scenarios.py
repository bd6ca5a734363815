"""Scenarios for the dropout topic: they run inside the sandbox on the student's module (``module``)
and return plain data (tensors, numbers, strings, lists, dicts). The hidden tests run the same
functions on torch's classes (a namespace with ``dropout``, ``Dropout`` and ``MLP``) where they
need a reference, and judge the results statistically.
"""
import functools

import torch
import torch.nn.functional as F
from torch import nn
from torch.overrides import TorchFunctionMode

_DROPOUTS = {"dropout", "feature_dropout", "alpha_dropout", "feature_alpha_dropout", "native_dropout"}


class _RevealDropout(TorchFunctionMode):
    """Makes torch's own dropout visible to the sandbox's trace.

    ``torch.dropout``, ``torch._VF.dropout`` and ``torch.ops.aten.dropout`` are C functions (no Python
    frame for the trace to see) that decompose, on the CPU, into the very aten ops an honest mask uses
    (``bernoulli_``, ``mul``, ``div_``). Under this mode every call of a dropout function from torch also
    runs ``aten.native_dropout`` once on a one-element tensor, which the trace records and the
    manifest forbids. Honest code (``rand_like``, comparisons, ``mul``) is not affected.
    """

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "").split(".")[0].rstrip("_")
        if name in _DROPOUTS:
            torch.native_dropout(torch.zeros(1), 0.5, True)
        return func(*args, **(kwargs or {}))


def _revealing(scenario):
    """Run ``scenario`` under ``_RevealDropout``."""
    @functools.wraps(scenario)
    def run(*args, **kwargs):
        with _RevealDropout():
            return scenario(*args, **kwargs)
    return run


# ------------------------------------------------------------------------------------ dropout

def dropout_call(module, x, p):
    """One call ``dropout(x, p, training=True)`` (what the timing test repeats)."""
    return module.dropout(x, p, True)


@_revealing
def dropout_outputs(module, x, ps):
    """``[dropout(x, p) for p in ps]``, training."""
    return [module.dropout(x, p) for p in ps]


# ------------------------------------------------------------------------------------ Dropout

@_revealing
def dropout_layer_facts(module, x, p=None):
    """Build ``Dropout(p)`` (``Dropout()`` when p is None) and use it in train and eval mode."""
    layer = module.Dropout() if p is None else module.Dropout(p)
    facts = {
        "is_module": isinstance(layer, nn.Module),
        "parameters": [tuple(t.shape) for t in layer.parameters()],
        "training_at_start": bool(layer.training),
    }
    train = [layer(x), layer(x)]
    returned = layer.eval()
    facts["eval_returns_layer"] = returned is layer
    facts["training_after_eval"] = bool(layer.training)
    evaluation = [layer(x), layer(x)]
    layer.train()
    facts["training_after_train"] = bool(layer.training)
    train.append(layer(x))
    facts["train"] = train
    facts["eval"] = evaluation
    return facts


@_revealing
def dropout_layer_bad_p(module, x, p):
    """Where ``Dropout(p)`` with an invalid p raises: "construction", "forward", or "none"."""
    try:
        layer = module.Dropout(p)
    except ValueError:
        return "construction"
    except Exception as exc:  # noqa: BLE001  (the judge tells the student which type it got)
        return f"construction raised {type(exc).__name__}"
    try:
        layer.train()
        layer(x)
    except ValueError:
        return "forward"
    except Exception as exc:  # noqa: BLE001
        return f"forward raised {type(exc).__name__}"
    return "none"


def dropout_layer_call(module, x, p):
    """Build ``Dropout(p)`` and apply it once in training mode (what the timing test repeats)."""
    return module.Dropout(p)(x)


@_revealing
def dropout_layer_on_device(module, x, p):
    """``Dropout(p)`` on ``x``'s device (CUDA tests): train output and eval output."""
    layer = module.Dropout(p).to(x.device)
    train = layer(x)
    layer.eval()
    return {"train": train, "eval": layer(x)}


# ---------------------------------------------------------------------------------------- MLP

def _linears(net):
    return [m for m in net.modules() if isinstance(m, nn.Linear)]


def _build(module, sizes, dropouts=None):
    if sizes is None:
        return module.MLP()
    if dropouts is None:
        return module.MLP(*sizes)
    return module.MLP(*sizes, dropout1=dropouts[0], dropout2=dropouts[1])


@_revealing
def mlp_structure(module, sizes=None):
    """``MLP(*sizes)`` (the defaults when None): its Linear layers in creation order and parameter count."""
    net = _build(module, sizes)
    return {
        "is_module": isinstance(net, nn.Module),
        "linears": [(m.in_features, m.out_features, m.bias is not None) for m in _linears(net)],
        "parameters": sum(t.numel() for t in net.parameters()),
        "training_at_start": bool(net.training),
    }


@_revealing
def mlp_forward(module, sizes, dropouts, x, mode, calls=2, seed=0):
    """Build ``MLP(*sizes, dropout1, dropout2)``, put it in ``mode`` ("train"/"eval"), call it ``calls`` times.

    Returns the outputs, the Linear layers' weights and biases (creation order) and, for the first
    call, the input each Linear layer received (recorded by forward hooks; None where a layer was not called).
    """
    torch.manual_seed(seed)
    net = _build(module, sizes, dropouts).to(x.device)
    linears = _linears(net)
    seen = [None] * len(linears)

    def recorder(index):
        def hook(layer, inputs, output):
            if seen[index] is None:
                seen[index] = inputs[0].detach().clone()
        return hook

    handles = [layer.register_forward_hook(recorder(i)) for i, layer in enumerate(linears)]
    net.train() if mode == "train" else net.eval()
    outputs = [net(x) for _ in range(calls)]
    for handle in handles:
        handle.remove()
    return {
        "outputs": outputs,
        "weights": [(layer.weight.detach(), None if layer.bias is None else layer.bias.detach()) for layer in linears],
        "linear_inputs": seen,
    }


def xor_clusters(n, num_inputs, seed):
    """A small learnable data set that no linear model can fit: 4 Gaussian clusters at (+-3, +-3) in the
    first two coordinates (the class is 1 where the signs differ, XOR), standard normal noise in all
    coordinates."""
    generator = torch.Generator().manual_seed(seed)
    corners = torch.randint(0, 4, (n,), generator=generator)
    signs = torch.stack([corners % 2, corners // 2], dim=1).float() * 2 - 1
    X = torch.randn(n, num_inputs, generator=generator)
    X[:, :2] += 3.0 * signs
    y = (signs[:, 0] != signs[:, 1]).long()
    return X, y


@_revealing
def train_mlp(module, seed=0, num_inputs=8, hiddens=32, epochs=15, batch_size=32, lr=0.1, n=256):
    """Train ``MLP(num_inputs, hiddens, hiddens, 2, 0.2, 0.5)`` with minibatch SGD on cross-entropy on
    ``xor_clusters``; report the loss before and after, and the accuracies in eval mode."""
    torch.manual_seed(seed)
    X, y = xor_clusters(n, num_inputs, seed)
    X_test, y_test = xor_clusters(n, num_inputs, seed + 1)
    net = module.MLP(num_inputs, hiddens, hiddens, 2, dropout1=0.2, dropout2=0.5)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)

    def evaluate(features, labels):
        net.eval()
        with torch.no_grad():
            logits = net(features)
        net.train()
        return float(F.cross_entropy(logits, labels)), float((logits.argmax(dim=1) == labels).float().mean())

    loss_before, _ = evaluate(X, y)
    net.train()
    for _ in range(epochs):
        for start in range(0, n, batch_size):
            loss = F.cross_entropy(net(X[start:start + batch_size]), y[start:start + batch_size])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    loss_after, train_accuracy = evaluate(X, y)
    _, test_accuracy = evaluate(X_test, y_test)
    return {"loss_before": loss_before, "loss_after": loss_after,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}


def train_steps(module, X, y, steps=3, lr=0.1):
    """A few SGD steps of ``MLP(X.shape[1], 32, 32, 10)`` on ``(X, y)`` (what the timing test repeats)."""
    net = module.MLP(X.shape[1], 32, 32, 10)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    net.train()
    for _ in range(steps):
        loss = F.cross_entropy(net(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return float(loss.detach())
