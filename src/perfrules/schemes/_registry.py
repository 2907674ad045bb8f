"""
The scheme registry: names to schemes, with dated editions and plugins from entry points.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any, overload

import attrs

from perfrules.errors import DuplicateSchemeError, PerfrulesError, UnknownSchemeError
from perfrules.schemes._file import scheme_from_data, scheme_from_file
from perfrules.schemes._scheme import Scheme

__all__ = ["ENTRY_POINT_GROUP", "PluginWarning", "SchemeRegistry", "default_registry"]

#: Plugins publish schemes under this entry-point group.
ENTRY_POINT_GROUP = "perfrules.schemes"


class PluginWarning(UserWarning):
    """A scheme plugin could not be loaded and was skipped."""


def _edition_key(s: Scheme) -> int:
    return s.from_year if s.from_year is not None else -(10**9)


@attrs.define
class SchemeRegistry(Mapping[str, Scheme]):
    """
    Schemes by name; a name may have several editions, each in force for a range of years.

    As a mapping, ``registry[name]`` is the latest edition. Build your own registry when embedding;
    :data:`default_registry` holds the built-in schemes and the plugins.

    >>> reg = SchemeRegistry()
    >>> _ = reg.register(Scheme(name="mine", from_year=2020))
    >>> _ = reg.register(Scheme(name="mine", from_year=2022, title="2022 edition"))
    >>> reg.get("mine", year=2021).from_year, reg.get("mine", year=2023).title
    (2020, '2022 edition')
    """

    _editions: dict[str, list[Scheme]] = attrs.field(factory=dict, alias="editions")
    _sources: list[Callable[[SchemeRegistry], None]] = attrs.field(factory=list, alias="sources")
    strict: bool = False  #: raise instead of warning when a plugin is broken
    # get(name, year) remembered: every score() looks its scheme up. Emptied by every registration.
    _found: dict[tuple[str, int | None], Scheme] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def _ensure_loaded(self) -> None:
        while self._sources:
            self._sources.pop(0)(self)

    @overload
    def register(self, scheme: Scheme, *, replace: bool = False) -> Scheme: ...
    @overload
    def register(self, scheme: Callable[[], Scheme], *, replace: bool = False) -> Callable[[], Scheme]: ...
    def register(self, scheme: Scheme | Callable[[], Scheme], *, replace: bool = False) -> Scheme | Callable[[], Scheme]:
        """
        Add a scheme (or, as a decorator, the scheme a function returns).

        Raises:
            DuplicateSchemeError: that name and edition (``from_year``) is registered already
                and *replace* is false.
        """
        if not isinstance(scheme, Scheme):
            self.register(scheme(), replace=replace)
            return scheme
        self._ensure_loaded()
        return self._add(scheme, replace=replace)

    def _add(self, scheme: Scheme, *, replace: bool = False) -> Scheme:
        self._found.clear()
        editions = self._editions.setdefault(scheme.name, [])
        same = [s for s in editions if s.from_year == scheme.from_year]
        if same and not replace:
            msg = f"scheme {scheme.name!r} (from {scheme.from_year}) is already registered; pass replace=True"
            raise DuplicateSchemeError(msg)
        editions[:] = sorted([s for s in editions if s not in same] + [scheme], key=_edition_key)
        return scheme

    def get(self, name: str, year: int | None = None) -> Scheme:  # type: ignore[override]
        """
        The edition of *name* in force in *year* (the latest edition when *year* is None).

        Raises:
            UnknownSchemeError: no such name, or no edition in force that year.
        """
        found = self._found.get((name, year))
        if found is not None and not self._sources:
            return found
        self._ensure_loaded()
        editions = self._editions.get(name)
        if not editions:
            raise UnknownSchemeError(name, self.names())
        if year is None:
            found = editions[-1]
        else:
            in_force = [s for s in editions if s.in_force(year)]
            if not in_force:
                raise UnknownSchemeError(name, self.names(), year)
            found = in_force[-1]
        if len(self._found) < 1024:
            self._found[name, year] = found
        return found

    def editions(self, name: str) -> tuple[Scheme, ...]:
        """Every edition of *name*, oldest first."""
        self._ensure_loaded()
        return tuple(self._editions.get(name, ()))

    def names(self) -> list[str]:
        """The registered names, sorted."""
        self._ensure_loaded()
        return sorted(self._editions)

    def __getitem__(self, name: str) -> Scheme:
        return self.get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def load_file(self, path: str | Path, *, replace: bool = False) -> Scheme:
        """
        Read a scheme file and register it; an overlay's ``base`` is looked up in this registry.

        Raises:
            InvalidInputError: a mistake in the file, located.
            DuplicateSchemeError: that name and edition is registered and *replace* is false.
        """
        return self.register(scheme_from_file(path, registry=self), replace=replace)

    def from_data(self, data: Mapping[str, Any]) -> Scheme:
        """A scheme from plain data (not registered); an overlay's ``base`` is looked up here."""
        return scheme_from_data(data, registry=self)

    _from_data = from_data

    def add_entry_points(self, entry_points: Iterable[metadata.EntryPoint] | None = None) -> None:
        """
        Discover plugins lazily: on first use, load every entry point of the group
        ``perfrules.schemes``. An entry point names a Scheme, an iterable of Schemes, or a
        callable returning either. A broken plugin warns (:class:`PluginWarning`) and is skipped;
        with ``strict=True`` it raises.
        """

        def load(reg: SchemeRegistry) -> None:
            eps = entry_points if entry_points is not None else metadata.entry_points(group=ENTRY_POINT_GROUP)
            for ep in eps:
                try:
                    obj = ep.load()
                    if callable(obj) and not isinstance(obj, Scheme):
                        obj = obj()
                    items = [obj] if isinstance(obj, Scheme) else list(obj)
                    for s in items:
                        if not isinstance(s, Scheme):
                            raise TypeError(f"not a Scheme: {s!r}")
                        reg.register(s)
                except Exception as e:
                    if reg.strict:
                        raise PerfrulesError(f"scheme plugin {ep.name!r} failed: {e}") from e
                    warnings.warn(f"scheme plugin {ep.name!r} skipped: {e}", PluginWarning, stacklevel=2)

        self._sources.append(load)


