"""Scenarios for the initialization topic: they run inside the sandbox on the student's module.

Each takes the module (``initialization`` itself, or a namespace exposing ``torch.nn.init``'s
functions when the grader computes torch's side) and returns plain data only.
"""
import torch

DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16}


def fill(module, name, shape, dtype="float32", kind="tensor", device="cpu", **kwargs):
    """Call ``module.<name>(t, **kwargs)`` on a fresh NaN-filled tensor ``t`` and report what happened.

    ``kind``: "tensor" (plain), "parameter" (an ``nn.Parameter``) or "requires_grad" (a leaf tensor
    with ``requires_grad=True``). Returns booleans about identity, storage and autograd history, and
    the tensor ``t`` itself after the call (detached) under "values".
    """
    t = torch.full(shape, float("nan"), dtype=DTYPES[dtype], device=device)
    if kind == "parameter":
        t = torch.nn.Parameter(t)
    elif kind == "requires_grad":
        t.requires_grad_(True)
    pointer = t.data_ptr()
    result = getattr(module, name)(t, **kwargs)
    is_tensor = isinstance(result, torch.Tensor)
    return {
        "returned_tensor": is_tensor,
        "same_object": result is t,
        "same_storage": is_tensor and result.data_ptr() == pointer and t.data_ptr() == pointer,
        "grad_fn_none": getattr(result, "grad_fn", None) is None and t.grad_fn is None,
        "requires_grad_kept": t.requires_grad == (kind != "tensor"),
        "values": t.detach().clone(),
    }


def deep_network(module, name, x, depth=50, activation="relu", **kwargs):
    """Push ``x`` (batch, width) through ``depth`` square layers ``h = act(h @ W.T)`` (no bias).

    Each weight ``W`` is a fresh ``torch.empty(width, width)`` filled by ``module.<name>(W, **kwargs)``.
    Returns the mean square of the activations after each layer, as a list of floats.
    """
    act = {"relu": torch.relu, "tanh": torch.tanh}[activation]
    width = x.shape[1]
    h = x
    mean_squares = []
    for _ in range(depth):
        w = torch.empty(width, width, dtype=x.dtype)
        result = getattr(module, name)(w, **kwargs)
        w = result if isinstance(result, torch.Tensor) else w
        h = act(h @ w.T)
        mean_squares.append(float(h.pow(2).mean()))
    return mean_squares



def call(module, name, *args, times=1, **kwargs):
    """The timed work: ``times`` calls of ``module.<name>(*args, **kwargs)`` (results are checked by other tests)."""
    fn = getattr(module, name)
    for _ in range(times):
        fn(*args, **kwargs)
