"""metrics.json: documented keys, figure invariants, determinism, replicates, writing."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import (
    SCHEMA,
    Metrics,
    analyse_replicates,
    analyse_world,
    is_figure,
    make_config,
    write_metrics,
)
from schemas import ConfigError, World, open_world
from tests.analysis.builders import canonical_world, random_world

KEYS_MD = Path(__file__).resolve().parents[2] / "analysis" / "keys.md"


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


def _paths(node: Any, prefix: str = "") -> Iterator[str]:
    if is_figure(node):
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


def _figures(node: Any) -> Iterator[dict[str, Any]]:
    if is_figure(node):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _figures(v)
    elif isinstance(node, list):
        for v in node:
            yield from _figures(v)


def test_every_key_is_documented_and_every_documented_key_is_written(
    canonical_metrics: Metrics,
) -> None:
    documented = _documented()
    patterns = [_pattern(d) for d in documented]
    paths = {p.replace("|", "\\|").replace("\\|", "|") for p in _paths(canonical_metrics.data)}
    undocumented = sorted(p for p in paths if not any(pat.match(p) for pat in patterns))
    assert not undocumented, undocumented
    unused = [
        d
        for d, pat in zip(documented, patterns, strict=True)
        if not any(pat.match(p) for p in paths)
    ]
    assert not unused, unused


def test_document_header(canonical_metrics: Metrics, canonical: World) -> None:
    data = canonical_metrics.data
    assert data["schema"] == SCHEMA
    assert data["simulated"] is True
    assert "not" in data["label"]
    assert "real" in data["label"]
    prov = data["provenance"]
    assert prov["seed"] == canonical.seed == prov["analysis_seed"]
    assert len(prov["scenario_hash"]) == 64
    assert prov["world_path"] == str(canonical.path.resolve())
    assert prov["as_of"] == "2021-01-01"
    assert prov["tables_sha256"]["mid_links"] == canonical.manifest.tables["mid_links"].sha256
    keys = {a["key"] for a in data["assumptions"]}
    assert {"analysis.level", "analysis.sbms_templates", "scenario.as_of"} <= keys
    assert all(a["source"] for a in data["assumptions"])


def _check_figures(data: dict[str, Any]) -> None:
    figs = list(_figures(data))
    assert figs
    for f in figs:
        assert f["simulated"] is True
        v, lo, hi = f["value"], f["lower"], f["upper"]
        if v is not None and lo is not None:
            assert lo <= v + 1e-9 * (1 + abs(v)), f
        if v is not None and hi is not None:
            assert v <= hi + 1e-9 * (1 + abs(v)), f
        if f["method"] == "wilson" and v is not None:
            assert 0.0 <= lo <= v <= hi <= 1.0 or f["unit"] != "share"
        if f["unit"] in ("share", "share of queries", "share of searches") and v is not None:
            assert 0.0 <= v <= 1.0, f


def test_figures_are_simulated_and_intervals_contain_estimates(canonical_metrics: Metrics) -> None:
    _check_figures(canonical_metrics.data)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000))
def test_random_worlds_give_valid_figures(tmp_path: Path, seed: int) -> None:
    world = random_world(Path(tempfile.mkdtemp(dir=tmp_path)) / "w", seed)
    metrics = analyse_world(world, make_config(identity_checks_registered=20))
    _check_figures(metrics.data)
    persons = metrics.data["persons"]
    assert persons["wrongly_linked"]["count"]["value"] <= persons["registered_persons"]["value"]
    pairs = metrics.data["pairs"]
    assert pairs["missed_links"]["value"] <= pairs["true_pairs"]["value"]


def test_determinism(canonical: World, tmp_path: Path) -> None:
    first = analyse_world(canonical).to_json()
    assert analyse_world(canonical).to_json() == first
    copy = tmp_path / "copy"
    shutil.copytree(canonical.path, copy)
    other = json.loads(analyse_world(open_world(copy)).to_json())
    base = json.loads(first)
    for doc in (other, base):
        doc["provenance"].pop("world_path")
        for rep in doc["provenance"]["replicates"]:
            rep.pop("world_path")
    assert other == base


def test_analysis_seed_changes_only_the_drawn_figures(canonical: World) -> None:
    a = analyse_world(canonical, seed=1).data
    b = analyse_world(canonical, seed=2).data
    assert a["pairs"] == b["pairs"]
    assert a["persons"] == b["persons"]
    assert a["provenance"]["analysis_seed"] == 1


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
    fig = metrics.data["pairs"]["false_links"]
    assert fig["method"] == "replicate-t"
    assert fig["n"] == 2
    assert fig["replicates"] == 2
    assert fig["value"] == pytest.approx(1.5)
    half = 12.706204736174694 * 0.7071067811865476 / 2**0.5
    assert fig["lower"] == pytest.approx(1.5 - half)
    assert fig["upper"] == pytest.approx(1.5 + half)
    assert [r["seed"] for r in metrics.data["provenance"]["replicates"]] == [7, 8]
    assert metrics.headline["false_links"]["method"] == "replicate-t"
    with pytest.raises(ConfigError, match="different seeds"):
        analyse_replicates([one, one])


def test_write_metrics_is_atomic_and_readable(canonical_metrics: Metrics, tmp_path: Path) -> None:
    path = write_metrics(canonical_metrics, tmp_path / "report" / "metrics.json")
    assert json.loads(path.read_text(encoding="utf-8")) == canonical_metrics.data
    assert sorted(p.name for p in path.parent.iterdir()) == ["metrics.json"]


def test_headline_figures_carry_labels(canonical_metrics: Metrics) -> None:
    head = canonical_metrics.headline
    assert {"false_links", "persons_wrongly_linked", "police_checks_answers_cross_purpose"} <= set(
        head
    )
    for fig in head.values():
        assert fig["label"]
        assert fig["path"]
        assert fig["simulated"] is True
