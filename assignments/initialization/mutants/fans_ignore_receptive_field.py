"""calculate_fan_in_and_fan_out ignores the kernel: (in, out) for a conv weight, not (in * k, out * k).

The init functions are unchanged but call this function, so they inherit the bug on conv weights.
"""
import torch

_xavier_uniform_, _xavier_normal_ = xavier_uniform_, xavier_normal_
_kaiming_uniform_, _kaiming_normal_ = kaiming_uniform_, kaiming_normal_


def calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    return tensor.shape[1], tensor.shape[0]


def xavier_uniform_(tensor, gain=1.0):
    return _xavier_uniform_(tensor, gain)


def xavier_normal_(tensor, gain=1.0):
    return _xavier_normal_(tensor, gain)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return _kaiming_uniform_(tensor, a, mode, nonlinearity)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return _kaiming_normal_(tensor, a, mode, nonlinearity)
