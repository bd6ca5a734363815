"""The sandbox process: loads one student's code and runs what the judge asks, nothing more.

It is forked from the zygote (torch already imported), moves into its own session, takes its
resource limits, scrubs its environment and serves requests on one socket until the judge
closes it or kills it. Replies are plain data; any verdict is the judge's.
"""
from __future__ import annotations

import os
import resource
import signal
import socket
import sys
import traceback
import types
import warnings

import torch

from autograder.sandbox import protocol
from autograder.sandbox.hardening import harden
from autograder.sandbox.tracing import CallTrace

_LIMITS = {
    "cpu_seconds": resource.RLIMIT_CPU,
    "address_space": resource.RLIMIT_AS,
    "file_size": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
    "processes": resource.RLIMIT_NPROC,
}


def run(channel_fd: int, output_fd: int, request: dict) -> None:
    """Entry point in the freshly forked child. Never returns."""
    try:
        die_with_parent()  # if the zygote goes, so does every sandbox it started
        os.setsid()  # own session and process group: the judge kills the whole group
        _redirect_output(output_fd)
        _apply_limits(request.get("limits", {}))
        _scrub_environment(request["scratch"])
        sock = socket.socket(fileno=channel_fd)
        hardening = harden(request["scratch"], request.get("readable", []), bool(request.get("cuda")),
                           enabled=request.get("harden", True))
        Server(sock, request, hardening).serve()
    finally:
        os._exit(0)


def die_with_parent() -> None:
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the judge's kill is the only cleanup


def _redirect_output(output_fd: int) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.close(devnull)
    os.close(output_fd)
    # A student printing past the file-size limit gets EFBIG rather than being killed by SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _apply_limits(limits: dict) -> None:
    for key, value in limits.items():
        if value is None or key not in _LIMITS:
            continue
        try:
            resource.setrlimit(_LIMITS[key], (int(value), int(value)))
        except (ValueError, OSError) as exc:
            print(f"[sandbox] could not set {key} limit: {exc}", file=sys.stderr)


