"""The aten trace's fast path: ``op_observer.cpp``, built once per machine and loaded with ctypes.

torch's legacy profiler (``tracing._ProfiledOps``, the fallback) builds several timed events per op:
about 4x the untraced time of op-heavy code such as an optimizer's trajectory, a third of a sandbox's
CPU. The observer is a RecordFunction callback that only looks each op's name up in a set. It is
compiled with the system's C++ compiler against torch's headers (about 7 s), once per source and torch
version, and cached under ``~/.cache/autograder``; where it cannot be built, the profiler is used.

The judge builds it (``library()``) and hands its path to the zygote in ``AUTOGRADER_OP_OBSERVER``
(empty: use the profiler); the zygote loads it before forking, so every sandbox has it.
``AUTOGRADER_OP_TRACE=profiler`` forces the fallback.
"""
from __future__ import annotations

import ctypes
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata, util
from pathlib import Path

SOURCE = Path(__file__).with_name("op_observer.cpp")
LIBRARY_ENV = "AUTOGRADER_OP_OBSERVER"
FORCE_ENV = "AUTOGRADER_OP_TRACE"
BUILD_TIMEOUT = 300

_library: ctypes.CDLL | None = None
_tried = False


def _torch_dir() -> Path:
    return Path(util.find_spec("torch").origin).parent  # without importing torch (the judge starts its zygote first)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "autograder"


def _compiler() -> str | None:
    return os.environ.get("CXX") or shutil.which("c++") or shutil.which("g++") or shutil.which("clang++")


def library() -> str:
    """The built library's path, building it if needed; "" where it cannot be built (no C++ compiler: the
    README says so) or is not wanted."""
    if os.environ.get(FORCE_ENV) == "profiler" or sys.platform != "linux":
        return ""
    failed = None
    try:
        torch_dir = _torch_dir()
        key = hashlib.sha256(b"\0".join([SOURCE.read_bytes(), str(torch_dir).encode(), metadata.version("torch").encode(),
                                         sys.implementation.cache_tag.encode()])).hexdigest()[:16]
        cache = _cache_dir()
        target, failed = cache / f"op_observer-{key}.so", cache / f"op_observer-{key}.failed"
        if target.exists():
            return str(target)
        compiler = _compiler()
        if failed.exists() or compiler is None:  # a build that failed once fails again: not 7 s at every start
            return ""
        cache.mkdir(parents=True, exist_ok=True)
        with open(cache / "op_observer.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a second judge waits for the first one's build
            if not target.exists():
                print("autograder: building the op observer (once per machine and torch version, about 10 s)", file=sys.stderr)
                _build(compiler, torch_dir, target)
        return str(target)
    except (OSError, subprocess.SubprocessError, metadata.PackageNotFoundError) as exc:
        message = str(getattr(exc, "stderr", None) or exc)
        if failed is not None and isinstance(exc, subprocess.SubprocessError):
            try:
                failed.write_text(message[-4000:])
            except OSError:
                pass
        print(f"autograder: could not build the op observer ({message.strip()[-300:]}); "
              "tracing with torch's profiler instead (slower)", file=sys.stderr)
        return ""


def _build(compiler: str, torch_dir: Path, target: Path) -> None:
    import torch  # for its C++ ABI (only when building)

    abi = int(getattr(torch._C, "_GLIBCXX_USE_CXX11_ABI", True))
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        built = Path(scratch) / target.name
        subprocess.run(
            [compiler, "-O2", "-shared", "-fPIC", "-std=c++20", "-w", f"-D_GLIBCXX_USE_CXX11_ABI={abi}",
             f"-I{torch_dir / 'include'}", str(SOURCE), f"-L{torch_dir / 'lib'}", "-lc10", "-ltorch_cpu",
             f"-Wl,-rpath,{torch_dir / 'lib'}", "-o", str(built)],
            check=True, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        os.replace(built, target)  # atomic: a reader never sees half a library


def load() -> bool:
    """Load the observer once per process: from ``AUTOGRADER_OP_OBSERVER`` where the judge set it (a
    zygote), else building it here (in-process use). False: trace with the profiler."""
    global _library, _tried
    if not _tried:
        _tried = True
        path = os.environ[LIBRARY_ENV] if LIBRARY_ENV in os.environ else library()
        if path:
            try:
                loaded = ctypes.CDLL(path)
                loaded.op_observer_stop.restype = ctypes.c_char_p
                loaded.op_observer_start.restype = loaded.op_observer_generation.restype = ctypes.c_long
                _library = loaded
            except OSError as exc:
                print(f"autograder: could not load the op observer ({exc}); tracing with torch's profiler instead",
                      file=sys.stderr)
    return _library is not None


class ObservedOps:
    """aten ops seen by the observer, as a context manager like the profiler's (``tracing._ProfiledOps``)."""

    def __init__(self):
        self.ops: set[str] = set()
        self._generation = 0

    def __enter__(self):
        self._generation = _library.op_observer_start()
        if not self._generation:
            raise RuntimeError("the op observer is already running")
        return self

    def __exit__(self, *exc):
        # Not intact also when it was stopped and started again (through ctypes): that emptied its names.
        intact = _library.op_observer_intact() and _library.op_observer_generation() == self._generation
        names = _library.op_observer_stop().decode("utf-8", "replace").splitlines()
        self.ops.update(name[6:] for name in names if name.startswith("aten::"))
        if not intact:  # the student's code cleared torch's callbacks or switched RecordFunction off
            raise RuntimeError("the op observer was switched off during the call")
        return False
