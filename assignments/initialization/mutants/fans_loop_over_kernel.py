"""calculate_fan_in_and_fan_out counts the receptive field by looping over the kernel's elements."""
import torch


def calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError("need at least 2 dimensions")
    receptive = sum(1 for _ in tensor[0][0].flatten()) if tensor.dim() > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive
