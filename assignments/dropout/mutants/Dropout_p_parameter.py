"""Dropout stores p as an nn.Parameter: the layer gets a learnable parameter it must not have."""
import torch
from torch import nn


class Dropout(nn.Module):
    def __init__(self, p=0.5):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = nn.Parameter(torch.tensor(float(p)), requires_grad=False)

    def forward(self, x):
        return dropout(x, float(self.p), self.training)


class MLP(MLP):
    """Unchanged, but built on the Dropout above: it inherits the bug."""
