"""dropout zeros elements but forgets to rescale the kept ones by 1 / (1 - p): the mean shrinks."""
import torch


def dropout(x, p=0.5, training=True):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training:
        return x
    return x * (torch.rand_like(x) >= p).to(x.dtype)


class Dropout(Dropout):
    """Unchanged, but built on the dropout above: it inherits the bug."""


class MLP(MLP):
    """Unchanged, but built on Dropout: it inherits the bug."""
