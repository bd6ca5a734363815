"""Comparing the student's answer with torch's, and saying what is wrong in the student's terms.

Order of checks: is it a tensor, shape, dtype, device, then values (``torch.testing.assert_close``
with per-dtype tolerances widened by a few ulps of the inputs' magnitude), then gradients.
Messages give the input's shape and dtype, where and how large the error is, and a hint when the
answer matches a known mistake. They never print the expected values of a hidden test.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable

import torch

from autograder.i18n import Text, tr
from autograder.judge.errors import StudentRaised

# torch.testing's defaults for (rtol, atol); atol is widened by ULPS_OF_INPUT * eps * |input|.
_TOLERANCES = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
}
ULPS_OF_INPUT = 8


class Mismatch(AssertionError):
    """The student's answer is wrong; ``str()`` is the feedback they read."""


@dataclass
class Hint:
    """A known mistake: if the student's answer is close to ``candidate``, tell them ``message``."""

    message: str | Text  # Text(en=..., zh=...): shown in the student's language
    candidate: torch.Tensor | Callable[[], torch.Tensor]


def describe(value) -> Text:
    """The value in words, in both languages (a ``Text``: it renders in the run's language)."""
    if isinstance(value, torch.Tensor):
        shape = "(" + ", ".join(str(s) for s in value.shape) + ("," if value.dim() == 1 else "") + ")"
        device = "" if value.device.type == "cpu" else _both("describe.device", device=value.device)
        return _both("describe.tensor", dtype=str(value.dtype).replace("torch.", ""), shape=shape, device=device)
    if isinstance(value, (list, tuple)):
        return _both("describe.sequence", kind=type(value).__name__, count=len(value))
    return _both("describe.other", kind=type(value).__name__)


def _both(key: str, **values) -> Text:
    """A catalog message in both languages (for helpers whose result test files embed)."""
    from autograder.i18n.catalog import MESSAGES

    def fill(lang):
        return MESSAGES[key][lang].format(**{k: getattr(v, lang) if isinstance(v, Text) else v for k, v in values.items()})
    return Text(fill("en"), fill("zh"))


def input_scale(*tensors) -> float:
    """The largest finite magnitude among the inputs (rounding errors grow with it)."""
    scale = 0.0
    for tensor in tensors:
        if isinstance(tensor, torch.Tensor) and tensor.is_floating_point() and tensor.numel():
            largest = float(tensor.detach().abs().max())  # one reduction when all are finite, as usual
            if not math.isfinite(largest):
                finite = tensor.detach()[torch.isfinite(tensor.detach())]
                largest = float(finite.abs().max()) if finite.numel() else 0.0
            scale = max(scale, largest)
    return scale


def tolerances(dtype: torch.dtype, scale: float = 0.0) -> tuple[float, float]:
    rtol, atol = _TOLERANCES.get(dtype, (0.0, 0.0))
    if dtype.is_floating_point:
        atol += ULPS_OF_INPUT * torch.finfo(dtype).eps * scale
    return rtol, atol


def expect_tensor_like(actual, expected: torch.Tensor, what: str, check_dtype: bool = True) -> None:
    if not isinstance(actual, torch.Tensor):
        raise Mismatch(tr("compare.not_tensor", what=what, got=describe(actual)))
    if actual.shape != expected.shape:
        raise Mismatch(tr("compare.shape", what=what, want=tuple(expected.shape), got=tuple(actual.shape)))
    if check_dtype and actual.dtype != expected.dtype:
        raise Mismatch(tr("compare.dtype", what=what, want=expected.dtype, got=actual.dtype))
    if actual.device != expected.device:
        raise Mismatch(tr("compare.device", what=what, want=expected.device, got=actual.device))


def _matches(actual: torch.Tensor, candidate: torch.Tensor) -> bool:
    try:
        torch.testing.assert_close(actual, candidate.to(actual.dtype), rtol=1e-3, atol=1e-4, equal_nan=True, check_device=False)
        return True
    except (AssertionError, RuntimeError, TypeError, ValueError):
        return False


