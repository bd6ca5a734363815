"""xavier_uniform_ draws every element in a Python loop: right distribution, far too slow."""
import math
import random

import torch


def xavier_uniform_(tensor, gain=1.0):
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        flat = tensor.view(-1)
        for i in range(flat.numel()):
            flat[i] = random.uniform(-bound, bound)
    return tensor
