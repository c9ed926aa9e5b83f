"""``interopsim link``: exit codes, JSON on stdout, tables written, nothing half-written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cli.link import link
from cli.main import main
from schemas import connect, open_world, read_sql_table
from tests.linkage.mid import tiny_world


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], str]:
    out = tmp_path_factory.mktemp("cli") / "w"
    tiny_world.build(out)
    result = CliRunner().invoke(main, ["link", str(out), "--seed", "3"])
    assert result.exit_code == 0, result.output
    # Strict JSON: no NaN or Infinity constants.
    summary = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    return out, summary, result.stderr


def test_link_prints_a_json_summary(linked: tuple[Path, dict[str, object], str]) -> None:
    _, summary, stderr = linked
    assert summary["mode"] == "shared"
    assert summary["seed"] == 3
    by_colour = summary["links_by_colour"]
    assert isinstance(by_colour, dict)
    assert set(by_colour) == {"white", "yellow", "green", "red"}
    assert sum(by_colour.values()) == summary["links"]
    assert isinstance(summary["links_by_basis"], dict)
    assert "timings" in summary
    assert "identity" in summary
    verification = summary["verification"]
    assert isinstance(verification, dict)
    assert "backlog_series" not in verification
    assert "assumption" in verification
    assert "link" in stderr  # the progress bar


def test_link_writes_the_tables_in_parquet_and_sql(
    linked: tuple[Path, dict[str, object], str],
) -> None:
    out, summary, _ = linked
    world = open_world(out)
    links = world.table("mid_links")
    clusters = world.table("identity_clusters")
    assert links.height == summary["links"]
    assert "link" in world.manifest.stages
    engine = connect(world.db_url)
    try:
        assert read_sql_table(engine, "mid_links").equals(links)
        assert read_sql_table(engine, "identity_clusters").equals(clusters)
    finally:
        engine.dispose()
    colours = {(a, b): c for a, b, c in links.select("record_id_a", "record_id_b", "colour").rows()}
    assert colours == tiny_world.EXPECTED
    # Deleted EES-6 is not clustered; the still-stored records all are.
    assert "EES-6" not in clusters["record_id"].to_list()
    cluster = dict(clusters.select("record_id", "cluster_id").rows())
    assert cluster["VIS-0"] == cluster["EES-0"]
    assert cluster["VIS-1"] == cluster["EURODAC-1"]  # red joins the cluster
    assert cluster["VIS-3"] != cluster["EES-4"]  # green does not
    assert summary["mid"]["removed_by_retention"] == 1  # type: ignore[index]


def test_quiet_prints_no_progress(tmp_path: Path) -> None:
    out = tmp_path / "w"
    tiny_world.build(out)
    result = CliRunner().invoke(main, ["link", str(out), "-q", "--mode", "siloed"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    summary = json.loads(result.stdout)
    assert summary["mode"] == "siloed"
    # Without the sBMS the MID cannot see the alias or the namesakes' biometrics.
    links = open_world(out).table("mid_links")
    assert links.filter(pl.col("basis").str.contains("biometric")).height == 0


@pytest.mark.slow
def test_linking_twice_gives_the_same_tables(tmp_path: Path) -> None:
    out = tmp_path / "w"
    tiny_world.build(out)
    runner = CliRunner()
    first = runner.invoke(link, [str(out), "--quiet"])
    hashes = {n: open_world(out).manifest.tables[n].sha256 for n in ("mid_links",)}
    again = runner.invoke(link, [str(out), "--quiet"])
    assert first.exit_code == again.exit_code == 0
    assert {n: open_world(out).manifest.tables[n].sha256 for n in hashes} == hashes


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist"),
        ("empty", "no manifest.json"),
        ("corrupt", "corrupt"),
        ("no_records", "no identity_records"),
        ("bad_table", "cannot be read"),
    ],
)
def test_errors_are_one_line_and_exit_1(tmp_path: Path, setup: str, message: str) -> None:
    out = tmp_path / "w"
    if setup == "empty":
        out.mkdir()
    elif setup == "corrupt":
        tiny_world.build(out)
        (out / "manifest.json").write_text("{not json", encoding="utf-8")
    elif setup == "no_records":
        tiny_world.build(out, with_records=False)
    elif setup == "bad_table":
        tiny_world.build(out)
        (out / "tables" / "identity_records.parquet").write_bytes(b"not parquet")
    before = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    result = CliRunner().invoke(main, ["link", str(out), "--quiet"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error:")
    assert message in lines[0]
    after = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    assert after == before  # nothing written


def test_bad_mode_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["link", str(tmp_path), "--mode", "pooled"])
    assert result.exit_code == 2


def _seed_text(manifest: dict[str, object]) -> None:
    manifest["seed"] = "42"


def _seed_gone(manifest: dict[str, object]) -> None:
    del manifest["seed"]


def _database_text(manifest: dict[str, object]) -> None:
    manifest["database"] = "sqlite:///elsewhere.db"


@pytest.mark.parametrize(
    ("tamper", "fragment"),
    [
        (_seed_text, "field 'seed' is \"42\" (Input should be a valid integer)"),
        (_seed_gone, "field 'seed' is missing"),
        (_database_text, "field 'database' is \"sqlite:///elsewhere.db\""),
    ],
    ids=["seed-is-text", "seed-missing", "database-is-text"],
)
def test_a_tampered_manifest_names_the_file_and_field(
    tmp_path: Path, tamper: Callable[[dict[str, object]], None], fragment: str
) -> None:
    out = tmp_path / "w"
    tiny_world.build(out)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tamper(manifest)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = CliRunner().invoke(main, ["link", str(out), "--quiet"])
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {manifest_path} is corrupt: ")
    assert fragment in line
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
