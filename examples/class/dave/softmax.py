# Dave: a typo in an import crashes the file as soon as it is loaded.
import torch
from torch import sofmax


def softmax(x, dim=-1):
    return sofmax(x, dim)
