# Carol: correct values, but a Python loop over rows, and logsumexp forgets keepdim.
import torch


def softmax(x, dim=-1):
    moved = x.movedim(dim, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    rows = []
    for row in flat:
        m = row.max()
        m = m if torch.isfinite(m) else torch.zeros_like(m)
        e = torch.exp(row - m)
        rows.append(e / e.sum())
    return torch.stack(rows).reshape(moved.shape).movedim(-1, dim)


def logsumexp(x, dim=-1, keepdim=False):
    m = x.amax(dim=dim, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    return (x - m).exp().sum(dim=dim, keepdim=True).log() + m


def log_softmax(x, dim=-1):
    return x - logsumexp(x, dim=dim)
