"""Dropout delegates to torch's nn.Dropout: capped at 20%."""
import torch
from torch import nn


class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        self.inner = nn.Dropout(p)

    def forward(self, x):
        return self.inner(x)


class MLP(MLP):
    """Unchanged, but built on the Dropout above: it inherits the bug."""
