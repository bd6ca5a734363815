"""dropout calls the C builtin torch.dropout (invisible to the Python call trace): still capped at 20%."""
import torch


def dropout(x, p=0.5, training=True):
    return torch.dropout(x, p, training)


class Dropout(Dropout):
    """Unchanged, but built on the dropout above: it inherits the bug."""


class MLP(MLP):
    """Unchanged, but built on Dropout: it inherits the bug."""
