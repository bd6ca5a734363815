"""l1_loss is correct but loops over the rows in Python: blows the timing budget."""
import torch


def l1_loss(input, target, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    x, y = torch.broadcast_tensors(input, target)
    if x.dim() < 2:
        loss = (x - y).abs()
    else:
        loss = torch.stack([(row_x - row_y).abs() for row_x, row_y in zip(x, y)])
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss
