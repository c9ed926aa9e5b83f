"""Loading scenarios: TOML files, named presets, overrides and readable errors.

A scenario file holds only what differs from its base: the built-in defaults, or the
preset named by a top-level ``extends = "NAME"``. Tables merge key by key; weight tables
(nationalities, member states, alert types, offences) are replaced whole. Every problem is
reported at once, each as ``dotted.key: bad value is not allowed: what is allowed``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from schemas.errors import ConfigError
from schemas.manifest import canonical_hash
from schemas.systems import SystemKey
from synth.groups import GROUP_BY_KEY, GROUPS, Eligibility, PopulationGroup
from synth.nationalities import NATIONALITIES, NATIONALITY_BY_CODE
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

DEFAULT_PRESET = "default"
_EXTENDS = "extends"
# Dotted paths (``*`` = any key) whose value replaces the base instead of merging into it.
_REPLACED = (
    "population.nationality_weights.*",
    "population.member_state_weights",
    "journeys.frontline_member_state_weights",
    "sis.alert_type_weights",
    "sis.group_alert_type_weights.*",
    "ecris.offence_weights",
)


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


def _replaced(path: str) -> bool:
    parts = path.split(".")
    for pattern in _REPLACED:
        pat = pattern.split(".")
        if len(pat) == len(parts) and all(p in ("*", q) for p, q in zip(pat, parts, strict=True)):
            return True
    return False


def _merge(base: Mapping[str, Any], over: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        path = f"{prefix}{key}"
        old = out.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and not _replaced(path):
            out[key] = _merge(old, value, f"{path}.")
        else:
            out[key] = value
    return out


def _resolve_extends(data: Mapping[str, Any], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """``data`` merged over the chain of presets it extends (without the extends key)."""
    own = {k: v for k, v in data.items() if k != _EXTENDS}
    parent = data.get(_EXTENDS)
    if parent is None:
        return own
    if not isinstance(parent, str):
        raise ConfigError(f"{_EXTENDS}: {parent!r} is not allowed: must be a preset name")
    if parent in seen:
        raise ConfigError(f"{_EXTENDS}: presets extend each other in a cycle: {seen}")
    base = _resolve_extends(_preset_data(parent), (*seen, parent))
    base.pop("name", None)
    return _merge(base, own)


# --- error messages ---------------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """The model or container type behind Optional/Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at ``loc`` (the location of an unknown key), if a model."""
    node: Any = Scenario
    for part in loc[:-1]:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(str(part))
            if field is None:
                return []
            node = field.annotation
        elif typing.get_origin(node) is dict:
            node = typing.get_args(node)[1]
        else:
            return []
    node = _unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(bad: str, allowed: list[str]) -> str:
    close = [a for a in allowed if bad and a.startswith(bad)]
    close = close or difflib.get_close_matches(bad, allowed, n=1, cutoff=0.5)
    return f", did you mean {close[0]!r}?" if close else ""


def _format(error: Mapping[str, Any]) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        key = str(loc[-1]) if loc else ""
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        allowed = f" (allowed keys: {', '.join(expected)})" if expected else ""
        detail = str(error["msg"]).removeprefix("Value error, ")
        if expected:
            detail = "unknown key"
        return f"{'.'.join(map(str, loc))}: {detail}{_suggest(key, expected)}{allowed}"
    dotted = ".".join(map(str, loc)) or "<scenario>"
    if kind == "extra_forbidden":
        allowed_keys = _allowed_keys(loc)
        hint = _suggest(str(loc[-1]), allowed_keys)
        listing = f" (allowed keys: {', '.join(allowed_keys)})" if allowed_keys else ""
        return f"{dotted}: unknown key{hint}{listing}"
    if kind == "missing":
        return f"{dotted}: missing (required)"
    msg = str(error["msg"]).removeprefix("Value error, ")
    return f"{dotted}: {_short(error.get('input'))} is not allowed: {msg}"


# --- checks across fields ---------------------------------------------------------------


def _eligible_codes(group: PopulationGroup) -> list[str]:
    spec = GROUP_BY_KEY[group]
    return [n.code for n in NATIONALITIES if spec.eligible(n.visa_required, n.member_state)]


_ELIGIBILITY_TEXT = {
    Eligibility.VISA_REQUIRED: "visa-required third-country nationalities",
    Eligibility.VISA_EXEMPT: "visa-exempt third-country nationalities",
    Eligibility.THIRD_COUNTRY: "third-country (non-EU/Schengen) nationalities",
    Eligibility.MEMBER_STATE: "EU/Schengen nationalities",
}


def _positive_sum(problems: list[str], key: str, values: Mapping[Any, float] | list[float]) -> None:
    total = sum(values.values()) if isinstance(values, Mapping) else sum(values)
    if total <= 0:
        problems.append(f"{key}: weights sum to {total} is not allowed: need a positive sum")


def _check(s: Scenario) -> list[str]:
    problems: list[str] = []
    w, p, j = s.world, s.population, s.journeys
    if w.period_start >= w.as_of:
        problems.append(
            f"world.period_start: {w.period_start} is not allowed: must be before "
            f"world.as_of ({w.as_of})"
        )
    _positive_sum(problems, "population.group_shares", p.group_shares)
    _positive_sum(problems, "population.family_size_weights", p.family_size_weights)
    _positive_sum(problems, "population.member_state_weights", p.member_state_weights)
    _positive_sum(
        problems, "journeys.frontline_member_state_weights", j.frontline_member_state_weights
    )
    _positive_sum(problems, "sis.alert_type_weights", s.sis.alert_type_weights)
    _positive_sum(problems, "ecris.offence_weights", s.ecris.offence_weights)
    for group, alert_weights in s.sis.group_alert_type_weights.items():
        _positive_sum(problems, f"sis.group_alert_type_weights.{group}", alert_weights)
    for group, weights in p.nationality_weights.items():
        spec = GROUP_BY_KEY[group]
        for code in weights:
            nat = NATIONALITY_BY_CODE[code]
            if not spec.eligible(nat.visa_required, nat.member_state):
                problems.append(
                    f"population.nationality_weights.{group}.{code}: {code} is not allowed "
                    f"for {group}: allowed are {_ELIGIBILITY_TEXT[spec.eligibility]} "
                    f"({', '.join(_eligible_codes(group))})"
                )
        if weights:
            _positive_sum(problems, f"population.nationality_weights.{group}", weights)
    for spec in GROUPS:
        if p.group_shares.get(spec.key, 0.0) > 0 and not _eligible_codes(spec.key):
            problems.append(
                f"population.group_shares.{spec.key}: no nationality is eligible "
                f"({_ELIGIBILITY_TEXT[spec.eligibility]})"
            )
        if not spec.registered:
            for key, rates in (
                ("sis.alert_rate", s.sis.alert_rate),
                ("ecris.conviction_rate", s.ecris.conviction_rate),
            ):
                if rates.get(spec.key, 0.0) > 0:
                    problems.append(
                        f"{key}.{spec.key}: {rates[spec.key]} is not allowed: {spec.key} is "
                        "never registered in any system; must be 0"
                    )
    if j.stay_days_min > j.stay_days_max:
        problems.append(
            f"journeys.stay_days_min: {j.stay_days_min} is not allowed: must be <= "
            f"journeys.stay_days_max ({j.stay_days_max})"
        )
    for key in SystemKey:
        cfg = s.systems.of(key)
        for modality in ("fingerprint", "face"):
            low = getattr(cfg, f"{modality}_min_age")
            high = getattr(cfg, f"{modality}_max_age")
            if low > high:
                problems.append(
                    f"systems.{key}.{modality}_min_age: {low} is not allowed: must be <= "
                    f"systems.{key}.{modality}_max_age ({high})"
                )
    if s.captures.child_max_age >= s.captures.elderly_min_age:
        problems.append(
            f"captures.child_max_age: {s.captures.child_max_age} is not allowed: must be < "
            f"captures.elderly_min_age ({s.captures.elderly_min_age})"
        )
    return problems


def _resolve(s: Scenario) -> Scenario:
    """Fill groups without nationality weights with a uniform draw over the eligible ones."""
    weights = {
        group: dict(s.population.nationality_weights.get(group) or {})
        or dict.fromkeys(_eligible_codes(group), 1.0)
        for group in PopulationGroup
    }
    population = s.population.model_copy(update={"nationality_weights": weights})
    return s.model_copy(update={"population": population})


def scenario_from_dict(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate a (partial) scenario mapping merged over its base; raise ConfigError."""
    merged = _merge(Scenario().model_dump(mode="json"), _resolve_extends(data))
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:
        problems = [_format(e) for e in exc.errors()]
        raise ConfigError(f"invalid {source}: {'; '.join(problems)}") from None
    problems = _check(scenario)
    if problems:
        raise ConfigError(f"invalid {source}: {'; '.join(problems)}")
    return _resolve(scenario)


