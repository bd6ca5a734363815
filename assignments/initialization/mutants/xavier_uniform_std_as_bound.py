"""xavier_uniform_ uses the std gain * sqrt(2 / (fan_in + fan_out)) as the bound (forgot the sqrt(3))."""
import math

import torch


def xavier_uniform_(tensor, gain=1.0):
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(2.0 / (fan_in + fan_out))
    with torch.no_grad():
        return tensor.uniform_(-bound, bound)
