"""The comparison helpers: what counts as rounding, and what the student is told."""
from __future__ import annotations

import pytest
import torch

from autograder.judge.compare import Hint, Mismatch, expect_close, expect_unchanged, tolerances


def test_a_few_ulps_of_the_inputs_magnitude_is_rounding_not_a_bug():
    x = torch.tensor([[1000.0, -1000.0, 999.0], [-1000.0, -1000.0, -1000.0]])
    rewritten = x - torch.logsumexp(x, dim=1, keepdim=True)  # a correct log_softmax written differently
    expected = torch.log_softmax(x, dim=1)
    with pytest.raises(AssertionError):  # plain default tolerances call this a bug ...
        torch.testing.assert_close(rewritten, expected)
    expect_close(rewritten, expected, what="log_softmax(x)", inputs=[x])  # ... scale-aware ones do not


def test_tolerance_grows_with_the_input_scale():
    assert tolerances(torch.float32, 1000.0)[1] > tolerances(torch.float32, 1.0)[1] > 0


def test_broadcastable_shapes_are_not_equal():
    with pytest.raises(Mismatch, match=r"shape \(5,\); yours has shape \(1,\)"):
        expect_close(torch.tensor([1.0]), torch.ones(5), what="f(x)")


def test_dtype_is_checked_before_values():
    with pytest.raises(Mismatch, match="dtype torch.float64; yours has torch.float32"):
        expect_close(torch.ones(3), torch.ones(3, dtype=torch.float64), what="f(x)")


def test_non_tensor_results_are_named():
    with pytest.raises(Mismatch, match="should return a tensor; yours returned a list"):
        expect_close([1.0, 2.0], torch.ones(2), what="f(x)")


def test_value_errors_report_where_and_how_large():
    expected = torch.zeros(3, 4)
    actual = expected.clone()
    actual[2, 1] = 0.5
    with pytest.raises(Mismatch) as caught:
        expect_close(actual, expected, what="softmax(x, dim=1) for x a float32 tensor of shape (3, 4)")
    message = str(caught.value)
    assert "1 of 12 elements differ" in message and "0.5 at index (2, 1)" in message
    assert "shape (3, 4)" in message


def test_overflow_is_recognised():
    x = torch.tensor([1000.0, 0.0])
    naive = x.exp() / x.exp().sum()
    with pytest.raises(Mismatch, match="nan or inf where the correct result is finite"):
        expect_close(naive, torch.softmax(x, 0), what="softmax(x)", inputs=[x])


def test_a_known_mistake_gets_its_hint():
    x = torch.randn(3, 4, generator=torch.Generator().manual_seed(0))
    wrong = torch.softmax(x, dim=0)
    hints = [Hint("unrelated", torch.zeros(3, 4)), Hint("you normalised over dim 0", wrong)]
    with pytest.raises(Mismatch, match="Hint: you normalised over dim 0"):
        expect_close(wrong, torch.softmax(x, dim=1), what="softmax(x, dim=1)", inputs=[x], hints=hints)


def test_nan_where_torch_gives_nan_is_correct():
    x = torch.full((2, 3), float("-inf"))
    expect_close(torch.full((2, 3), float("nan")), torch.softmax(x, dim=1), what="softmax(x)", inputs=[x])


def test_in_place_changes_are_caught():
    before = [torch.arange(4.0)]
    expect_unchanged(before, [torch.arange(4.0)], what="f(x)")
    with pytest.raises(Mismatch, match="changed its input argument 0 in place"):
        expect_unchanged(before, [torch.arange(4.0) - 1], what="f(x)")
