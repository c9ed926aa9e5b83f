"""How to cite a run: the :class:`Citation` of its figures and the commands that reproduce them.

A figure is cited with its value, its interval, the seeds of the worlds behind it
(generation and, when it differs, the link stage), the scenario hash and the interopsim
version. :func:`cite_text` gives the block for the whole run and :func:`figure_citation`
one line for one figure, ready to paste.
"""

from __future__ import annotations

from dataclasses import replace

from analysis.metrics import Metrics
from analysis.report.formatting import format_interval, format_value
from analysis.report.model import Citation, HeadlineRow
from schemas.errors import ConfigError
from schemas.manifest import Manifest
from synth.scenario_load import load_scenario, preset_names, scenario_hash

__all__ = ["citation_of", "cite_text", "figure_citation", "reproduce_command"]

_ONE_WORLD = "95 % intervals over the simulated persons, links and searches of one world"
SHORT_HASH = 12
"""Characters of the scenario hash quoted in a one-line citation (the block gives all)."""


def _link_seed(manifest: Manifest) -> tuple[int | None, str]:
    """The link stage's seed and biometric mode, as its record in the manifest says."""
    stage = manifest.stages.get("link")
    if stage is None:
        return None, "unknown"
    mode = stage.parameters.get("mode", stage.summary.get("mode"))
    return stage.seed, str(mode) if mode else "unknown"


def _persons(metrics: Metrics, manifest: Manifest) -> int | None:
    value = metrics.persons.persons.value
    if value is not None and not metrics.provenance.replicates[1:]:
        return round(value)
    entry = manifest.tables.get("persons")
    return entry.rows if entry is not None else None


def _is_preset(name: str, persons: int | None, digest: str) -> bool:
    """Whether preset ``name`` (with ``persons``) is exactly the scenario hashed ``digest``.

    A scenario file that extends a preset keeps the preset's name; only the hash tells
    them apart, and only an exact match may be reproduced with ``--preset``.
    """
    if name not in preset_names():
        return False
    overrides = {"world": {"persons": persons}} if persons is not None else None
    try:
        return scenario_hash(load_scenario(preset=name, overrides=overrides)) == digest
    except ConfigError:
        return False


def reproduce_command(c: Citation, analysis_seed: int | None = None) -> str:
    """The shell commands that rebuild the figures (``DIR`` stands for a new directory).

    One ``run`` when every stage used the world's seed; ``generate``, ``link``,
    ``analyse`` and ``report`` when a stage used another; one world per seed and an
    ``analyse --replicate`` for replicate figures.
    """
    source = (
        f"--preset {c.scenario}"
        if _is_preset(c.scenario, c.persons, c.scenario_hash)
        else f"--scenario <scenario file with hash {c.scenario_hash[:SHORT_HASH]}>"
    )
    persons = f" --persons {c.persons}" if c.persons is not None else ""
    mode = f" --mode {c.mode}" if c.mode in ("shared", "siloed") else ""
    if c.replicated:
        runs = " && ".join(
            f"interopsim run {source}{persons} --seed {s}{mode} --out DIR{s}" for s in c.seeds
        )
        others = " ".join(f"--replicate DIR{s}" for s in c.seeds[1:])
        first = f"DIR{c.seeds[0]}"
        return f"{runs} && interopsim analyse {first} {others} && interopsim report {first}"
    link_seed = c.link_seed if c.link_seed is not None else c.seed
    if link_seed == c.seed and analysis_seed in (None, c.seed):
        return f"interopsim run {source}{persons} --seed {c.seed}{mode} --out DIR"
    analyse_seed = "" if analysis_seed in (None, c.seed) else f" --seed {analysis_seed}"
    return (
        f"interopsim generate {source}{persons} --seed {c.seed} --out DIR && "
        f"interopsim link DIR{mode} --seed {link_seed} && "
        f"interopsim analyse DIR{analyse_seed} && interopsim report DIR"
    )


def citation_of(metrics: Metrics, manifest: Manifest) -> Citation:
    """The citation of an analysed world's figures (all its replicate worlds' seeds)."""
    prov = metrics.provenance
    link_seed, mode = _link_seed(manifest)
    seeds = tuple(r.seed for r in prov.replicates) or (prov.seed,)
    replicated = len(seeds) > 1
    citation = Citation(
        seed=prov.seed,
        scenario=manifest.scenario_name,
        scenario_hash=prov.scenario_hash,
        version=prov.interopsim_version,
        mode=mode,
        persons=_persons(metrics, manifest),
        created_at=prov.world_created_at,
        command="",
        link_seed=link_seed if link_seed not in (None, prov.seed) and not replicated else None,
        seeds=seeds,
        intervals=(
            f"95 % Student-t intervals over {len(seeds)} replicate worlds (seeds "
            f"{', '.join(map(str, seeds))}); each figure is the mean over the worlds"
            if replicated
            else _ONE_WORLD
        ),
    )
    return _with_command(citation, prov.analysis_seed)


def _with_command(c: Citation, analysis_seed: int) -> Citation:
    return replace(c, command=reproduce_command(c, analysis_seed))


def _about(c: Citation) -> str:
    persons = f", {c.persons:,} synthetic persons" if c.persons is not None else ""
    each = " each" if c.replicated else ""
    return (
        f"interopsim {c.version}, scenario {c.scenario} (hash {c.scenario_hash[:SHORT_HASH]}), "
        f"{c.seed_text}{persons}{each}, {c.mode} biometric matching"
    )


def figure_citation(row: HeadlineRow, c: Citation) -> str:
    """One figure as a sentence to paste: value, interval, seeds, scenario hash, version."""
    value = format_value(row.estimate.value, row.kind)
    unit = f" {row.estimate.unit}" if row.kind == "count" and row.estimate.unit else ""
    interval = ""
    if row.estimate.has_interval:
        what = "mean over replicate worlds, " if c.replicated else ""
        interval = f" ({what}95 % interval {format_interval(row.estimate, row.kind)})"
    extrapolated = " extrapolated beyond the simulated world," if row.estimate.extrapolated else ""
    return (
        f"{row.label}: {value}{unit}{interval}. Simulated{extrapolated} on synthetic people "
        f"with {_about(c)}."
    )


def cite_text(citation: Citation) -> str:
    """The suggested citation of a run's figures (plain text)."""
    return (
        f"Simulated with {_about(citation)}. Full scenario hash {citation.scenario_hash}. "
        f"Figures are simulated on synthetic people under the assumptions listed in the "
        f"report; intervals are {citation.intervals}.\n"
        f"Reproduce: {citation.command}"
    )
