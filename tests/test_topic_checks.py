"""Properties of a topic's checks that hold for every student, so they are not re-checked in every grading."""
from __future__ import annotations

import importlib.util
import math

import pytest
import torch


def _hidden_tests(course_root, topic: str):
    spec = importlib.util.spec_from_file_location(f"{topic}_hidden_for_checks", course_root / "assignments" / topic / "test_hidden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_"])
def test_naive_init_leaves_the_deep_network_band(course_root, name):
    """The deep-network test tells a right init from a naive one: naive Gaussian weights (seeded here, so the
    check is deterministic) end far outside the band a right init stays in. Grading computes the naive network
    only to explain a failure."""
    hidden = _hidden_tests(course_root, "initialization")
    _, _, (low, high), _ = hidden.NETWORKS[name]
    torch.manual_seed(0)
    final = hidden.naive_network_final(name)
    assert not low <= final <= high, f"naive init of {name} ended at {final}, inside [{low}, {high}]"
    # far outside, not at the edge (N(0, 1) weights in a ReLU network overflow to inf, then nan)
    assert not math.isfinite(final) or final < low / 100 or final > high * 100
