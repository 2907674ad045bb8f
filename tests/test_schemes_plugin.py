"""
Scheme plugins: the example package in tests/plugin_pkg is installed into a temporary site
directory and discovered through its entry points; its broken plugin is skipped with a
PluginWarning (issue #3).

The installation lays the package out as pip does from a wheel: the package directory and a
``*.dist-info`` whose ``entry_points.txt`` is generated from the package's own pyproject.toml, so
``importlib.metadata`` finds the entry points exactly as it finds an installed plugin's.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

import perfrules
from perfrules import Fixed, schemes
from perfrules.errors import PerfrulesError
from perfrules.schemes import ENTRY_POINT_GROUP, PluginWarning, SchemeRegistry
from perfrules.schemes._registry import _make_default

PKG = Path(__file__).parent / "plugin_pkg"
BROKEN = "scheme plugin 'example-broken' skipped: this plugin is broken on purpose"


def install(target: Path) -> None:
    """Install tests/plugin_pkg into *target* (a site directory), wheel layout."""
    meta = tomllib.loads((PKG / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(PKG / "perfrules_plugin_example", target / "perfrules_plugin_example")
    info = target / f"{meta['name'].replace('-', '_')}-{meta['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n", encoding="utf-8")
    groups = meta["entry-points"]
    text = "\n".join(f"[{g}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()) for g, eps in groups.items())
    (info / "entry_points.txt").write_text(text, encoding="utf-8")


@pytest.fixture(name="site")
def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    schemes.names()  # the process-wide registry has loaded its plugins before this one exists
    install(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("perfrules_plugin_example", None)


def test_the_entry_points_are_visible(site):
    """importlib.metadata sees the installed package's two entry points."""
    names = {ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}

    assert {"example-city", "example-broken"} <= names


def test_discovered_and_the_broken_one_skipped(site):
    """A registry with entry points gets the plugin's scheme and warns about the broken plugin."""
    reg = SchemeRegistry()
    reg.add_entry_points()
    with pytest.warns(PluginWarning, match=BROKEN):
        names = reg.names()

    assert names == ["example-city-project"]
    s = reg.get("example-city-project")
    assert (s.base, s.jurisdiction, str(s.grades.grades[0].lower)) == ("mof-2020-project", "示例市", "85")


def test_a_fresh_default_registry_has_builtins_and_plugins(site):
    """The default registry's recipe: built-ins first, then the plugins."""
    reg = _make_default()
    with pytest.warns(PluginWarning, match=BROKEN):
        names = reg.names()

    assert {"mof-2020-project", "guangzhou-department", "example-city-project"} <= set(names)


def test_strict_registry_raises(site):
    """strict=True turns a broken plugin into an error naming it."""
    reg = SchemeRegistry(strict=True)
    reg.add_entry_points()
    with pytest.raises(PerfrulesError, match="scheme plugin 'example-broken' failed: this plugin is broken on purpose"):
        reg.names()


def test_the_plugin_scheme_scores(site):
    """The plugin's overlay scores like its base, graded on its own bands: 87 is 优 at 85."""
    reg = SchemeRegistry()
    reg.add_entry_points()
    with pytest.warns(PluginWarning):
        s = reg.get("example-city-project", 2021)
    ev = perfrules.from_data({
        "year": 2021, "department": {"name": "某单位"},
        "budget": [{"name": "a", "planned": "100万元", "executed": "100万元"}],
        "indicators": [{"level1": "产出指标", "name": "a", "weight": "90", "target": "≥100个", "actual": "85"}],
    })  # fmt: skip
    result = perfrules.score(ev, s)

    assert result.total == Fixed(10) + Fixed(90 * 85, 2)  # execution 10 × 100% + 90 × 85 / 100
    assert result.grade.label == "优"


def test_not_installed_not_found():
    """Without the package on the path there is nothing to discover."""
    reg = SchemeRegistry()
    reg.add_entry_points()

    assert "example-city-project" not in reg.names()
