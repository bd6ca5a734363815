"""Fashion-MNIST-format data for the capstone's tests (judge side; never runs in the sandbox).

``write_synthetic(root)`` writes a small learnable data set in torchvision's raw layout, which
``torchvision.datasets.FashionMNIST(root, download=False)`` reads as it reads the real one:

    <root>/FashionMNIST/raw/train-images-idx3-ubyte   train-labels-idx1-ubyte
                            t10k-images-idx3-ubyte    t10k-labels-idx1-ubyte

(uncompressed: torchvision 0.29 only checks and reads these names; it would gunzip only while
downloading). Each class is a fixed random 28x28 prototype; an image is its class's prototype
plus Gaussian noise, clipped to 0..255. The classes overlap enough that an untrained net is at
chance and separate enough that d2l 4.6's recipe passes the course's bar within 10 epochs.

``read_split(root, train)`` reads a split back through torchvision (images as float in [0, 1]).
"""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import torch

TRAIN_SIZE, TEST_SIZE, NUM_CLASSES = 2000, 500, 10
_FILES = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
          False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def write_idx(path: Path, array: np.ndarray) -> None:
    """An IDX file of unsigned bytes (magic 0x0000080N, N = number of dimensions, sizes big-endian)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">I", 0x0800 | array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(header + array.tobytes())


def synthetic_arrays(seed: int = 0, train_size: int = TRAIN_SIZE, test_size: int = TEST_SIZE):
    """{train: (images uint8 (n, 28, 28), labels uint8 (n,))}, deterministic in ``seed``."""
    rng = np.random.default_rng(seed)
    prototypes = np.where(rng.random((NUM_CLASSES, 28, 28)) < 0.3, 200.0, 0.0)  # sparse, like garments on black
    splits = {}
    for train, size in ((True, train_size), (False, test_size)):
        labels = rng.integers(0, NUM_CLASSES, size=size)
        images = prototypes[labels] + rng.normal(0, 160, size=(size, 28, 28))
        splits[train] = (np.clip(images, 0, 255).astype(np.uint8), labels.astype(np.uint8))
    return splits


def write_synthetic(root: Path, seed: int = 0) -> Path:
    """Write the synthetic set under ``root`` (created if needed); returns ``root``."""
    raw = Path(root) / "FashionMNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for train, (images, labels) in synthetic_arrays(seed).items():
        write_idx(raw / _FILES[train][0], images)
        write_idx(raw / _FILES[train][1], labels)
    return Path(root)


def read_split(root: Path, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """(images float32 (n, 1, 28, 28) in [0, 1], labels int64 (n,)), read by torchvision's loader."""
    import torchvision

    dataset = torchvision.datasets.FashionMNIST(root=str(root), train=train, download=False)
    return dataset.data.unsqueeze(1).float() / 255, dataset.targets.long()


def grading_root(student) -> tuple[Path, bool]:
    """Where the tests' data lives: the instructor's ``--data-root``, else the synthetic set, written
    once per grading run into the sandbox's scratch folder. Returns (root, synthetic)."""
    if student.data_root is not None:
        return Path(student.data_root), False
    root = Path(student.scratch) / "fashion-data"
    if not (root / "FashionMNIST" / "raw" / _FILES[False][1]).exists():
        write_synthetic(root)
    return root, True


def truth(root: Path, synthetic: bool, train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """The split as the judge knows it: regenerated in memory for the synthetic set (the student's code
    can write to the scratch folder), read through torchvision from the instructor's read-only root."""
    if synthetic:
        images, labels = synthetic_arrays()[train]
        return torch.from_numpy(images).unsqueeze(1).float() / 255, torch.from_numpy(labels).long()
    return read_split(root, train)
