"""Public tests for the optimizers: run them with `autograder check optimizers`.

The hidden tests check much more (every option, two param groups and a learning-rate change over
20+ steps, a step from a loaded state, closures, state_dict round trips, parameters without
gradients, speed, CUDA); passing these is a start, not a guarantee.
"""
import importlib.util
from pathlib import Path

import torch

from autograder.spec import Mismatch, Text, expect_close, graded

_spec = importlib.util.spec_from_file_location("optimizers_scenarios", Path(__file__).with_name("scenarios.py"))
scenarios = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scenarios)

X0 = torch.tensor([-5.0, -2.0])


def torch_optim(name):
    return getattr(torch.optim, name)


class _Torch:
    """torch.optim's classes under the names the scenarios use."""

    def __getattr__(self, name):
        return torch_optim(name)


TORCH = _Torch()


def options_text(options):
    return ", ".join(f"{k}={v}" for k, v in options.items())


def point(x):
    return "(" + ", ".join(f"{float(v):.6f}" for v in x) + ")"


def check_course_example(student, credit, name, runs):
    """f(x) = 0.1*x1**2 + 2*x2**2 from (-5, -2), 20 steps: the endpoints of the course's plots."""
    for options in runs:
        call = f"{name}({options_text(options)})"
        with credit.case(call):
            got = student.scenario("quadratic", name, X0, options, 20)
            want = scenarios.quadratic(TORCH, name, X0, options, 20)
            try:
                for k in range(1, 21):
                    expect_close(got[k], want[k], what=Text(f"x after step {k} of {call} on f(x) = 0.1*x1**2 + 2*x2**2 from x = (-5, -2)", f"从 x = (-5, -2) 出发，{call} 在 f(x) = 0.1*x1**2 + 2*x2**2 上第 {k} 步之后的 x"),
                                 rtol=1e-4, atol=1e-5)
            except Mismatch as exc:
                raise Mismatch(Text(f"{exc}. After 20 steps your {name} ends at {point(got[-1])}; "
                               f"torch.optim.{name} ends at {point(want[-1])}", f"{exc}。20 步之后你的 {name} 停在 {point(got[-1])}；"
                               f"torch.optim.{name} 停在 {point(want[-1])}")) from None


@graded(1, "SGD", Text("SGD reproduces the course's 2-D example (lr 0.4; lr 0.6 with momentum 0.5)", "SGD 复现课程中的二维例子（学习率 0.4；动量法：学习率 0.6、动量 0.5）"))
def test_sgd_course_example(student, credit):
    check_course_example(student, credit, "SGD", [{"lr": 0.4}, {"lr": 0.6, "momentum": 0.5}])


@graded(1, "Adagrad", Text("Adagrad reproduces the course's 2-D example (lr 0.4)", "Adagrad（AdaGrad算法）复现课程中的二维例子（学习率 0.4）"))
def test_adagrad_course_example(student, credit):
    check_course_example(student, credit, "Adagrad", [{"lr": 0.4}])


@graded(1, "RMSprop", Text("RMSprop reproduces the course's 2-D example (lr 0.4, alpha 0.9)", "RMSprop（RMSProp算法）复现课程中的二维例子（学习率 0.4，alpha 0.9）"))
def test_rmsprop_course_example(student, credit):
    check_course_example(student, credit, "RMSprop", [{"lr": 0.4, "alpha": 0.9}])


@graded(1, "Adam", Text("Adam on the course's 2-D example (lr 0.4)", "Adam（Adam算法）在课程中的二维例子上（学习率 0.4）"))
def test_adam_course_example(student, credit):
    check_course_example(student, credit, "Adam", [{"lr": 0.4}])


# A few steps on two parameters with given gradients, default options except lr.
_generator = torch.Generator().manual_seed(0)
PARAMS = [torch.randn(2, 3, generator=_generator), torch.randn(4, generator=_generator)]
GRADS = [[torch.randn(2, 3, generator=_generator), torch.randn(4, generator=_generator)] for _ in range(5)]


def check_few_steps(student, name, options):
    call = f"{name}(params, {options_text(options)})"
    groups = [{"params": PARAMS}]
    got = student.scenario("trajectory", name, groups, options, GRADS)["params"]
    want = scenarios.trajectory(TORCH, name, groups, options, GRADS)["params"]
    for k in range(len(GRADS)):
        for i in range(len(PARAMS)):
            expect_close(got[k][i], want[k][i], what=Text(f"parameter {i} ({tuple(PARAMS[i].shape)}) after step {k + 1} of {call} "
                         "with random gradients", f"{call} 在随机梯度下第 {k + 1} 步之后的"
                         f"参数 {i}（{tuple(PARAMS[i].shape)}）"), rtol=1e-4, atol=1e-5)


@graded(1, "SGD", Text("SGD with momentum: 5 steps on two parameters match torch.optim.SGD", "带动量的 SGD：在两个参数上走 5 步，与 torch.optim.SGD 一致"))
def test_sgd_few_steps(student):
    check_few_steps(student, "SGD", {"lr": 0.1, "momentum": 0.9})


@graded(1, "Adagrad", Text("Adagrad: 5 steps on two parameters match torch.optim.Adagrad", "Adagrad：在两个参数上走 5 步，与 torch.optim.Adagrad 一致"))
def test_adagrad_few_steps(student):
    check_few_steps(student, "Adagrad", {"lr": 0.1})


@graded(1, "RMSprop", Text("RMSprop: 5 steps on two parameters match torch.optim.RMSprop", "RMSprop：在两个参数上走 5 步，与 torch.optim.RMSprop 一致"))
def test_rmsprop_few_steps(student):
    check_few_steps(student, "RMSprop", {"lr": 0.01})


@graded(1, "Adam", Text("Adam: 5 steps on two parameters match torch.optim.Adam", "Adam：在两个参数上走 5 步，与 torch.optim.Adam 一致"))
def test_adam_few_steps(student):
    check_few_steps(student, "Adam", {"lr": 0.01})

