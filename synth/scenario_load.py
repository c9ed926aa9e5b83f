"""Loading scenarios: TOML files, named presets and overrides.

A scenario file holds only what differs from its base: the built-in defaults, or the
preset named by a top-level ``extends = "NAME"``. Tables merge key by key; the weight
tables a model lists in ``replaced_tables`` (nationalities, member states, alert types,
offences) are replaced whole. Validation goes through :func:`schemas.config.parse`, so
every problem is reported at once as ``dotted.key: what is wrong``.

The loader is generic over the model: ``load_scenario(..., model=M)`` loads any subclass
``M`` of :class:`~synth.scenario.Scenario` (one that adds sections) the same way, from the
same presets.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, overload

from schemas.config import merge, parse
from schemas.errors import ConfigError
from schemas.manifest import canonical_hash
from synth.scenario import Scenario

__all__ = [
    "DEFAULT_PRESET",
    "list_presets",
    "load_scenario",
    "preset_names",
    "scenario_dict",
    "scenario_from_dict",
    "scenario_hash",
    "scenario_schema",
]

S = TypeVar("S", bound=Scenario)

#: The preset used when neither a preset nor a scenario file is given.
DEFAULT_PRESET = "default"
_EXTENDS = "extends"


def _preset_dir() -> Any:
    return resources.files("synth") / "presets"


def preset_names() -> list[str]:
    """Names of the presets shipped with the package, sorted."""
    return sorted(
        p.name.removesuffix(".toml") for p in _preset_dir().iterdir() if p.name.endswith(".toml")
    )


def _read_toml_text(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from None


def _preset_data(name: str) -> dict[str, Any]:
    names = preset_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"unknown preset {name!r}{hint} (known presets: {', '.join(names)})")
    text = (_preset_dir() / f"{name}.toml").read_text(encoding="utf-8")
    data = _read_toml_text(text, f"preset {name!r}")
    data.setdefault("name", name)
    return data


def list_presets() -> list[dict[str, str]]:
    """Each preset's name and one-line description."""
    out = []
    for name in preset_names():
        data = _preset_data(name)
        out.append({"name": name, "description": str(data.get("description", ""))})
    return out


def _replacer(model: type[Scenario]) -> Any:
    """Whether a dotted path names one of ``model``'s tables that are replaced whole."""
    patterns = [pattern.split(".") for pattern in model.replaced_tables]

    def replaced(path: str) -> bool:
        parts = path.split(".")
        return any(
            len(pat) == len(parts) and all(p in ("*", q) for p, q in zip(pat, parts, strict=True))
            for pat in patterns
        )

    return replaced


def _resolve_extends(
    data: Mapping[str, Any], model: type[Scenario], seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``data`` merged over the chain of presets it extends (without the extends key)."""
    own = {k: v for k, v in data.items() if k != _EXTENDS}
    parent = data.get(_EXTENDS)
    if parent is None:
        return own
    if not isinstance(parent, str):
        raise ConfigError(f"{_EXTENDS}: {parent!r} is not allowed: must be a preset name")
    if parent in seen:
        raise ConfigError(f"{_EXTENDS}: presets extend each other in a cycle: {seen}")
    base = _resolve_extends(_preset_data(parent), model, (*seen, parent))
    base.pop("name", None)
    return merge(base, own, _replacer(model))


@overload
def scenario_from_dict(data: Mapping[str, Any], source: str = ...) -> Scenario: ...


@overload
def scenario_from_dict(data: Mapping[str, Any], source: str = ..., *, model: type[S]) -> S: ...


def scenario_from_dict(
    data: Mapping[str, Any], source: str = "scenario", *, model: type[Scenario] = Scenario
) -> Scenario:
    """Validate a (partial) scenario mapping merged over its base; raise ConfigError."""
    replaced = _replacer(model)
    merged = merge(model().model_dump(mode="json"), _resolve_extends(data, model), replaced)
    return parse(model, merged, what=source)


@overload
def load_scenario(
    path: Path | str | None = ...,
    *,
    preset: str | None = ...,
    overrides: Mapping[str, Any] | None = ...,
) -> Scenario: ...


@overload
def load_scenario(
    path: Path | str | None = ...,
    *,
    preset: str | None = ...,
    overrides: Mapping[str, Any] | None = ...,
    model: type[S],
) -> S: ...


def load_scenario(
    path: Path | str | None = None,
    *,
    preset: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    model: type[Scenario] = Scenario,
) -> Scenario:
    """Load a scenario from a TOML file or a named preset (default: ``default``).

    ``overrides`` is a nested mapping merged last (e.g. ``{"world": {"persons": 500}}``).
    ``model`` is the scenario class to validate with (a subclass of :class:`Scenario`
    that adds sections reuses the same presets and files). Raises :class:`ConfigError`
    naming every problem with its dotted key.
    """
    if path is not None and preset is not None:
        raise ConfigError("give a scenario file or a preset, not both")
    if path is not None:
        data, source = _file_data(Path(path))
    else:
        name = preset or DEFAULT_PRESET
        data, source = _preset_data(name), f"preset {name!r}"
    if overrides:
        data = merge(data, overrides, _replacer(model))
    return scenario_from_dict(data, source, model=model)


def _file_data(file: Path) -> tuple[dict[str, Any], str]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read scenario file {file}: {exc}") from None
    data = _read_toml_text(text, f"scenario file {file}")
    data.setdefault("name", file.stem)
    return data, f"scenario file {file}"


def scenario_dict(scenario: Scenario) -> dict[str, Any]:
    """The resolved scenario as plain JSON-ready data (what the manifest stores)."""
    data: dict[str, Any] = scenario.model_dump(mode="json")
    return data


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (sorted keys, no whitespace)."""
    return canonical_hash(scenario_dict(scenario))


def scenario_schema(model: type[Scenario] = Scenario) -> dict[str, Any]:
    """The JSON schema of a resolved scenario (editors can validate TOML files with it)."""
    schema: dict[str, Any] = model.model_json_schema()
    return schema
