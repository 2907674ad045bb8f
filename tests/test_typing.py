"""tests/typing/api.py, the embedding code of the docs, passes ``mypy --strict`` (CI also runs it)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_api_typechecks() -> None:
    """A user's program using the public API type-checks strictly (needs py.typed, typed converters)."""
    pytest.importorskip("mypy", reason="mypy is a dev tool; CI's mypy step checks tests/typing")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "tests/typing/api.py"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert proc.returncode == 0, proc.stdout + proc.stderr