def _builtins(reg: SchemeRegistry) -> None:
    import tomllib

    files = sorted(resources.files("perfrules.schemes").joinpath("data").iterdir(), key=lambda p: p.name)
    pending = [tomllib.loads(f.read_text(encoding="utf-8")) for f in files if f.name.endswith(".toml")]
    # Overlays need their base edition first: register in dependency order.
    while pending:
        ready = [d for d in pending if _base_ready(reg, d)]
        if not ready:
            raise PerfrulesError(f"built-in schemes with a missing base: {[d.get('name') for d in pending]}")
        for d in ready:
            # The base is looked up directly: going through get() would load the plugins
            # before every built-in scheme is in.
            found = _base_ready(reg, d)
            reg._add(scheme_from_data(d, base=found if isinstance(found, Scheme) else None))  # noqa: SLF001
            pending.remove(d)


def _base_ready(reg: SchemeRegistry, data: Mapping[str, Any]) -> Scheme | bool:
    """The base edition an overlay needs (False: not registered yet; True: no base needed)."""
    base = data.get("base")
    if base is None:
        return True
    year = data.get("base_year", data.get("from_year"))
    editions = [s for s in reg._editions.get(str(base), []) if year is None or s.in_force(year)]  # noqa: SLF001
    return editions[-1] if editions else False


def _make_default() -> SchemeRegistry:
    reg = SchemeRegistry()
    reg._sources.append(_builtins)  # noqa: SLF001
    reg.add_entry_points()
    return reg


#: The process-wide registry: built-in schemes and plugins. Prefer your own when embedding.
default_registry = _make_default()

