"""calculate_fan_in_and_fan_out returns (fan_out, fan_in): dim 0 taken as the input dimension.

Xavier only uses fan_in + fan_out and is unaffected; Kaiming calls this function and inherits the bug.
"""
import torch

_kaiming_uniform_, _kaiming_normal_ = kaiming_uniform_, kaiming_normal_


def calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive = 1
    for size in tensor.shape[2:]:
        receptive *= size
    return tensor.shape[0] * receptive, tensor.shape[1] * receptive


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return _kaiming_uniform_(tensor, a, mode, nonlinearity)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return _kaiming_normal_(tensor, a, mode, nonlinearity)
