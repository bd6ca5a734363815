"""xavier_normal_ reads the fans straight from shape[1] and shape[0]: wrong for conv weights."""
import math

import torch


def xavier_normal_(tensor, gain=1.0):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    std = gain * math.sqrt(2.0 / (tensor.shape[0] + tensor.shape[1]))
    with torch.no_grad():
        return tensor.normal_(0.0, std)
