"""Every parameter behind the figures, with its value and the source of its default.

The ``assumptions`` of ``metrics.json`` list, as :class:`Assumption` rows:

- ``analysis.*``: the analysis' own parameters (:class:`analysis.config.AnalysisConfig`),
  read with :func:`schemas.provenance.parameters`; the two that default to the link
  stage's values (verification minutes, biometric score model) are given as resolved;
- ``scenario.*``: the world's scenario as its manifest records it, through the scenario
  model's provenance metadata (transitionally: the sources synth reads from its comments);
  its ``[link]`` and ``[analysis]`` sections are listed as ``link.*`` and ``analysis.*``;
- ``link.*``: the configuration the link stage recorded (``stages.link.parameters``),
  read through the link configuration models where they apply.

Each row names its source label (``Provenance.label``: tag, bibliography keys, note) and
its tag letter (:class:`schemas.provenance.Tag`); a value that differs from its model's
default is marked ``changed`` and says who set it: the scenario when the value is the
one its ``[link]`` or ``[analysis]`` section holds, the link or analysis run otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, JsonValue

from analysis._tree import Node
from analysis.config import AnalysisConfig
from analysis.linkrun import LinkRun
from linkage.biometric import BiometricConfig
from linkage.config import LinkConfig
from schemas.provenance import Parameter, Tag, parameters
from schemas.world import World
from synth.scenario import Scenario
from synth.scenario_sources import scenario_parameters

__all__ = [
    "Assumption",
    "analysis_assumptions",
    "assumptions_of",
    "link_assumptions",
    "scenario_assumptions",
]

_NO_SOURCE = "no source stated"
_SCENARIO = "this scenario"
#: Sections of the whole scenario (interopsim.scenario) that configure later stages.
_STAGE_SECTIONS = ("link", "analysis")


@dataclass(frozen=True, kw_only=True)
class Assumption(Node):
    """One parameter: dotted key, value, where the value comes from and its tag.

    ``tag`` is None when the source states none; ``changed`` is True when the value was
    set (by the scenario, the link run or the analysis run) rather than left at its
    model's default.
    """

    key: str
    value: JsonValue
    source: str
    tag: Tag | None = None
    changed: bool = False


def _json(value: object) -> JsonValue:
    """A JSON form of a parameter value (objects such as the access model by name)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return str(getattr(value, "name", value))


def _model_defaults(model: BaseModel) -> dict[str, object]:
    """Every leaf of the model's default instance (sub-model factories included)."""
    try:
        default = type(model)()
    except ValueError:  # a model with required fields has no default instance
        return {}
    return {p.key: p.value for p in parameters(default)}


def _rows(
    model: BaseModel,
    prefix: str,
    setter: str,
    scenario: Mapping[str, object] | None = None,
) -> Iterator[Assumption]:
    """Rows of a model's parameters; a value that differs from the default says who set it:
    the scenario when ``scenario`` (its leaves, keyed as the model's) holds that value.

    The default is the leaf of the model's default instance, so that a sub-model built
    by a factory (e.g. per-modality score models) is compared with what the factory makes.
    """
    defaults = _model_defaults(model)
    for p in parameters(model):
        by = _SCENARIO if scenario is not None and scenario.get(p.key) == p.value else setter
        yield _row(p, prefix, by, p.value != defaults.get(p.key, p.default))


def _section_leaves(scenario: Mapping[str, JsonValue], name: str) -> dict[str, object] | None:
    """The leaves of the scenario's ``[name]`` section (``link``/``analysis``) through its
    model, keyed as the model's parameters; None when absent or not valid here."""
    model: type[BaseModel] = LinkConfig if name == "link" else AnalysisConfig
    data = scenario.get(name)
    if not isinstance(data, Mapping):
        return None
    try:
        section = model.model_validate(dict(data))
    except ValueError:  # recorded by another version
        return None
    return {p.key: p.value for p in parameters(section)}


def _row(p: Parameter, prefix: str, setter: str, changed: bool) -> Assumption:
    return Assumption(
        key=f"{prefix}{p.key}",
        value=_json(p.value),
        source=p.source_text(setter, changed),
        tag=p.provenance.tag if p.provenance else None,
        changed=changed,
    )


def analysis_assumptions(
    config: AnalysisConfig,
    minutes: tuple[float, str],
    score: tuple[BiometricConfig, str],
    scenario: Mapping[str, object] | None = None,
) -> list[Assumption]:
    """The analysis parameters; verification minutes and score model as resolved.

    ``scenario``: the leaves of the scenario's ``[analysis]`` section (values it set are
    credited to it)."""
    resolved: dict[str, tuple[JsonValue, str]] = {
        "analysis.verification_minutes": (minutes[0], minutes[1]),
        "analysis.biometric": (f"fmr={score[0].fmr:.6g}, fusion={score[0].fusion}", score[1]),
    }
    out = []
    for row in _rows(config, "analysis.", "this analysis run", scenario):
        if row.key in resolved and not row.changed:
            value, source = resolved[row.key]
            row = Assumption(key=row.key, value=value, source=source, tag=row.tag)
        out.append(row)
    return out


