#!/usr/bin/env bash
# Set up from nothing (a virtual environment in .venv) and run one job:
#   ./run.sh example   grade the bundled example class into out/example/
#   ./run.sh test      check the release, validate the course, run the framework's tests
set -euo pipefail
cd "$(dirname "$0")"
VENV=${VENV:-.venv}

setup() {
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    # The CPU build of torch first: a bare `torch` requirement would pull a multi-GB CUDA build.
    "$VENV/bin/python" -c "import torch" 2>/dev/null || "$VENV/bin/pip" install -q "torch==2.13.0"
    "$VENV/bin/pip" install -q -e ".[nbgrader]"  # the extra: tests/test_export_nbgrader.py runs real nbgrader
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
        ;;
    *)
        echo "usage: ./run.sh example|test" >&2
        exit 2
        ;;
esac
