"""Render a report page in headless Chromium (Debian's ``chromium`` package): what the page really
shows, for the report's tests and for the screenshot in ``docs/``.

    python -m autograder.report.browser OUT/html/index.html docs/class-report.png [HEIGHT]
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    return next((path for name in NAMES if (path := shutil.which(name))), None)


def _run(page: Path, *flags: str, timeout: float = 120) -> subprocess.CompletedProcess:
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError(f"no Chromium found (looked for {', '.join(NAMES)}): apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="autograder-chromium-") as profile:
        # --no-sandbox: Chromium refuses to start as root otherwise; the page is our own static file
        command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                   f"--user-data-dir={profile}", *flags, page.resolve().as_uri()]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)


def dump_dom(page: Path) -> str:
    """The page's DOM after loading, as Chromium serialises it."""
    return _run(page, "--dump-dom").stdout


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 1600) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    _run(page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}")
    if not png.exists():
        raise RuntimeError(f"Chromium wrote no screenshot of {page}")
    return png


def shrink_png(png: Path, colors: int = 128) -> Path:
    """Re-save with a palette of ``colors`` (a page is mostly flat colour): a third of the size, for docs/."""
    from PIL import Image  # Pillow comes with matplotlib

    Image.open(png).convert("RGB").quantize(colors=colors).save(png, optimize=True)
    return png


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    height = int(sys.argv[3]) if len(sys.argv) == 4 else 2200
    print(shrink_png(screenshot(Path(sys.argv[1]), Path(sys.argv[2]), height=height)))
