"""The public names of ``perfrules`` are exactly ``__all__`` (httpx: tests/test_exported_members.py)."""

from __future__ import annotations

import subprocess
import sys
import types

import perfrules
from perfrules import errors

LAW = 'import perfrules; print(sorted({n for n in vars(perfrules) if not n.startswith("_")} ^ set(perfrules.__all__)))'


def test_public_names_are_all_in_a_fresh_interpreter() -> None:
    """Right after `import perfrules`, the public names and __all__ are the same set."""
    proc = subprocess.run([sys.executable, "-c", LAW], capture_output=True, text=True, check=False)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_public_names_are_all() -> None:
    """In this process too, but submodules imported by other tests (perfrules.cli …) are attributes
    of the package without being exports, so modules outside __all__ are left out."""
    public = {
        n
        for n, v in vars(perfrules).items()
        if not n.startswith("_")
        and not (isinstance(v, types.ModuleType) and n not in perfrules.__all__)
    }

    assert public == set(perfrules.__all__)


def test_all_has_no_duplicates_and_resolves() -> None:
    """Every name in __all__ exists, once."""
    assert len(perfrules.__all__) == len(set(perfrules.__all__))
    for name in perfrules.__all__:
        assert getattr(perfrules, name) is not None


def test_errors_all_resolves() -> None:
    """perfrules.errors exports every exception class it defines."""
    classes = {
        n
        for n, v in vars(errors).items()
        if isinstance(v, type) and issubclass(v, Exception) and v.__module__ == errors.__name__
    }

    assert classes <= set(errors.__all__)
    assert all(hasattr(errors, n) for n in errors.__all__)
