"""``interopsim run`` end to end on a tiny world, and the stable keys of its metrics.json.

The golden file ``tests/analysis/report/golden/metrics_keys.txt`` lists the key paths of
the metrics of a tiny run (not their values): data-dependent map keys become the
placeholders of ``analysis/keys.md`` and every figure is one leaf. Keys may be added
(``analysis/keys.md``), never removed or renamed without a new ``schema_version``; the test
fails when a golden key disappears. Regenerate the file after an intended change with
``INTEROPSIM_UPDATE_GOLDEN=1 pytest -m slow tests/cli/test_run.py``.

The tests of a successful run build a world, so they are marked slow (``make test`` runs
them); the refusals and failures are fast.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from analysis.estimate import is_estimate_json as is_figure
from analysis.report import SECTIONS
from cli.main import main
from interopsim import pipeline
from schemas import WorldError, open_world
from tests.linkage.mid import tiny_world

GOLDEN = Path(__file__).parents[1] / "analysis" / "report" / "golden" / "metrics_keys.txt"
TINY = ["--preset", "small", "--persons", "300", "--quiet"]

# Map keys that depend on the data, replaced by the placeholders of analysis/keys.md.
_DYNAMIC: dict[tuple[str, ...], str] = {
    ("groups", "*"): "<group>",
    ("pairs", "accuracy", "*", "by_system_pair"): "<system_pair>",
    ("provenance", "tables_sha256"): "<table>",
}


def _placeholder(parent: tuple[str, ...]) -> str | None:
    for pattern, name in _DYNAMIC.items():
        if len(pattern) == len(parent) and all(
            p in ("*", q) for p, q in zip(pattern, parent, strict=True)
        ):
            return name
    return None


def key_paths(node: Any, parent: tuple[str, ...] = ()) -> set[str]:
    """Dotted key paths of a metrics tree (lists as ``[]``, figures as leaves).

    Assumption values are leaves too: a parameter's value may itself be a table.
    """
    if is_figure(node) or not isinstance(node, dict | list) or parent[-2:] == ("[]", "value"):
        return {".".join(parent)}
    out: set[str] = set()
    if isinstance(node, list):
        for item in node:
            out |= key_paths(item, (*parent, "[]"))
        return out or {".".join((*parent, "[]"))}
    name = _placeholder(parent)
    for key, value in node.items():
        out |= key_paths(value, (*parent, name or str(key)))
    return out


def _run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, ["run", *args])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("run") / "world"
    result = _run(CliRunner(), *TINY, "--seed", "3", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return out, json.loads(result.stdout)


@pytest.mark.slow
def test_run_prints_where_the_report_is(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, summary = tiny
    assert summary["simulated"] is True
    assert summary["world"] == str(out)
    assert Path(summary["report"]["html"]) == out / "report" / "index.html"
    assert summary["seed"] == 3
    assert summary["persons"] == 300
    assert summary["mode"] == "shared"
    assert set(summary["seconds"]) == {"generate", "link", "analyse", "report", "total"}
    assert "persons_wrongly_linked" in summary["headline"]
    world = open_world(out)
    assert world.has_table("mid_links")
    assert world.manifest.stages["link"].parameters["mode"] == "shared"


@pytest.mark.slow
def test_run_report_has_every_section(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, summary = tiny
    html = Path(summary["report"]["html"]).read_text(encoding="utf-8")
    md = Path(summary["report"]["markdown"]).read_text(encoding="utf-8")
    for key, title in SECTIONS:
        assert f'<section id="{key}">' in html
        assert f"## {title}" in md
    for name in ("errors-by-group", "scaling", "link-colours", "workload", "reachability"):
        assert f'id="fig-{name}"' in html
        assert (out / "report" / "figures" / f"{name}.png").is_file()
    metrics = json.loads((out / "report" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["provenance"]["world_path"] == str(out.resolve())
    assert metrics["provenance"]["scenario_hash"] in html
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_metrics_keys_match_the_golden_file(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, _ = tiny
    metrics = json.loads((out / "report" / "metrics.json").read_text(encoding="utf-8"))
    paths = sorted(key_paths(metrics))
    if os.environ.get("INTEROPSIM_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text("\n".join(paths) + "\n", encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8").split()
    # analysis/keys.md: keys are only ever added; renaming or removing one is a breaking
    # change (new schema_version). So every golden key must still be written.
    missing = sorted(set(golden) - set(paths))
    assert not missing, f"keys gone from metrics.json (a breaking change): {missing}"


def test_key_paths_normalise_data_dependent_keys() -> None:
    fig = {"value": 1, "lower": 0, "upper": 2, "n": 3, "method": "wilson"}
    fig |= {"unit": "share", "simulated": True}
    tree = {
        "groups": {"sex": {"F": {"missed": {"rate": fig}}, "M": {"missed": {"rate": fig}}}},
        "pairs": {"accuracy": {"white": {"by_system_pair": {"EES|VIS": {"recall": fig}}}}},
        "points": [{"a": 1}, {"b": 2}],
        "empty": [],
        "assumptions": [{"key": "x", "value": {"table": 1}}],
    }
    assert key_paths(tree) == {
        "groups.sex.<group>.missed.rate",
        "pairs.accuracy.white.by_system_pair.<system_pair>.recall",
        "points.[].a",
        "points.[].b",
        "empty.[]",
        "assumptions.[].key",
        "assumptions.[].value",
    }


def test_existing_out_is_refused_and_untouched(tmp_path: Path) -> None:
    out = tiny_world.build(tmp_path / "existing").path
    before = (out / "manifest.json").read_bytes()
    result = _run(CliRunner(), *TINY, "--seed", "4", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {out} already exists; choose another --out or pass --overwrite"
    ]
    assert (out / "manifest.json").read_bytes() == before
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    result = _run(CliRunner(), *TINY, "--out", str(other), "--overwrite")
    assert result.exit_code == 1
    assert "not an interopsim world" in result.stderr
    assert (other / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_overwrite_replaces_a_world(tiny: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(tiny[0], out)
    result = _run(
        CliRunner(), *TINY, "--seed", "5", "--mode", "siloed", "--out", str(out), "--overwrite"
    )
    assert result.exit_code == 0, result.stderr
    world = open_world(out)
    assert world.seed == 5
    assert world.manifest.stages["link"].parameters["mode"] == "siloed"
    assert json.loads(result.stdout)["mode"] == "siloed"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--preset", "defualt"], "defualt"),
        (["--scenario", "missing.toml"], "missing.toml"),
    ],
)
def test_bad_scenario(tmp_path: Path, args: list[str], fragment: str) -> None:
    out = tmp_path / "w"
    result = _run(CliRunner(), *args, "--out", str(out), "--quiet")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert fragment in lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["--mode", "cloud"], ["--persons", "0"], ["--preset", "small"], ["--seed", "x"]]
)
def test_bad_options(tmp_path: Path, args: list[str]) -> None:
    extra = [] if "--preset" in args else ["--out", str(tmp_path / "w")]
    result = _run(CliRunner(), *args, *extra)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_failure_midway_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise WorldError("the linkage broke")

    monkeypatch.setattr(pipeline, "link", broken)
    out = tmp_path / "w"
    result = _run(CliRunner(), *TINY, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the linkage broke"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []
