"""softmax is correct but loops over rows in Python: blows the timing budget."""
import torch


def softmax(x, dim=-1):
    moved = x.movedim(dim, -1)
    flat = moved.reshape(-1, moved.shape[-1]) if moved.dim() else moved.reshape(1, 1)
    rows = []
    for row in flat:
        m = row.max()
        m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
        e = (row - m).exp()
        rows.append(e / e.sum())
    return torch.stack(rows).reshape(moved.shape).movedim(-1, dim)
