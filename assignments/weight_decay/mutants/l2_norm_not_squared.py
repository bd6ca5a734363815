"""l2_penalty uses the norm instead of the squared norm: ||w|| / 2."""
import torch


def l2_penalty(w):
    return torch.linalg.vector_norm(w) / 2
