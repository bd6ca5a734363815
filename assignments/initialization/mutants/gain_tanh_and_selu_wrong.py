"""calculate_gain gives tanh the gain 1 (like sigmoid) and forgets selu (raises ValueError).

Kaiming is unchanged but calls calculate_gain, so it inherits the bug for nonlinearity='tanh'.
"""
import math

import torch

_kaiming_uniform_, _kaiming_normal_ = kaiming_uniform_, kaiming_normal_


def calculate_gain(nonlinearity, param=None):
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                        "conv_transpose3d", "sigmoid", "tanh"):
        return 1
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return _kaiming_uniform_(tensor, a, mode, nonlinearity)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    return _kaiming_normal_(tensor, a, mode, nonlinearity)