def _leaves(prefix: str, node: JsonValue) -> Iterator[tuple[str, JsonValue]]:
    if isinstance(node, Mapping):
        for k, v in node.items():
            yield from _leaves(f"{prefix}.{k}", v)
    else:
        yield prefix, node


def scenario_assumptions(scenario: Mapping[str, JsonValue]) -> list[Assumption]:
    """The scenario recorded in the world's manifest, with the sources of its defaults
    (tables entry by entry, :func:`synth.scenario_parameters`). A scenario this version
    cannot validate (a world built by hand) is listed leaf by leaf without sources. The
    ``[link]`` and ``[analysis]`` sections are listed with the stages they configure."""
    world_part = {k: v for k, v in scenario.items() if k not in _STAGE_SECTIONS}
    try:
        model = Scenario.model_validate(world_part)
    except ValueError:
        return [
            Assumption(key=key, value=value, source="the world's manifest (not validated)")
            for key, value in _leaves("scenario", world_part)
        ]
    return [_row(p, "scenario.", _SCENARIO, p.changed) for p in scenario_parameters(model)]


def _link_section(name: str) -> type[BaseModel] | None:
    field = LinkConfig.model_fields.get(name)
    annotation = None if field is None else field.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _setting_rows(name: str, value: JsonValue) -> list[Assumption]:
    """A scalar field of the link configuration (e.g. ``score_unreported_hits``) with its
    provenance; empty when ``name`` is no such field."""
    if name not in LinkConfig.model_fields or _link_section(name) is not None:
        return []
    for p in parameters(LinkConfig()):
        if p.key == name and p.provenance is not None:
            changed = value != p.value
            source = p.source_text("the link run", changed)
            tag = p.provenance.tag
            return [
                Assumption(key=f"link.{name}", value=value, source=source, tag=tag, changed=changed)
            ]
    return []


def _section_rows(
    name: str, value: JsonValue, scenario: Mapping[str, object] | None
) -> list[Assumption]:
    """Rows of one recorded section of the link configuration through its model (empty
    when ``name`` is no section or the values do not validate here)."""
    section = _link_section(name)
    if section is None or not isinstance(value, Mapping):
        return []
    try:
        model = section.model_validate(dict(value))
    except ValueError:  # recorded by another version: list the values as they are
        return []
    own = None
    if scenario is not None:
        own = {k.removeprefix(f"{name}."): v for k, v in scenario.items() if k.startswith(name)}
    return list(_rows(model, f"link.{name}.", "the link run", own))


#: Options of the link run itself (not of its configuration), with what they mean.
_RUN_OPTIONS = {
    "mode": "shared searches one biometric gallery for all systems (the sBMS), siloed each "
    "system's own, as before interoperability",
    "seed": "the seed of the run's random draws (the verifiers' errors)",
}


def link_assumptions(
    run: LinkRun, scenario: Mapping[str, object] | None = None
) -> list[Assumption]:
    """The configuration the link stage recorded: its models' parameters, then the rest.

    ``scenario``: the leaves of the scenario's ``[link]`` section (values it set are
    credited to it)."""
    out: list[Assumption] = []
    for name, value in run.parameters.items():
        if name == "config_source":  # where the whole configuration came from
            continue
        if name in _RUN_OPTIONS:
            source = f"set for this link run: {_RUN_OPTIONS[name]}"
            out.append(Assumption(key=f"link.{name}", value=value, source=source, tag=Tag.METHOD))
            continue
        out += (
            _section_rows(name, value, scenario)
            or _setting_rows(name, value)
            or [
                Assumption(key=key, value=leaf, source="set for this link run (manifest.json)")
                for key, leaf in _leaves(f"link.{name}", value)
            ]
        )
    return out


def assumptions_of(
    world: World,
    run: LinkRun | None,
    config: AnalysisConfig,
    minutes: tuple[float, str],
    score: tuple[BiometricConfig, str],
) -> tuple[Assumption, ...]:
    """Every assumption behind the figures of ``world``: analysis, scenario, link stage."""
    recorded = world.manifest.scenario
    rows = analysis_assumptions(config, minutes, score, _section_leaves(recorded, "analysis"))
    rows += scenario_assumptions(recorded)
    if run is not None:
        rows += link_assumptions(run, _section_leaves(recorded, "link"))
    return tuple(rows)
