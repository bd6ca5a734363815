"""Kernel-enforced limits for a sandbox, applied in the forked child before any student code runs.

* Landlock (PyPI ``landlockpy``): the filesystem is read-only and limited to what Python and torch
  need (the interpreter, site-packages, system libraries, /etc, /dev, /proc, /sys); the scratch
  folder is the only writable place. The course (hidden tests, solutions), other students' files and
  the output folder are not reachable. Scope flags stop signals and abstract-socket connections
  leaving the sandbox; TCP bind/connect are refused.
* seccomp (PyPI ``pyseccomp`` over libseccomp): no sockets, no new processes (threads only), no
  exec, no signals to other processes, no ptrace, namespaces, mounts or bpf.

Each layer that the kernel or the machine lacks is skipped and reported; the judge warns, or refuses
to grade under ``--strict``. The child is single-threaded when this runs (fork copies one thread),
so both layers cover every thread the student's code may start later.
"""
from __future__ import annotations

import errno
import os
import sys

CLONE_THREAD = 0x00010000

# Syscalls student code never needs; refused with EPERM.
_REFUSED = (
    "socket", "socketpair", "fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv",
    "process_vm_writev", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "bpf",
    "perf_event_open", "keyctl", "add_key", "request_key", "kexec_load", "init_module", "finit_module",
    "delete_module", "reboot", "swapon", "swapoff", "tkill", "pidfd_open", "pidfd_send_signal",
)


def _readable_roots(cuda: bool) -> list[str]:
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots |= {p for p in sys.path if p and ("site-packages" in p or "/lib/python" in p)}
    roots |= {"/usr", "/lib", "/lib64", "/bin", "/etc", "/sys", "/proc/cpuinfo", "/proc/meminfo",
              f"/proc/{os.getpid()}", "/dev"}
    if cuda:
        roots |= {"/usr/local/cuda", "/usr/local/nvidia", "/run/nvidia-persistenced"}
    return sorted(r for r in roots if os.path.exists(r))


def apply_landlock(scratch: str, extra_readable: list[str], cuda: bool) -> str:
    import landlockpy
    from landlockpy import AccessFS, AccessNet, Ruleset, Scope

    abi = landlockpy.abi_version()
    if abi < 1:
        raise OSError("the kernel has no Landlock (needs Linux 5.13+ with landlock enabled)")
    read = AccessFS.READ_FILE | AccessFS.READ_DIR | AccessFS.EXECUTE
    every_fs = landlockpy.fs_for_abi(abi)
    file_rights = AccessFS.EXECUTE | AccessFS.WRITE_FILE | AccessFS.READ_FILE | AccessFS.TRUNCATE | AccessFS.IOCTL_DEV
    with Ruleset(scoped=Scope.SIGNAL | Scope.ABSTRACT_UNIX_SOCKET, handled_net=AccessNet.BIND_TCP | AccessNet.CONNECT_TCP) as rules:

        def allow(path: str, rights) -> None:  # a rule on a file may only carry file rights
            rules.allow_path(path, rights if os.path.isdir(path) else rights & file_rights)

        for root in _readable_roots(cuda) + [p for p in extra_readable if os.path.exists(p)]:
            allow(root, read)
        allow("/dev/null", read | AccessFS.WRITE_FILE)
        if cuda:  # the driver talks to /dev/nvidia* through ioctls
            allow("/dev", read | AccessFS.WRITE_FILE | AccessFS.IOCTL_DEV)
            if os.path.exists("/dev/shm"):
                allow("/dev/shm", every_fs)
        allow(scratch, every_fs)
        rules.restrict()
    return f"landlock ABI {abi}"


def apply_seccomp() -> str:
    import pyseccomp as sc

    refuse = sc.ERRNO(errno.EPERM)
    rules = sc.SyscallFilter(defaction=sc.ALLOW)
    rules.set_attr(sc.Attr.CTL_TSYNC, 1)
    for name in _REFUSED:
        try:
            rules.add_rule(refuse, name)
        except (OSError, ValueError, RuntimeError):
            pass  # a syscall this architecture does not have
    # New threads yes, new processes no. glibc tries clone3 first and falls back to clone on ENOSYS;
    # clone3's flags sit behind a pointer that seccomp cannot read, so clone3 is refused outright.
    rules.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    rules.add_rule(refuse, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))
    me = os.getpid()
    rules.add_rule(refuse, "kill", sc.Arg(0, sc.NE, me))
    rules.add_rule(refuse, "tgkill", sc.Arg(0, sc.NE, me))
    rules.load()
    return "seccomp"


def harden(scratch: str, extra_readable: list[str], cuda: bool, enabled: bool = True) -> dict:
    """Apply every layer that this machine supports. Returns {layer: "ok: ..." or "missing: why"}."""
    report = {}
    if not enabled:
        return {"landlock": "missing: disabled", "seccomp": "missing: disabled"}
    for layer, apply in (("landlock", lambda: apply_landlock(scratch, extra_readable, cuda)), ("seccomp", apply_seccomp)):
        try:
            report[layer] = "ok: " + apply()
        except Exception as exc:  # ImportError, OSError from the kernel, missing libseccomp ...
            report[layer] = f"missing: {type(exc).__name__}: {exc}"
    return report


def probe() -> dict:
    """Which layers this machine applies, from a small process that applies them and reports (no torch
    import and no zygote: this runs before grading starts, in the instructor's process)."""
    import json
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    scratch = tempfile.mkdtemp(prefix="autograder-probe-")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    try:
        done = subprocess.run([sys.executable, "-m", "autograder.sandbox.hardening", scratch], env=env, cwd="/",
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError) as exc:
        why = f"missing: the probe failed ({type(exc).__name__})"
        return {"landlock": why, "seccomp": why}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":  # `python -I -m autograder.sandbox.hardening SCRATCH`: which layers apply here
    import json

    print(json.dumps(harden(sys.argv[1], [], cuda=False)))
