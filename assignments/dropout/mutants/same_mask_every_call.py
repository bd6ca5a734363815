"""dropout seeds the generator inside: every call zeros the same positions."""
import torch


def dropout(x, p=0.5, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return x * 0
    torch.manual_seed(0)
    return x * (torch.rand_like(x) >= p).to(x.dtype) / (1 - p)


class Dropout(Dropout):
    """Unchanged, but built on the dropout above: it inherits the bug."""


class MLP(MLP):
    """Unchanged, but built on Dropout: it inherits the bug."""
