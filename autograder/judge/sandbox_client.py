"""The judge's handle on sandboxes: start the zygote, get a sandbox, talk to it under a deadline, kill it."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.judge.errors import SandboxCrashed, SandboxTimeout
from autograder.sandbox import op_observer

OUTPUT_CAP_BYTES = 1 << 20
# Landlock and seccomp in every sandbox; AUTOGRADER_NO_HARDENING=1 turns them off (for debugging only).
HARDEN = os.environ.get("AUTOGRADER_NO_HARDENING") != "1"
GiB = 1 << 30


def default_limits(cuda: bool) -> dict:
    """Per-sandbox resource limits. Address-space limits break CUDA's libraries, so none with CUDA."""
    return {
        "cpu_seconds": 300,
        "address_space": None if cuda else 16 * GiB,
        "file_size": 16 * 1024 * 1024,
        "open_files": 256,
    }


class Zygote:
    """One warm torch process per judge process; restarted if it ever dies."""

    def __init__(self):
        self._process: subprocess.Popen | None = None
        self._control: socket.socket | None = None

    def _start(self) -> None:
        self.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1",
               "AUTOGRADER_RUN": os.environ.get("AUTOGRADER_RUN", "")}  # a label, so a run's processes can be found
        # The op observer, built here once per machine (the zygote has no HOME to cache it in); "" for none.
        env[op_observer.LIBRARY_ENV] = op_observer.library()
        package_parent = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = package_parent  # the autograder package, even when not installed
        self._process = subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], env=env, cwd="/", stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        theirs.close()
        self._control = ours

    def start(self) -> None:
        """Start the zygote now without waiting for it (it imports torch while the caller does other work)."""
        if self._process is None or self._process.poll() is not None:
            self._start()

    def fork(self, request: dict, channel_fd: int, output_fd: int) -> int:
        for attempt in range(2):
            if self._process is None or self._process.poll() is not None:
                self._start()
            try:
                socket.send_fds(self._control, [json.dumps(request).encode()], [channel_fd, output_fd])
                self._control.settimeout(120)  # the first fork waits for torch to import
                reply = self._control.recv(1 << 16)
                if reply:
                    return json.loads(reply)["pid"]
            except (OSError, ValueError):
                pass
            self._start()  # the zygote died (a student may have killed its parent): start afresh
        raise RuntimeError("the sandbox zygote could not be started")

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._process is not None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except OSError:
                pass
            self._process.wait()
            self._process = None


_ZYGOTE: Zygote | None = None


def zygote() -> Zygote:
    global _ZYGOTE
    if _ZYGOTE is None:
        _ZYGOTE = Zygote()
    return _ZYGOTE


class Sandbox:
    """One forked sandbox holding one student's module. Any failure kills it; the caller gets a fresh one."""

    def __init__(self, module_name: str, scratch: Path, cuda: bool, readable: list[str] = ()):
        self.scratch = scratch
        self._output = tempfile.TemporaryFile()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = {"scratch": str(scratch), "module": module_name, "limits": default_limits(cuda),
                   "cuda": cuda, "readable": [str(p) for p in readable], "harden": HARDEN}
        try:
            self.pid = zygote().fork(request, theirs.fileno(), self._output.fileno())
        finally:
            theirs.close()
        self._channel = ours
        self.alive = True

    def request(self, message: dict, timeout: float, what: str) -> dict:
        from autograder.sandbox import protocol  # imports torch: not at the top, see Zygote.start()

        if not self.alive:
            raise SandboxCrashed(what)
        try:
            protocol.send(self._channel, message)
            return protocol.recv(self._channel, time.monotonic() + timeout)
        except protocol.ChannelTimeout:
            self.kill()
            raise SandboxTimeout(what, timeout) from None
        except (protocol.ChannelClosed, ConnectionError, BrokenPipeError):
            self.kill()
            raise SandboxCrashed(what, self.output()) from None

    def cpu_seconds(self) -> float:
        """The CPU time this sandbox has used, all its threads, to the nanosecond: Linux's CPU clock of
        another process (the clock id clock_getcpuclockid would give). Read from outside, the student's
        code cannot change it; OSError where the kernel does not offer it."""
        return time.clock_gettime((~self.pid << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)

    def output(self, limit: int = 2000) -> str:
        """The tail of what the student's code printed."""
        try:
            size = os.fstat(self._output.fileno()).st_size
            self._output.seek(max(0, min(size, OUTPUT_CAP_BYTES) - limit))
            return self._output.read(limit).decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def kill(self) -> None:
        self.alive = False
        for kill in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                kill()
            except OSError:
                pass
        self._channel.close()

    def close(self) -> None:
        if self.alive:
            self.kill()
        self._output.close()


from autograder.sandbox.hardening import probe as probe_hardening  # noqa: E402,F401  (re-exported)