def _distance(a: torch.Tensor, b: torch.Tensor) -> float:
    """Largest difference where both are finite; infinite if their nan/inf patterns differ."""
    a, b = a.detach().cpu().double(), b.detach().cpu().to(a.dtype).double() if b.dtype != a.dtype else b.detach().cpu().double()
    finite = torch.isfinite(a) & torch.isfinite(b)
    if not torch.equal(finite, torch.isfinite(a)) or not torch.equal(finite, torch.isfinite(b)):
        return float("inf")
    return float((a - b)[finite].abs().max()) if finite.any() else 0.0


def _value_report(actual: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float) -> str:
    a, e = actual.detach().cpu().double(), expected.detach().cpu().double()
    lines = []
    bad_nonfinite = (~torch.isfinite(a)) & torch.isfinite(e)
    if bad_nonfinite.any():
        count = int(bad_nonfinite.sum())
        lines.append(tr("compare.nonfinite", count=count))
    missing_nonfinite = torch.isfinite(a) & ~torch.isfinite(e)
    if missing_nonfinite.any():
        lines.append(tr("compare.missing_nonfinite", count=int(missing_nonfinite.sum())))
    both = torch.isfinite(a) & torch.isfinite(e)
    error = torch.where(both, (a - e).abs(), torch.zeros_like(a))
    allowed = atol + rtol * e.abs().where(both, torch.zeros_like(e))
    wrong = (error > allowed) & both
    if wrong.any():
        flat = int(torch.argmax(torch.where(wrong, error, torch.zeros_like(error))))
        index = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), a.shape)) if a.dim() else ()
        lines.append(tr("compare.wrong_values", wrong=int(wrong.sum()), total=a.numel(),
                        error=f"{float(error.flatten()[flat]):.3g}", index=index,
                        allowed=f"{float(allowed.flatten()[flat]):.2g}"))
    return tr("compare.separator").join(lines) or tr("compare.values_differ")


def _plainly_close(actual: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float) -> bool:
    """The common case, answered by the one kernel ``assert_close`` itself runs on dense floating-point
    tensors of one dtype (torch.isclose): without its checks and message building, 10x cheaper. False
    sends the comparison on to ``assert_close``, which decides and words any mismatch."""
    if not (type(actual) is torch.Tensor and type(expected) is torch.Tensor and actual.dtype == expected.dtype
            and actual.shape == expected.shape and actual.device == expected.device
            and actual.layout == expected.layout == torch.strided
            and (actual.dtype.is_complex or (actual.dtype.is_floating_point and actual.dtype.itemsize > 1))):
        return False
    return bool(torch.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True).all())


def expect_close(actual, expected, *, what: str | Text, inputs: Iterable = (), scale: float | None = None,
                 rtol: float | None = None, atol: float | None = None, hints: Iterable[Hint] = (),
                 check_dtype: bool = True) -> None:
    """``actual`` (the student's) must equal ``expected`` (torch's) up to rounding.

    ``what`` names the call in the student's terms ("softmax(x, dim=1) for x a float32 tensor of shape (4, 7)").
    ``inputs`` are the tensors the result was computed from: their magnitude widens ``atol``.
    ``hints`` are iterated only after a mismatch: a generator defers the cost of working them out.
    """
    if isinstance(expected, (tuple, list)):  # e.g. a (w, b) pair: compare item by item
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            raise Mismatch(tr("compare.return_kind", what=what, want=describe(expected), got=describe(actual)))
        for index, (got, want) in enumerate(zip(actual, expected)):
            expect_close(got, want, what=tr("compare.item", what=what, index=index), inputs=inputs, scale=scale, rtol=rtol, atol=atol,
                         hints=hints, check_dtype=check_dtype)
        return
    if not isinstance(expected, torch.Tensor):
        expected = torch.as_tensor(expected)
        if isinstance(actual, (int, float, bool)):
            actual = torch.as_tensor(actual, dtype=expected.dtype)
    expect_tensor_like(actual, expected, what, check_dtype=check_dtype)
    default_rtol, default_atol = tolerances(expected.dtype, input_scale(*inputs) if scale is None else scale)
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    if _plainly_close(actual, expected, rtol, atol):
        return
    try:
        torch.testing.assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=True, check_dtype=check_dtype)
        return
    except AssertionError:
        pass
    message = tr("compare.what_report", what=what, report=_value_report(actual, expected, rtol, atol))
    for hint in hints:
        candidate = hint.candidate() if callable(hint.candidate) else hint.candidate
        if not isinstance(candidate, torch.Tensor) or candidate.shape != actual.shape:
            continue
        if _matches(expected, candidate):
            continue  # on this input the mistake gives the right answer: it cannot explain the error
        # The answer must match the mistake, and be far closer to it than to the right answer.
        if _matches(actual, candidate) and 20 * _distance(actual, candidate) <= _distance(actual, expected):
            message += tr("compare.hint", message=hint.message)
            break
    raise Mismatch(message)


