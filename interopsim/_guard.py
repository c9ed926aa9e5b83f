"""What the stage functions of :mod:`interopsim.api` do to keep files safe and results fresh.

Each stage holds the lock of what it reads (shared) or writes (exclusive)
(:func:`schemas.world.reading`, :func:`schemas.world.writing`); a file a stage writes is
refused when it is not interopsim's (:func:`schemas.paths.check_output_file`) and is
recorded in the world's manifest with its SHA-256 (:func:`schemas.world.record_files`),
so that ``--overwrite`` may later replace it and an edited copy is never replaced. A
document computed from the links names the link run it came from, and a stage that
renders it refuses it once the world was linked again (:mod:`schemas.freshness`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from analysis.metrics import METRICS_FILE, SCHEMA, Metrics, read_metrics, write_metrics
from analysis.report import ReportFiles
from analysis.report.render import FIGURES_DIR, HTML_FILE, MARKDOWN_FILE
from schemas.atomic import deferred_interrupts
from schemas.errors import WorldError
from schemas.freshness import LINK_RUN_ID, WORLD_ID, require_current, results_identity
from schemas.paths import check_input_dir, check_output_file, ensure_parent
from schemas.world import World, open_world, reading, record_files, writing

__all__ = [
    "WRITE_WAIT_SECONDS",
    "check_metrics_out",
    "check_report_pages",
    "current_metrics",
    "locked_for_reading",
    "render_and_record",
    "store_metrics",
]

WRITE_WAIT_SECONDS = 30.0
"""How long a stage that has read a world waits for other readers before writing to it."""

_MAX_METRICS_BYTES = 256 * 1024 * 1024


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _is_metrics_document(path: Path) -> bool:
    """Whether ``path`` holds an interopsim metrics document (so interopsim wrote it)."""
    try:
        if path.stat().st_size > _MAX_METRICS_BYTES:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and data.get("schema") == SCHEMA


def _recorded(world: World, path: Path) -> bool:
    """Whether ``path`` (inside ``world``) is listed in its manifest, edited or not."""
    try:
        rel = path.resolve().relative_to(world.path.resolve()).as_posix()
    except (OSError, ValueError):
        return False
    return rel in world.manifest.files


def _ours(world: World | None, path: Path) -> bool:
    """Whether interopsim may replace ``path``: a file the world recorded and nobody
    edited since, or (outside a world, or a world that predates recording) a metrics
    document."""
    if world is not None and _inside(path, world.path) and _recorded(world, path):
        return world.owns_file(path)
    return _is_metrics_document(path)


def _world_if_any(root: Path) -> World | None:
    try:
        return open_world(root, check_database=False)
    except WorldError:
        return None


def check_metrics_out(target: Path, world_root: Path) -> Path:
    """Check ``target`` as the metrics file of the world at ``world_root``; its path.

    Refuses a directory, a symlink, a special file system and any existing file that
    interopsim did not write (or that was edited since), naming it.
    """
    world = _world_if_any(world_root) if _inside(target, world_root) else None
    return check_output_file(target, ours=lambda p: _ours(world, p))


@contextlib.contextmanager
def locked_for_reading(paths: Sequence[Path]) -> Iterator[None]:
    """Hold the shared lock of every world in ``paths`` (each checked to be a directory)."""
    with contextlib.ExitStack() as stack:
        for path in paths:
            check_input_dir(path)
            stack.enter_context(reading(path))
        yield


def _same_links(metrics: Metrics, world: World) -> bool:
    now = results_identity(world)
    prov = metrics.provenance
    return now[LINK_RUN_ID] == prov.link_run_id and (now[WORLD_ID] or None) == prov.world_id


def store_metrics(metrics: Metrics, world: World, target: Path) -> Path:
    """Write ``metrics`` of ``world`` to ``target`` atomically, under the right lock.

    Inside the world the file is recorded in its manifest (stage ``analyse``) under the
    world's lock, and refused when the world was linked again while it was analysed.
    """
    inside = _inside(target, world.path)
    if not inside:
        ensure_parent(target)  # the lock file of a single file lives beside it
    with writing(world.path if inside else target, timeout=WRITE_WAIT_SECONDS):
        current = open_world(world.path, db_url=world.db_override, check_database=False)
        if inside and not _same_links(metrics, current):
            raise WorldError(
                f"{world.path} was linked or generated again while it was analysed; "
                f"run `interopsim analyse {world.path}` again"
            )
        checked = check_output_file(target, ours=lambda p: _ours(current, p))
        ensure_parent(checked)
        with deferred_interrupts(f"writing {checked}"):
            write_metrics(metrics, checked)
            if inside:
                record_files(current, [checked], stage="analyse")
    return checked


def _identity_document(metrics: Metrics) -> dict[str, object]:
    prov = metrics.provenance
    return {"provenance": {WORLD_ID: prov.world_id, LINK_RUN_ID: prov.link_run_id}}


def current_metrics(world: World) -> Metrics:
    """The world's ``report/metrics.json``, refused when it predates the world's links."""
    metrics = read_metrics(world.path / METRICS_FILE)
    require_current(world, _identity_document(metrics), what=METRICS_FILE.as_posix())
    return metrics


def _report_pages(world: World) -> list[Path]:
    report = world.path / METRICS_FILE.parent
    pages = [report / HTML_FILE, report / MARKDOWN_FILE]
    figures = report / FIGURES_DIR
    if figures.is_dir() and not figures.is_symlink():
        pages += sorted(p for p in figures.rglob("*") if p.is_symlink() or not p.is_dir())
    elif figures.exists() or figures.is_symlink():
        pages.append(figures)
    return [p for p in pages if p.exists() or p.is_symlink()]


def check_report_pages(world: World) -> None:
    """Refuse to render over report files that interopsim did not write or that were edited.

    The renderer replaces ``index.html``, ``report.md`` and the whole ``figures/``
    directory; each existing one must be a file the world recorded, unchanged since.
    """
    foreign = [
        p.relative_to(world.path).as_posix()
        for p in _report_pages(world)
        if p.is_symlink() or not p.is_file() or not world.owns_file(p)
    ]
    if foreign:
        more = f" and {len(foreign) - 8} more" if len(foreign) > 8 else ""
        shown = ", ".join(foreign[:8]) + more
        raise WorldError(
            f"refusing to replace report files of {world.path} that interopsim did not write "
            f"or that were edited since: {shown}; move them out of the way first"
        )


def _stamps(paths: Iterable[Path]) -> dict[Path, tuple[int, int] | None]:
    out: dict[Path, tuple[int, int] | None] = {}
    for path in paths:
        try:
            st = path.lstat()
        except OSError:
            out[path] = None
        else:
            out[path] = (st.st_ino, st.st_mtime_ns)
    return out


def render_and_record(world: World, render: Callable[[], ReportFiles]) -> ReportFiles:
    """Run ``render`` (which writes the report pages) and record what it wrote.

    The pages are recorded in the world's manifest (stage ``report``) with interrupts
    held. When ``render`` fails or is interrupted after it replaced some pages, those
    are recorded before the error goes on, so that the next ``report`` (or
    ``--overwrite``) does not mistake them for pages a user edited.
    """
    before = _stamps(_report_pages(world))
    try:
        files = render()
    except BaseException:
        changed = [p for p, s in _stamps(_report_pages(world)).items() if s != before.get(p)]
        if changed:
            with deferred_interrupts(f"recording the report pages of {world.path}"):
                record_files(world, changed, stage="report")
        raise
    with deferred_interrupts(f"recording the report pages of {world.path}"):
        record_files(world, [files.html, files.markdown, *files.figures], stage="report")
    return files
