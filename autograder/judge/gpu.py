"""GPU checks: on CUDA the student's function must equal torch's, stay on the input's device and
dtype, and not synchronise with the host. Without CUDA these tests are skipped, with the reason."""
from __future__ import annotations

from typing import Callable

import pytest
import torch

from autograder.i18n import tr
from autograder.judge.compare import Mismatch, expect_close

requires_cuda = pytest.mark.skipif(
    not torch.cuda.is_available(), reason=tr("gpu.skipped")
)


def to_cuda(value):
    return value.cuda() if isinstance(value, torch.Tensor) else value


def expect_cuda_matches(student, name: str, *args, reference: Callable, what: str, **kwargs) -> None:
    cuda_args = [to_cuda(a) for a in args]
    cuda_kwargs = {key: to_cuda(value) for key, value in kwargs.items()}
    run = student.run(name, *cuda_args, sync_debug=True, **cuda_kwargs)
    expected = reference(*cuda_args, **cuda_kwargs)
    expect_close(run.value, expected, what=tr("gpu.on_cuda", what=what), inputs=[*cuda_args, *cuda_kwargs.values()])
    if run.host_syncs:
        raise Mismatch(
            tr("gpu.host_sync", what=what, sync=run.host_syncs[0])
        )
