"""relu calls F.relu: capped at 20%."""
import torch
import torch.nn.functional as F


def relu(x):
    return F.relu(x)
