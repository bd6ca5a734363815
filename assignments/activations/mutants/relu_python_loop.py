"""relu is correct but loops over the elements in Python: blows the timing budget."""
import torch


def relu(x):
    out = x.clone()
    flat = out.view(-1)
    for i in range(flat.numel()):
        if flat[i] <= 0:
            flat[i] = 0
    return out
