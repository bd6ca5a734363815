"""loss_fn calls torch's own mean squared error: capped at 20%."""
import torch.nn.functional as F


def loss_fn(t_p, t_c):
    return F.mse_loss(t_p, t_c)
