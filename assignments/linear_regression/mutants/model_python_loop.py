"""model is right but computes the predictions one reading at a time in a Python loop."""
import torch


def model(t_u, w, b):
    if t_u.dim() != 1:
        return w * t_u + b
    out = torch.stack([w * x + b for x in t_u])
    return out.reshape(torch.broadcast_shapes(t_u.shape, torch.as_tensor(w).shape, torch.as_tensor(b).shape))