def expect_equal(actual, expected, *, what: str | Text) -> None:
    """Exact equality for non-tensor answers (ints, tuples, strings)."""
    if actual != expected:
        raise Mismatch(tr("compare.expected_got", what=what, want=repr(expected), got=repr(actual)))


# Exception families the contract accepts as "the same kind of error" as torch's.
_FAMILIES = (ValueError, TypeError, IndexError, RuntimeError)


def expect_raises(student, name: str, *args, like: Callable, accept: tuple[type, ...] | None = None, what: str, **kwargs):
    """The student's ``name`` must raise where torch's ``like`` raises, with an exception of the same family."""
    try:
        like(*args, **kwargs)
    except Exception as torch_error:
        expected = accept or tuple(f for f in _FAMILIES if isinstance(torch_error, f))[:1] or (type(torch_error),)
    else:
        raise RuntimeError(f"grader error: torch does not raise for {what}")
    names = tr("compare.or").join(e.__name__ for e in expected)
    try:
        result = student.run(name, *args, **kwargs).value
    except StudentRaised as raised:
        if raised.not_implemented:
            raise
        if any(raised.is_a(e) for e in expected):
            return
        raise Mismatch(tr("compare.raised_other", what=what, names=names, type=raised.type_name,
                          message=raised.message[:200])) from None
    raise Mismatch(tr("compare.raised_none", what=what, names=names, got=describe(result)))


def expect_unchanged(before, after, *, what: str) -> None:
    """The student's function must not modify its inputs in place."""
    for index, (old, new) in enumerate(zip(before, after)):
        if isinstance(old, torch.Tensor):
            try:
                torch.testing.assert_close(new, old, rtol=0, atol=0, equal_nan=True, check_device=False)
            except (AssertionError, TypeError):
                raise Mismatch(tr("compare.in_place", what=what, index=index)) from None


def expect_gradients(student, name: str, *args, reference: Callable, wrt: Iterable[int] = (0,),
                     what: str, grad_output: torch.Tensor | None = None, hints: Iterable[Hint] = (), **kwargs) -> None:
    """Gradients through the student's function equal those through torch's, for a random upstream gradient."""
    wrt = list(wrt)

    def leaves():
        return [a.detach().clone().requires_grad_(i in wrt) if isinstance(a, torch.Tensor) and i in wrt else a
                for i, a in enumerate(args)]

    ref_args = leaves()
    ref_out = reference(*ref_args, **kwargs)
    if grad_output is None:
        generator = torch.Generator().manual_seed(1234)
        grad_output = torch.randn(ref_out.shape, generator=generator, dtype=ref_out.dtype).to(ref_out.device)
    ref_grads = torch.autograd.grad(ref_out, [ref_args[i] for i in wrt], grad_output, allow_unused=True)
    run = student.run(name, *leaves(), grad_wrt=wrt, grad_output=grad_output, **kwargs)
    if run.grad_error:
        raise Mismatch(tr("compare.grad_error", what=what, error=run.grad_error))
    for position, index in enumerate(wrt):
        got, want = run.grads[position], ref_grads[position]
        if want is None:
            want = torch.zeros_like(args[index])
        if got is None:
            raise Mismatch(tr("compare.grad_missing", what=what, index=index))
        expect_close(got, want, what=tr("compare.grad_wrt", what=what, index=index), inputs=[*args, grad_output], hints=hints)
