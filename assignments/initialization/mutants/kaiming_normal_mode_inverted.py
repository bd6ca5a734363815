"""kaiming_normal_ takes fan_out when mode='fan_in' (and fan_in when mode='fan_out')."""
import math

import torch


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    fan = fan_out if mode == "fan_in" else fan_in
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    with torch.no_grad():
        return tensor.normal_(0.0, std)
