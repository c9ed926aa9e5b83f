"""``interopsim scenarios``: presets, one scenario's values with sources, every key."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from interopsim.reference import scenario_keys
from interopsim.views import keys_page
from schemas.bibliography import citations, unresolved
from schemas.provenance import parameters
from synth.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
KEYS_PAGE = ROOT / "docs" / "scenario-keys.md"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_presets_are_listed() -> None:
    code, out, _ = _invoke("scenarios", "--format", "json")
    assert code == 0
    names = [p["name"] for p in json.loads(out)]
    assert "default" in names
    assert "small" in names


def test_show_gives_every_value_with_its_source() -> None:
    code, out, err = _invoke("scenarios", "show", "small", "--format", "json")
    assert code == 0, err
    values = {v["key"]: v for v in json.loads(out)}
    persons = values["world.persons"]
    assert (persons["value"], persons["default"], persons["changed"]) == (2000, 100000, True)
    assert persons["source"].startswith("set by preset small (default 100000")
    unchanged = [v for v in values.values() if not v["changed"]]
    assert unchanged
    assert all(v["source"] for v in values.values())
    assert all(v["tag"] in {"V", "S", "R", "E", "C", "A", "M", ""} for v in values.values())


def test_show_a_file_and_only_what_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "e14.toml"
    path.write_text(
        'extends = "default"\n[systems.EURODAC]\nfingerprint_min_age = 14\n', encoding="utf-8"
    )
    code, out, err = _invoke("scenarios", "show", str(path), "--changed", "--format", "csv")
    assert code == 0, err
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["systems.EURODAC.fingerprint_min_age"]["value"] == "14"
    assert "set by scenario file e14.toml" in rows["systems.EURODAC.fingerprint_min_age"]["source"]
    assert "world.persons" not in rows


def test_show_as_a_table_prints_each_source_once() -> None:
    code, out, err = _invoke("scenarios", "show", "default", "--format", "table")
    assert code == 0, err
    sources = out.split("\nSources:\n")[1]
    numbered = [line for line in sources.splitlines() if line.startswith("[")]
    assert len(numbered) == len(set(numbered))
    assert len(numbered) < out.count("\n")  # shared sources are printed once


def test_unknown_preset_is_one_line() -> None:
    code, out, err = _invoke("scenarios", "show", "defualt")
    assert code == 1
    assert out == ""
    assert err.startswith("Error: ")
    assert "default" in err


def test_every_model_field_has_a_key() -> None:
    keys = {d.key for d in scenario_keys(Scenario)}
    for p in parameters(Scenario()):
        top = p.key.split(".")
        assert any(k.split(".")[: len(top)] == top or _matches(k, p.key) for k in keys), p.key


def _matches(pattern: str, key: str) -> bool:
    parts, given = pattern.split("."), key.split(".")
    return len(given) <= len(parts) and all(
        a == b or a.startswith("<") for a, b in zip(parts, given, strict=False)
    )


def test_the_keys_page_is_up_to_date() -> None:
    expected = keys_page()
    assert KEYS_PAGE.read_text(encoding="utf-8") == expected, (
        "docs/scenario-keys.md is out of date: "
        "interopsim scenarios keys --format markdown > docs/scenario-keys.md"
    )
    code, out, _ = _invoke("scenarios", "keys", "--format", "markdown")
    assert code == 0
    assert out == expected


def test_docs_cite_only_known_sources() -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        assert not unresolved(citations(page.read_text(encoding="utf-8"))), page
