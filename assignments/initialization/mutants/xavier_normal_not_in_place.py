"""xavier_normal_ returns a new tensor with the right distribution; the caller's tensor is untouched."""
import math

import torch


def xavier_normal_(tensor, gain=1.0):
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return torch.randn(tensor.shape, dtype=tensor.dtype, device=tensor.device) * std