def load_scenario(
    path: Path | str | None = None,
    *,
    preset: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Scenario:
    """Load a scenario from a TOML file or a named preset (default: ``default``).

    ``overrides`` is a nested mapping merged last (e.g. ``{"world": {"persons": 500}}``).
    Raises :class:`ConfigError` naming every problem with its dotted key.
    """
    if path is not None and preset is not None:
        raise ConfigError("give a scenario file or a preset, not both")
    if path is not None:
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read scenario file {file}: {exc}") from None
        data = _read_toml_text(text, f"scenario file {file}")
        data.setdefault("name", file.stem)
        source = f"scenario file {file}"
    else:
        name = preset or DEFAULT_PRESET
        data = _preset_data(name)
        source = f"preset {name!r}"
    if overrides:
        data = _merge(data, overrides)
    return scenario_from_dict(data, source)


def scenario_dict(scenario: Scenario) -> dict[str, Any]:
    """The resolved scenario as plain JSON-ready data (what the manifest stores)."""
    data: dict[str, Any] = scenario.model_dump(mode="json")
    return data


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON (sorted keys, no whitespace)."""
    return canonical_hash(scenario_dict(scenario))


def scenario_schema() -> dict[str, Any]:
    """The JSON schema of a resolved scenario (editors can validate TOML files with it)."""
    schema: dict[str, Any] = Scenario.model_json_schema()
    return schema
