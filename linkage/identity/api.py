"""Link two or more polars frames, or deduplicate one: :func:`link` and :func:`dedupe`."""

from __future__ import annotations

import polars as pl

from linkage.identity.linker import Frames, Linker
from linkage.identity.model import Model
from linkage.identity.predictions import Predictions
from linkage.identity.spec import DEFAULT_THRESHOLD, LinkSpec
from schemas.progress import Progress

__all__ = ["dedupe", "link"]


def link(
    frames: Frames,
    spec: LinkSpec,
    *,
    model: Model | None = None,
    threshold_match_probability: float | None = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
) -> Predictions:
    """Link two or more polars frames (or deduplicate one) under ``spec``.

    ``frames`` is a dict ``{name: frame}`` (names become ``source_a``/``source_b``), a
    list (named "0", "1", ...) or one frame. Without ``model``, one is trained (u from
    random pairs, m by EM per blocking rule, the prior over all pairs:
    :mod:`linkage.identity.training`). Pairs at or above ``threshold_match_probability``
    (0.5: a match more likely than not) are returned; ``None`` returns every candidate
    pair. The result's ``.pairs`` is a polars frame (columns:
    :mod:`linkage.identity.predictions`).

    >>> import polars as pl
    >>> from linkage.identity import ExactMatch, LinkSpec, block_on, link
    >>> a = pl.DataFrame({"city": ["Oslo", "Oslo", "Rome"], "name": ["Berg", "Dahl", "Rossi"]})
    >>> b = pl.DataFrame({"city": ["Oslo", "Rome", "Rome"], "name": ["Berg", "Rossi", "Conti"]})
    >>> spec = LinkSpec(comparisons=[ExactMatch("name")], blocking=[block_on("city")],
    ...                 u_sample_pairs=1_000)
    >>> result = link({"a": a, "b": b}, spec, threshold_match_probability=None)
    >>> result.pairs.select("id_a", "id_b", "name_level").sort("id_a", "id_b").rows()
    [(0, 0, 'exact'), (1, 0, 'different'), (2, 1, 'exact'), (2, 2, 'different')]
    """
    linker = Linker(frames, spec, progress)
    result: Predictions = linker.predict(model, threshold_match_probability)
    return result


def dedupe(
    frame: pl.DataFrame,
    spec: LinkSpec,
    *,
    model: Model | None = None,
    threshold_match_probability: float | None = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
) -> Predictions:
    """Find the duplicates within one frame: :func:`link` with ``link_type="dedupe_only"``
    whatever the spec says, so one spec serves for linking and deduplicating.

    >>> import polars as pl
    >>> from linkage.identity import ExactMatch, LinkSpec, block_on, dedupe
    >>> people = pl.DataFrame({"city": ["Oslo"] * 3, "name": ["Berg", "Berg", "Dahl"]})
    >>> spec = LinkSpec(comparisons=[ExactMatch("name")], blocking=[block_on("city")],
    ...                 u_sample_pairs=100)
    >>> dedupe(people, spec, threshold_match_probability=None).pairs["name_level"].to_list()
    ['exact', 'different', 'different']
    """
    deduping = spec.model_copy(update={"link_type": "dedupe_only"})
    return link(
        {"0": frame},
        deduping,
        model=model,
        threshold_match_probability=threshold_match_probability,
        progress=progress,
    )
