"""metrics.json: documented keys, figure invariants, determinism, replicates, writing."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import JsonValue

from analysis import (
    Estimate,
    Method,
    Metrics,
    analyse_replicates,
    analyse_world,
    make_config,
    read_metrics,
    write_metrics,
)
from analysis.estimate import is_estimate_json
from analysis.metrics import HEADLINE, SCHEMA
from schemas import ConfigError, World, WorldError, open_world
from schemas.access import ACCESS_MODEL
from schemas.manifest import StageRecord
from tests.analysis.builders import canonical_world, random_world

KEYS_MD = Path(__file__).resolve().parents[2] / "analysis" / "keys.md"
_SHARES = ("share", "share of queries", "share of searches")
#: Sections a hand-built world cannot have (no population model to draw a virtual gallery
#: from); tests/analysis/test_virtual_identity.py checks their keys on a generated world.
OPTIONAL_SECTIONS = ("scaling.identity_virtual.",)


def _documented() -> list[str]:
    text = KEYS_MD.read_text(encoding="utf-8")
    section = text.split("## Keys", 1)[1]
    rows = re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)
    return [r.replace("\\|", "|") for r in rows]


def _pattern(doc: str) -> re.Pattern[str]:
    parts = []
    for seg in doc.split("."):
        if seg == "[]":
            parts.append(r"\[\]")
        elif seg.startswith("<") and seg.endswith(">"):
            parts.append(r"[^.]+")
        else:
            parts.append(re.escape(seg))
    return re.compile(r"\.".join(parts) + r"$")


def _paths(node: JsonValue, prefix: str = "") -> Iterator[str]:
    if is_estimate_json(node):
        yield prefix
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        for v in node:
            yield from _paths(v, f"{prefix}.[]")
    else:
        yield prefix


def _estimates(node: object) -> Iterator[Estimate]:
    """Every Estimate of a typed tree (walking nodes, mappings and tuples)."""
    if isinstance(node, Estimate):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _estimates(v)
    elif isinstance(node, tuple | list):
        for v in node:
            yield from _estimates(v)
    elif hasattr(node, "__dataclass_fields__"):
        for name in node.__dataclass_fields__:
            yield from _estimates(getattr(node, name))


@pytest.fixture(scope="module")
def linked_metrics(tmp_path_factory: pytest.TempPathFactory) -> Metrics:
    """The canonical world, recorded as linked by a ``link`` run, analysed."""
    world = canonical_world(tmp_path_factory.mktemp("linked") / "w")
    link = StageRecord(run_id="link-run-1", finished_at="2021-01-01T00:00:00+00:00")
    manifest = world.manifest.model_copy(update={"stages": {"link": link}})
    (world.path / "manifest.json").write_bytes(manifest.to_bytes())
    return analyse_world(open_world(world.path))


def test_every_key_is_documented_and_every_documented_key_is_written(
    linked_metrics: Metrics,
) -> None:
    documented = _documented()
    patterns = [_pattern(d) for d in documented]
    paths = set(_paths(linked_metrics.to_json()))
    undocumented = sorted(p for p in paths if not any(pat.match(p) for pat in patterns))
    assert not undocumented, undocumented
    unused = [
        d
        for d, pat in zip(documented, patterns, strict=True)
        if not any(pat.match(p) for p in paths) and not d.startswith(OPTIONAL_SECTIONS)
    ]
    assert not unused, unused


def test_document_header(canonical_metrics: Metrics, canonical: World) -> None:
    data = canonical_metrics.to_json()
    assert data["schema"] == SCHEMA
    assert data["simulated"] is True
    assert isinstance(data["label"], str)
    assert "not" in data["label"]
    assert "real" in data["label"]
    prov = canonical_metrics.provenance
    assert prov.seed == canonical.seed == prov.analysis_seed
    assert prov.scenario_hash == canonical.scenario_hash
    assert len(prov.scenario_hash) == 64
    assert prov.world_path == str(canonical.path.resolve())
    assert prov.world_created_at == canonical.manifest.created_at
    assert prov.as_of.isoformat() == "2021-01-01" == canonical.as_of.isoformat()
    assert prov.tables_sha256["mid_links"] == canonical.manifest.tables["mid_links"].sha256
    keys = {a.key for a in canonical_metrics.assumptions}
    assert {"analysis.level", "analysis.sbms_templates", "scenario.as_of"} <= keys
    assert all(a.source for a in canonical_metrics.assumptions)


def test_analysis_assumptions_name_their_source_and_tag(canonical_metrics: Metrics) -> None:
    rows = {a.key: a for a in canonical_metrics.assumptions if a.key.startswith("analysis.")}
    assert all(a.tag is not None for a in rows.values())
    assert "[@commission-2025-sbms-launch]" in rows["analysis.sbms_templates"].source
    assert rows["analysis.level"].value == 0.95
    assert not rows["analysis.level"].changed
    assert rows["analysis.access_model"].value == ACCESS_MODEL.name
    changed = analyse_world(
        open_world(canonical_metrics.provenance.world_path), make_config(level=0.9)
    )
    level = next(a for a in changed.assumptions if a.key == "analysis.level")
    assert level.changed
    assert level.value == 0.9
    assert level.source.startswith("set by this analysis run")


def _check_estimates(metrics: Metrics) -> None:
    estimates = list(_estimates(metrics))
    assert estimates
    for e in estimates:
        v, lo, hi = e.value, e.lower, e.upper
        if v is not None and lo is not None:
            assert lo <= v + 1e-9 * (1 + abs(v)), e
        if v is not None and hi is not None:
            assert v <= hi + 1e-9 * (1 + abs(v)), e
        if e.method is Method.WILSON and v is not None and e.unit == "share":
            assert lo is not None
            assert hi is not None
            assert 0.0 <= lo <= v <= hi <= 1.0
        if e.unit in _SHARES and v is not None:
            assert 0.0 <= v <= 1.0, e
    json.dumps(metrics.to_json(), allow_nan=False)  # plain, finite JSON


def test_figures_are_simulated_and_intervals_contain_estimates(canonical_metrics: Metrics) -> None:
    _check_estimates(canonical_metrics)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000))
def test_random_worlds_give_valid_figures_that_survive_json(tmp_path: Path, seed: int) -> None:
    world = random_world(Path(tempfile.mkdtemp(dir=tmp_path)) / "w", seed)
    metrics = analyse_world(world, make_config(identity_checks_registered=20))
    _check_estimates(metrics)
    persons, pairs = metrics.persons, metrics.pairs
    assert (persons.wrongly_linked.count.value or 0) <= (persons.registered_persons.value or 0)
    assert (pairs.missed_links.value or 0) <= (pairs.true_pairs.value or 0)
    data = metrics.to_json()
    again = Metrics.from_json(json.loads(json.dumps(data)))
    assert again.to_json() == data
    assert again.provenance == metrics.provenance
    assert again.assumptions == metrics.assumptions


def test_determinism(canonical: World, tmp_path: Path) -> None:
    first = analyse_world(canonical).to_json()
    assert analyse_world(canonical).to_json() == first
    copy = tmp_path / "copy"
    shutil.copytree(canonical.path, copy)
    other = analyse_world(open_world(copy)).with_world_path(canonical.path.resolve()).to_json()
    assert other == first


def test_analysis_seed_changes_only_the_drawn_figures(canonical: World) -> None:
    a = analyse_world(canonical, seed=1)
    b = analyse_world(canonical, seed=2)
    assert a.pairs == b.pairs
    assert a.persons == b.persons
    assert a.provenance.analysis_seed == 1
    assert a.provenance.seed == b.provenance.seed == canonical.seed


def test_replicates_give_t_intervals(tmp_path: Path) -> None:
    one = canonical_world(tmp_path / "one")
    two_path = tmp_path / "two"
    shutil.copytree(one.path, two_path)
    # The second replicate: same scenario, another seed, link 3 (a false white) missing.
    import polars as pl

    from schemas import add_tables

    two = open_world(two_path)
    (two_path / "manifest.json").write_bytes(two.manifest.model_copy(update={"seed": 8}).to_bytes())
    two = open_world(two_path)
    links = two.table("mid_links").filter(pl.col("link_id") != 3)
    two = add_tables(two, {"mid_links": links}, "link")
    metrics = analyse_replicates([one, two])
    fig = metrics.pairs.false_links
    assert fig.method is Method.REPLICATE_T
    assert fig.replicate_method is Method.POISSON
    assert fig.n == 2
    assert fig.replicates == 2
    assert fig.value == pytest.approx(1.5)
    half = 12.706204736174694 * 0.7071067811865476 / 2**0.5
    assert 1.5 - half < 0
    assert fig.lower == 0.0  # a count is never negative: the t interval is cut at 0
    assert fig.upper == pytest.approx(1.5 + half)
    assert [r.seed for r in metrics.provenance.replicates] == [7, 8]
    assert metrics.provenance.interval_method.startswith("replicate-t")
    assert metrics.headline["false_links"].estimate == fig
    # strings and the first world's sizes are kept; equal numbers stay as they are
    assert metrics.creep.model == analyse_world(one).creep.model
    # the combined result survives JSON like a single world's
    assert Metrics.from_json(metrics.to_json()).to_json() == metrics.to_json()
    with pytest.raises(ConfigError, match="different seeds"):
        analyse_replicates([one, one])


def test_write_and_read_metrics(canonical_metrics: Metrics, tmp_path: Path) -> None:
    path = write_metrics(canonical_metrics, tmp_path / "report" / "metrics.json")
    assert json.loads(path.read_text(encoding="utf-8")) == canonical_metrics.to_json()
    assert sorted(p.name for p in path.parent.iterdir()) == ["metrics.json"]
    back = read_metrics(path)
    assert back.to_json() == canonical_metrics.to_json()
    assert back.headline.keys() == canonical_metrics.headline.keys()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(schema="other"), "schema is not"),
        (lambda d: d.update(schema_version=99), "schema version 99"),
        (lambda d: d["pairs"].pop("false_links"), "pairs.false_links: missing"),
        (lambda d: d["pairs"]["links_total"].update(value="x"), "pairs.links_total"),
        (lambda d: d["provenance"].update(as_of="June"), "provenance.as_of"),
    ],
)
def test_read_metrics_names_the_bad_key(
    canonical_metrics: Metrics, tmp_path: Path, edit: object, message: str
) -> None:
    data = json.loads(json.dumps(canonical_metrics.to_json()))
    edit(data)  # type: ignore[operator]
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(WorldError, match=re.escape(message)):
        read_metrics(path)


def test_headline_figures_carry_labels(canonical_metrics: Metrics) -> None:
    head = canonical_metrics.headline
    assert set(head) == {key for key, _, _ in HEADLINE}  # every path resolves
    for fig in head.values():
        assert fig.label
        assert fig.path
        assert fig.to_json()["simulated"] is True
