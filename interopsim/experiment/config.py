"""The experiment file: arms, replicates, sweeps and sensitivity, validated as one model.

An experiment file is TOML. Every table is a :class:`schemas.config.StrictModel`, so a
misspelt key is reported with its dotted path and the closest valid name, all problems
at once, exactly like a scenario file::

    name = "interoperable-vs-siloed"
    question = "How many more people are wrongly linked when the systems share one gallery?"
    scenario = "default"          # a preset name, or a scenario file relative to this file
    persons = 20000

    [replicates]
    seeds = 10                    # seeds 1..10 (or a list: seeds = [3, 5, 8])

    [arms.siloed]
    question = "Each system searches only its own gallery"
    mode = "siloed"

    [arms.shared]
    question = "One shared biometric gallery (the sBMS)"
    mode = "shared"

Parameters are named by dotted keys with a prefix saying which configuration they belong
to: ``scenario.noise.rates.transliteration``, ``link.mid.verification.accuracy``,
``analysis.level`` (:mod:`interopsim.experiment.params`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from linkage.biometric import SearchMode
from schemas.config import StrictModel, parse
from schemas.errors import ConfigError
from schemas.provenance import method, sourced

__all__ = [
    "DEFAULT_FIGURES",
    "ArmConfig",
    "CompareConfig",
    "ExperimentConfig",
    "ReplicatesConfig",
    "SensitivityConfig",
    "SweepConfig",
    "load_experiment",
]

Value = float | int | bool | str
"""A value a sweep can give a parameter."""

#: Headline figures compared and analysed unless the file names others.
DEFAULT_FIGURES: tuple[str, ...] = (
    "persons_wrongly_linked",
    "persons_wrongly_linked_rate",
    "false_links",
    "false_white_links",
    "missed_links",
    "persons_merged",
    "persons_missed",
    "verification_hours",
    "share_resolved_wrongly",
)


_method = method  # SensitivityConfig has a field named "method"


def _settings(note: str) -> Any:
    """An empty table of overrides (a nested mapping validated against its own model)."""
    return sourced(provenance=method(note), default_factory=dict)


class ArmConfig(StrictModel):
    """One arm: a scenario, its overrides, a linkage mode and link or analysis settings."""

    question: str = sourced("", method("what this arm answers; shown in the report"))
    scenario: str | None = sourced(
        None, method("the arm's base scenario (preset or file); default: the experiment's")
    )
    overrides: dict[str, Any] = _settings(
        "scenario tables merged over the base scenario, as in a scenario file"
    )
    mode: SearchMode = sourced(
        SearchMode.SHARED,
        method("shared: one biometric gallery (the sBMS); siloed: one gallery per system"),
    )
    link: dict[str, Any] = _settings("link configuration merged over the experiment's [link]")
    analysis: dict[str, Any] = _settings(
        "analysis parameters merged over the experiment's [analysis]"
    )


class ReplicatesConfig(StrictModel):
    """The seeds: one world (and one link seed stream) per seed, shared by the arms."""

    seeds: int | list[int] = sourced(
        5,
        method(
            "a number of replicates (seeds first_seed, first_seed + 1, ...) or a list of seeds; "
            "5 resolves differences of about two standard errors of one world"
        ),
    )
    first_seed: int = sourced(1, method("the first seed when seeds is a number"), ge=0)

    @model_validator(mode="after")
    def _valid_seeds(self) -> Self:
        if isinstance(self.seeds, int):
            if self.seeds < 1:
                raise ValueError("seeds: a number of replicates must be at least 1")
        elif not self.seeds or len(set(self.seeds)) != len(self.seeds) or min(self.seeds) < 0:
            raise ValueError("seeds: a list of seeds must be non-empty, distinct and >= 0")
        return self

    def values(self) -> tuple[int, ...]:
        """The seeds in order."""
        if isinstance(self.seeds, int):
            return tuple(range(self.first_seed, self.first_seed + self.seeds))
        return tuple(self.seeds)


class SweepConfig(StrictModel):
    """A sweep over parameters, crossed with every arm: a grid or a sampled design."""

    design: Literal["grid", "sample"] = sourced(
        "grid", method("grid: every combination of values; sample: points drawn in ranges")
    )
    values: dict[str, list[Value]] = sourced(
        provenance=method("grid design: the values of each parameter (dotted key)"),
        default_factory=dict,
    )
    ranges: dict[str, tuple[float, float]] = sourced(
        provenance=method("sample design: [low, high] of each parameter (dotted key)"),
        default_factory=dict,
    )
    samples: int = sourced(
        8, method("sample design: points drawn (Latin hypercube)"), ge=1, le=10_000
    )
    seed: int = sourced(0, method("seed of the sampled design"), ge=0)

    @model_validator(mode="after")
    def _design_has_parameters(self) -> Self:
        if self.design == "grid":
            if not self.values or self.ranges:
                raise ValueError("a grid sweep needs [sweep.values] (and no [sweep.ranges])")
            empty = [k for k, v in self.values.items() if not v]
            if empty:
                raise ValueError(f"sweep values of {empty} are empty")
        elif not self.ranges or self.values:
            raise ValueError("a sampled sweep needs [sweep.ranges] (and no [sweep.values])")
        bad = [k for k, (lo, hi) in self.ranges.items() if not lo < hi]
        if bad:
            raise ValueError(f"ranges of {bad} must have low < high")
        return self


class SensitivityConfig(StrictModel):
    """Morris screening or Sobol indices over the plausible ranges of assumptions."""

    method: Literal["morris", "sobol"] = sourced(
        "morris",
        _method("morris: cheap screening (elementary effects); sobol: variance shares"),
    )
    parameters: list[str] | Literal["assumptions"] = sourced(
        "assumptions",
        _method(
            "dotted keys to vary, or 'assumptions': every assumption-tagged numeric "
            "parameter whose provenance declares a plausible range"
        ),
    )
    ranges: dict[str, tuple[float, float]] = sourced(
        provenance=_method(
            "[low, high] for parameters whose provenance declares no plausible range (or to "
            "narrow it); the report marks these ranges as set by the experiment file"
        ),
        default_factory=dict,
    )
    trajectories: int = sourced(
        8, _method("Morris: trajectories (each costs parameters + 1 runs)"), ge=2, le=1000
    )
    levels: int = sourced(4, _method("Morris: grid levels of each range"), ge=2, le=20)
    samples: int = sourced(
        16,
        _method("Sobol: base samples N, a power of two (costs N * (parameters + 2) runs)"),
        ge=2,
        le=65_536,
    )
    tornado: bool = sourced(
        True, _method("also run each parameter at its low and high end, others at default")
    )
    figures: list[str] = sourced(
        provenance=_method("headline figures analysed (keys of metrics.json's headline)"),
        default_factory=lambda: ["persons_wrongly_linked", "false_links", "verification_hours"],
    )
    seed: int = sourced(0, _method("seed of the design"), ge=0)

    @model_validator(mode="after")
    def _sobol_power_of_two(self) -> Self:
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"samples: {self.samples} is not a power of two (Sobol needs one)")
        bad = [k for k, (lo, hi) in self.ranges.items() if not lo < hi]
        if bad:
            raise ValueError(f"ranges of {bad} must have low < high")
        return self


class CompareConfig(StrictModel):
    """Which arms are compared, on which figures, at which confidence and power."""

    baseline: str | None = sourced(
        None, method("the arm every other arm is compared with (default: the first arm)")
    )
    pairs: list[tuple[str, str]] = sourced(
        provenance=method("explicit [A, B] pairs (B - A) instead of baseline versus the rest"),
        default_factory=list,
    )
    figures: list[str] = sourced(
        provenance=method("headline figures compared (keys of metrics.json's headline)"),
        default_factory=lambda: list(DEFAULT_FIGURES),
    )
    outcome: Literal["wrongly_linked", "false_red", "merged", "missed"] = sourced(
        "wrongly_linked", method("the person outcome compared person by person and by group")
    )
    level: float = sourced(0.95, method("confidence level of the paired intervals"), gt=0, lt=1)
    power: float = sourced(
        0.8, method("power the replicate-count hint aims at (conventional 80 %)"), gt=0, lt=1
    )


class ExperimentConfig(StrictModel):
    """A whole experiment: arms x sweep points x seeds (see the module docstring)."""

    name: str = sourced("experiment", method("a label; names the report"))
    question: str = sourced("", method("the question the experiment answers"))
    scenario: str = sourced("default", method("base scenario of every arm: preset or file"))
    persons: int | None = sourced(
        None, method("overrides world.persons of every arm"), ge=1, le=50_000_000
    )
    overrides: dict[str, Any] = _settings("scenario tables merged over every arm's scenario")
    link: dict[str, Any] = _settings("link configuration shared by every arm")
    analysis: dict[str, Any] = _settings("analysis parameters shared by every arm")
    replicates: ReplicatesConfig = Field(default_factory=ReplicatesConfig)
    arms: dict[str, ArmConfig] = sourced(
        provenance=method("the arms, by name; at least one"),
        default_factory=lambda: {"shared": ArmConfig()},
        min_length=1,
    )
    sweep: SweepConfig | None = sourced(None, method("a sweep crossed with every arm"))
    sensitivity: SensitivityConfig | None = sourced(
        None, method("a sensitivity analysis of every arm")
    )
    compare: CompareConfig = Field(default_factory=CompareConfig)

    @model_validator(mode="after")
    def _arms_exist(self) -> Self:
        names = list(self.arms)
        bad = [n for n in names if not n or "/" in n or n.startswith(".")]
        if bad:
            raise ValueError(f"arm names {bad} cannot be directory names")
        wanted = [self.compare.baseline] if self.compare.baseline else []
        wanted += [arm for pair in self.compare.pairs for arm in pair]
        unknown = sorted({a for a in wanted if a not in self.arms})
        if unknown:
            raise ValueError(f"compare names unknown arms {unknown}; arms: {names}")
        return self


def load_experiment(path: Path | str) -> tuple[ExperimentConfig, Path]:
    """The validated experiment in the TOML file ``path`` and the directory it is in.

    Scenario files the experiment names are relative to that directory. Raises
    :class:`ConfigError` naming every problem with its dotted key.
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read experiment file {file}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"experiment file {file} is not valid TOML: {exc}") from None
    data.setdefault("name", file.stem)
    return parse(ExperimentConfig, data, what=f"experiment file {file}"), file.parent