def _scrub_environment(scratch: str) -> None:
    os.environ.clear()
    os.environ.update({"HOME": scratch, "TMPDIR": scratch, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    os.chdir(scratch)
    sys.path[:] = [scratch] + [p for p in sys.path if "site-packages" in p or p.endswith((".zip", "lib-dynload")) or "/lib/python" in p]


def _plain(obj, depth: int = 0):
    """What may cross back: tensors as exact ``torch.Tensor``, numbers, strings and containers of them."""
    if depth > 20:
        return {"__object__": "structure nested too deeply"}
    if isinstance(obj, torch.Tensor):
        if type(obj) is torch.nn.Parameter:
            return obj.detach()
        if type(obj) is not torch.Tensor:
            return {"__object__": f"tensor subclass {type(obj).__name__}"}
        return obj.detach()
    if obj is None or type(obj) in (bool, int, float, str, complex, torch.dtype, torch.device, torch.Size):
        return obj
    if type(obj) in (list, tuple):
        return type(obj)(_plain(item, depth + 1) for item in obj)
    if type(obj) is dict:
        return {str(key): _plain(value, depth + 1) for key, value in obj.items()}
    return {"__object__": type(obj).__name__}


def _student_traceback(exc: BaseException, scratch: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith((scratch, "<cell"))]
    lines = traceback.format_list(frames[-5:])
    return "".join(lines) + f"{type(exc).__name__}: {exc}"


class Server:
    def __init__(self, sock: socket.socket, request: dict, hardening: dict):
        self.sock = sock
        self.hardening = hardening
        self.scratch = request["scratch"]
        self.module = types.ModuleType(request.get("module", "submission"))
        self.module.__file__ = os.path.join(self.scratch, request.get("module", "submission") + ".py")
        sys.modules[self.module.__name__] = self.module
        self.stash: dict = {}
        self.scenarios: dict[str, types.ModuleType] = {}

    def serve(self) -> None:
        while True:
            try:
                message = protocol.recv(self.sock)
            except (protocol.ChannelClosed, ConnectionError):
                return
            handler = getattr(self, "op_" + str(message.get("op")), None)
            try:
                reply = handler(message) if handler else {"status": "bad_request"}
            except BaseException as exc:  # SystemExit and friends included: report, keep serving
                reply = self._raised(exc)
            try:
                protocol.send(self.sock, reply)
            except Exception as exc:  # e.g. a result torch cannot serialise
                protocol.send(self.sock, {"status": "unsendable", "message": f"{type(exc).__name__}: {exc}"})

    def _raised(self, exc: BaseException) -> dict:
        return {
            "status": "raised",
            "type": type(exc).__name__,
            "mro": [cls.__name__ for cls in type(exc).__mro__],
            "message": str(exc)[:2000],
            "traceback": _student_traceback(exc, self.scratch)[-4000:],
        }

    # -- requests ------------------------------------------------------------------------------

    def op_load(self, message: dict) -> dict:
        """Run the student's cells in order; a failing cell does not undo what earlier cells defined."""
        errors = []
        for cell in message["cells"]:
            try:
                code = compile(cell["source"], cell["filename"], "exec")
                exec(code, self.module.__dict__)
            except BaseException as exc:
                errors.append({"cell": cell["label"], **self._raised(exc)})
        defined = sorted(k for k, v in self.module.__dict__.items() if not k.startswith("_") and callable(v))
        return {"status": "ok", "defined": defined, "errors": errors, "hardening": self.hardening}

    def _function(self, name: str):
        fn = getattr(self.module, name, None)
        if not callable(fn):
            raise LookupError(f"{name} is not defined")
        return fn

    def op_call(self, message: dict) -> dict:
        name = message["name"]
        if not callable(getattr(self.module, name, None)):
            return {"status": "missing", "name": name}
        fn = self._function(name)
        return self._traced(lambda args, kwargs: fn(*args, **kwargs), message)

    def _scenario(self, path: str, name: str):
        if path not in self.scenarios:
            module = types.ModuleType("scenarios")
            module.__file__ = path
            with open(path, encoding="utf-8") as handle:
                exec(compile(handle.read(), path, "exec"), module.__dict__)
            self.scenarios[path] = module
        scenario = getattr(self.scenarios[path], name)
        return lambda *args, **kwargs: scenario(self.module, *args, **kwargs)

    def op_scenario(self, message: dict) -> dict:
        """Run a topic's public scenario (e.g. "train the student's optimizer for 20 steps")."""
        scenario = self._scenario(message["path"], message["name"])
        return self._traced(lambda args, kwargs: scenario(*args, **kwargs), message)

    def _traced(self, call, message: dict) -> dict:
        args, kwargs = list(message.get("args", ())), dict(message.get("kwargs", {}))
        host_syncs: list[str] = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if message.get("sync_debug"):
                torch.cuda.set_sync_debug_mode("warn")
            try:
                with CallTrace(tuple(message.get("watch", ())), enabled=message.get("trace", True),
                               exempt_files=tuple(message.get("exempt", ()))) as trace:
                    result = call(args, kwargs)
            finally:
                if message.get("sync_debug"):
                    torch.cuda.set_sync_debug_mode(0)
            host_syncs = [str(w.message)[:200] for w in caught if "synchroniz" in str(w.message)]
        reply = {"status": "ok", "result": _plain(result), "trace": trace.report(), "host_syncs": host_syncs}
        grad = message.get("grad")
        if grad is not None:
            reply["grads"], reply["grad_error"] = self._gradients(result, args, grad)
        if message.get("return_args"):
            reply["args_after"] = _plain(args)
            reply["kwargs_after"] = _plain(kwargs)
        return reply

    @staticmethod
    def _gradients(result, args, grad: dict):
        if not isinstance(result, torch.Tensor) or not result.requires_grad:
            return None, "the result is not connected to the inputs' autograd graph (detached, or made with no_grad/.data/numpy?)"
        inputs = [args[i] for i in grad["wrt"]]
        grad_output = grad.get("grad_output")
        if grad_output is None:
            grad_output = torch.ones_like(result)
        try:
            grads = torch.autograd.grad(result, inputs, grad_outputs=grad_output, allow_unused=True)
        except Exception as exc:
            return None, f"backward failed: {type(exc).__name__}: {exc}"
        return [None if g is None else _plain(g) for g in grads], None

    def op_stash(self, message: dict) -> dict:
        """Keep arguments here so timing runs do not pay for sending them each time."""
        if message.get("scenario"):
            fn = self._scenario(message["scenario"], message["name"])
        else:
            fn = self._function(message["name"])
        self.stash[message["key"]] = (fn, list(message.get("args", ())), dict(message.get("kwargs", {})))
        return {"status": "ok"}

    def op_repeat(self, message: dict) -> dict:
        fn, args, kwargs = self.stash[message["key"]]
        for _ in range(int(message["n"])):
            fn(*args, **kwargs)
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            torch.cuda.synchronize()
        return {"status": "ok"}

    def op_ping(self, message: dict) -> dict:
        return {"status": "ok", "pid": os.getpid()}
