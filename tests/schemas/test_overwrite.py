"""--overwrite replaces a world's own files and nothing else; the swap is all or nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import string
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.atomic import STAGING_MARK, deferred_interrupts, staging_dir
from schemas.errors import WorldError
from schemas.world import install_world, open_world, record_files
from tests.schemas.tiny import hidden, tiny_world


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _user_files(root: Path) -> None:
    (root / "thesis.txt").write_text("three years of work", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "notes.md").write_text("# notes", encoding="utf-8")


def test_fake_three_key_manifest_keeps_user_files(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    fake = {"format": "interopsim-world", "format_version": 1, "tables": {}}
    (out / "manifest.json").write_text(json.dumps(fake), encoding="utf-8")
    _user_files(out)
    before = _tree(out)
    with pytest.raises(WorldError, match="not an interopsim world directory"):
        tiny_world(out, overwrite=True)
    assert _tree(out) == before
    assert hidden(tmp_path) == []


def test_valid_looking_manifest_with_user_files_names_them(tmp_path: Path) -> None:
    donor = tiny_world(tmp_path / "donor")
    out = tmp_path / "mine"
    out.mkdir()
    manifest = json.loads((donor.path / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"] = {}
    manifest["database"] = {"url": "sqlite:////elsewhere.db", "backend": "sqlite"}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    _user_files(out)
    before = _tree(out)
    with pytest.raises(WorldError) as info:
        tiny_world(out, overwrite=True)
    message = str(info.value)
    assert "not part of its world" in message
    assert "thesis.txt" in message
    assert "sub/notes.md" in message
    assert _tree(out) == before


def test_notebook_inside_a_real_world_is_never_deleted(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    notebook = world.path / "analysis.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    before = _tree(world.path)
    with pytest.raises(WorldError, match=r"analysis\.ipynb"):
        tiny_world(world.path, rows=5, overwrite=True)
    assert _tree(world.path) == before
    assert open_world(world.path).manifest.tables["documents"].rows == 3


def test_edited_report_page_is_refused_unedited_one_replaced(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w")
    page = world.path / "report" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>written by interopsim</p>", encoding="utf-8")
    world = record_files(world, [page], stage="report")
    assert world.owns_file(page)
    page.write_text("<p>my edits</p>", encoding="utf-8")
    assert not world.owns_file(page)
    with pytest.raises(WorldError, match=r"edited after interopsim wrote them: report/index\.html"):
        tiny_world(world.path, rows=5, overwrite=True)
    assert page.read_text(encoding="utf-8") == "<p>my edits</p>"
    page.write_text("<p>written by interopsim</p>", encoding="utf-8")
    replaced = tiny_world(world.path, rows=5, overwrite=True)
    assert replaced.manifest.tables["documents"].rows == 5
    assert not page.exists()


def test_overwrite_replaces_the_world_and_leaves_nothing_hidden(tmp_path: Path) -> None:
    first = tiny_world(tmp_path / "w", rows=3)
    (first.path / "report").mkdir()
    (first.path / "report" / "metrics.json").write_text("{}", encoding="utf-8")  # legacy layout
    second = tiny_world(first.path, rows=7, overwrite=True)
    assert second.manifest.tables["documents"].rows == 7
    assert second.world_id != first.world_id
    assert not (second.path / "report").exists()
    assert hidden(tmp_path) == []


_NAMES = st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=12)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(extra=st.lists(st.lists(_NAMES, min_size=1, max_size=3), min_size=1, max_size=4))
def test_any_unlisted_file_blocks_overwrite(
    tmp_path_factory: pytest.TempPathFactory, extra: list[list[str]]
) -> None:
    root = tmp_path_factory.mktemp("world") / "w"
    world = tiny_world(root)
    added: list[Path] = []
    for parts in extra:
        path = world.path.joinpath(*parts)
        if path.exists() or any(p.is_file() for p in path.parents if p != path):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("user data", encoding="utf-8")
        added.append(path)
    before = _tree(world.path)
    if not added:
        return
    with pytest.raises(WorldError, match="not part of its world"):
        tiny_world(world.path, rows=4, overwrite=True)
    assert _tree(world.path) == before


def test_interrupt_during_the_write_leaves_the_old_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = tiny_world(tmp_path / "w")
    before = _tree(world.path)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("schemas.world_write.write_sql_tables", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tiny_world(world.path, rows=9, overwrite=True)
    assert _tree(world.path) == before
    assert hidden(tmp_path) == []


def test_interrupt_during_the_swap_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = tiny_world(tmp_path / "w")
    import schemas.atomic as atomic

    real = atomic._exchange

    def exchange_then_interrupt(a: Path, b: Path) -> bool:
        done = real(a, b)
        os.kill(os.getpid(), signal.SIGINT)
        return done

    monkeypatch.setattr(atomic, "_exchange", exchange_then_interrupt)
    replaced = tiny_world(world.path, rows=9, overwrite=True)  # no KeyboardInterrupt escapes
    assert open_world(world.path).manifest.tables["documents"].rows == 9
    assert replaced.world_id != world.world_id
    assert hidden(tmp_path) == []


def test_deferred_interrupts_hold_then_drop(caplog: pytest.LogCaptureFixture) -> None:
    ran = []
    with deferred_interrupts("testing"):
        os.kill(os.getpid(), signal.SIGINT)
        ran.append(True)
    assert ran == [True]
    assert "SIGINT received while testing" in caplog.text
    with pytest.raises(KeyboardInterrupt):  # the usual handler is back
        os.kill(os.getpid(), signal.SIGINT)


def test_install_world_built_in_a_staging_area(tmp_path: Path) -> None:
    out = tmp_path / "w"
    old = tiny_world(out)
    staging = staging_dir(out)
    try:
        built = tiny_world(staging / "world", rows=11)
        with pytest.raises(WorldError, match="already exists"):
            install_world(built.path, out)
        installed = install_world(built.path, out, overwrite=True)
    finally:
        shutil.rmtree(staging)
    assert installed.manifest.tables["documents"].rows == 11
    assert installed.world_id != old.world_id
    open_world(out, verify=True)
    assert hidden(tmp_path) == []


def _staging_of(pid: int, out: Path) -> Path:
    staging = staging_dir(out)
    tiny_world(staging / "world", rows=2)
    (staging / STAGING_MARK).write_text(f"{pid}\n", encoding="utf-8")
    return staging


def test_staging_areas_of_dead_runs_go_live_ones_stay(tmp_path: Path) -> None:
    with subprocess.Popen(["sleep", "60"]) as alive:
        with subprocess.Popen(["true"]) as dead:
            dead.wait(timeout=30)
        gone = _staging_of(dead.pid, tmp_path / "w1")
        kept = _staging_of(alive.pid, tmp_path / "w2")
        mine = _staging_of(os.getpid(), tmp_path / "w3")
        tiny_world(tmp_path / "other")  # the next run in the same directory
        assert not gone.exists()
        assert kept.exists()
        assert mine.exists()
        alive.kill()
    shutil.rmtree(kept)
    shutil.rmtree(mine)
    assert hidden(tmp_path) == []
