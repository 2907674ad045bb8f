"""An example perfrules scheme plugin: schemes shipped as TOML files inside a package."""

from __future__ import annotations

from importlib import resources

from perfrules import schemes


def city_schemes() -> list[schemes.Scheme]:
    """Every scheme file of this package (overlays find their base among perfrules' schemes)."""
    files = sorted(f for f in resources.files(__name__).iterdir() if f.name.endswith(".toml"))
    return [schemes.from_data(_toml(f.read_text(encoding="utf-8"))) for f in files]


def broken() -> list[schemes.Scheme]:
    """A plugin that fails when it loads."""
    raise RuntimeError("this plugin is broken on purpose")


def _toml(text: str) -> dict[str, object]:
    import tomllib

    return tomllib.loads(text)
