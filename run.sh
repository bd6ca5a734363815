#!/usr/bin/env bash
# Set up from nothing (a virtual environment in .venv) and run one job:
#   ./run.sh example   grade the bundled example class into out/example/
#   ./run.sh test      check the release, validate the course, run the framework's tests
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}
VISION_VENV=${VISION_VENV:-.venv-vision}

setup() {
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    # The CPU build of torch first: a bare `torch` requirement would pull a multi-GB CUDA build.
    "$VENV/bin/python" -c "import torch" 2>/dev/null || "$VENV/bin/pip" install -q "torch==2.13.0"
    "$VENV/bin/pip" install -q -e ".[nbgrader]"  # the extra: tests/test_export_nbgrader.py runs real nbgrader
}

# The capstone needs torchvision, whose only local build (0.29.1) needs torch 2.14.1 (a 5.5 GB CUDA
# build, about a minute from local disk). It gets its own environment, so the rest of the course is
# still tested on the CPU build above and the capstone really runs instead of being skipped.
vision_setup() {
    [ -x "$VISION_VENV/bin/python" ] || python3 -m venv "$VISION_VENV"
    "$VISION_VENV/bin/python" -c "import torchvision" 2>/dev/null \
        || "$VISION_VENV/bin/pip" install -q "torch==2.14.1" "torchvision==0.29.1"
    "$VISION_VENV/bin/pip" install -q -e ".[vision]"
}

case "${1:-}" in
    example)
        setup
        "$VENV/bin/autograder" grade examples/class --out out/example --jobs 2 --html
        ;;
    test)
        setup
        "$VENV/bin/autograder" release --check
        "$VENV/bin/autograder" validate --jobs 2 --markdown out/course-table.md
        "$VENV/bin/python" -m pytest -q
        vision_setup
        "$VISION_VENV/bin/python" -c "import torchvision"  # else the capstone would pass as skipped
        "$VISION_VENV/bin/autograder" validate --topics capstone --jobs 2
        "$VISION_VENV/bin/python" -m pytest -q tests/test_capstone.py
        ;;
    *)
        echo "usage: ./run.sh example|test" >&2
        exit 2
        ;;
esac
