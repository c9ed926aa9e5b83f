"""The 1:N impostor sampler: impostor hits without comparing every probe with every template.

For a probe and a gallery group (phenotype cell x modalities held), the number of impostor
hits is ``Binomial(n, p)``: ``n`` non-mated members of the group stored on the search day,
``p`` the exact hit probability of the pair (:func:`~linkage.biometric.scores.hit_probability`).
Hits are exact draws of these binomials, organised so that the work is proportional to the
number of probes times the number of probe classes plus the number of hits:

1. *Screening.* A probe has at least one hit with probability ``1 - exp(-L)``, ``L = sum_g
   n_g * l_g``, ``l_g = -log(1 - p_g)``. For each probe class (its own cell and modalities)
   ``L`` is a prefix sum over the enrolment order minus a prefix sum over the deletion
   dates, for all probes of the class at once. One uniform ``U`` per probe; probes with
   ``U < 1 - exp(-L_upper)`` (an upper bound covering rounding) are candidates.
2. *Exact check.* For candidates the counts ``n_g`` are recomputed exactly (binary searches
   per group, minus the explicitly compared mated and look-alike members) and the probe is
   kept when ``U < 1 - exp(-L)``: a thinning, so the decision is exact.
3. *Allocation* (:func:`allocate_hits`). Conditional on at least one success among the
   probe's trials, laid out group after group, the first success falls in group ``k`` with
   probability ``exp(-S_{k-1}) - exp(-S_k)`` (``S`` the cumulative ``n l``), at a
   truncated-geometric position ``J`` within it; the group gets ``1 + Binomial(n_k - J, p_k)``
   hits and later groups ``Binomial(n_g, p_g)``.
4. *Members* (:func:`draw_members`): each group's hits pick distinct members uniformly among
   the stored non-mated members (rejection from the enrolment prefix).
5. *Scores*: per-modality scores from the exact conditional tail
   (:func:`~linkage.biometric.scores.sample_hit_scores`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from linkage.biometric.config import BiometricConfig
from linkage.biometric.gallery import NEVER, Gallery, GallerySize
from linkage.biometric.scores import BOTH, FACE, FINGERPRINT, hit_probability, sample_hit_scores
from schemas.progress import Progress, silent

__all__ = [
    "LAMBDA_CAP",
    "BackgroundHits",
    "allocate_hits",
    "draw_members",
    "group_matrices",
    "hit_rates",
    "sample_background",
]

logger = logging.getLogger(__name__)

LAMBDA_CAP = 700.0
"""``-log(1 - p)`` is capped here (``p = 1`` has ``exp(-700)`` ~ 1e-304 of missing)."""
_ROUNDING = 1e-9
_CHUNK = 16_384
_MAX_ROUNDS = 64


def hit_rates(p: np.ndarray) -> np.ndarray:
    """``-log(1 - p)``, capped at :data:`LAMBDA_CAP`."""
    with np.errstate(divide="ignore"):
        lam = -np.log1p(-np.minimum(p, 1.0))
    return np.asarray(np.minimum(lam, LAMBDA_CAP))


def allocate_hits(n: np.ndarray, p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Hit counts per (row, group) given that every row has at least one hit.

    ``n`` (int, rows x groups) trials, ``p`` their success probability. Returns an int64
    matrix distributed as independent ``Binomial(n, p)`` conditioned on a row sum >= 1.
    """
    n = np.asarray(n, dtype=np.int64)
    p = np.minimum(np.asarray(p, dtype=np.float64), 1.0)
    rows, groups = n.shape
    lam = hit_rates(p)
    inc = np.where(n > 0, n * lam, 0.0)
    cum = np.cumsum(inc, axis=1)
    total = cum[:, -1]
    u = rng.random(rows)
    tau = -np.log1p(-u * -np.expm1(-total))
    k = (cum < tau[:, None]).sum(axis=1)
    positive = inc > 0
    first_pos = positive.argmax(axis=1)
    last_pos = groups - 1 - positive[:, ::-1].argmax(axis=1)
    k = np.clip(k, first_pos, last_pos)
    r = np.arange(rows)
    nk, pk, lk = n[r, k], p[r, k], lam[r, k]
    v = rng.random(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        j = np.ceil(-np.log1p(-v * -np.expm1(-nk * lk)) / lk)
    j = np.clip(np.nan_to_num(j, nan=1.0), 1, nk).astype(np.int64)
    later = np.arange(groups)[None, :] > k[:, None]
    counts = rng.binomial(np.where(later, n, 0), p)
    counts[r, k] = 1 + rng.binomial(nk - j, pk)
    return np.asarray(counts, dtype=np.int64)


def _isin_sorted(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(sorted_keys, keys)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    return np.asarray(sorted_keys[pos] == keys)


def draw_members(
    members: np.ndarray,
    enrolled: np.ndarray,
    probe: np.ndarray,
    probe_day: np.ndarray,
    del_day: np.ndarray,
    excluded: np.ndarray,
    n_entries: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Pick one member per hit slot, distinct per probe, uniformly among eligible members.

    ``members``: a group's gallery entries in enrolment order. Slot ``s`` draws among
    ``members[:enrolled[s]]`` those still stored on ``probe_day[s]`` (``del_day``) and
    whose key ``probe * n_entries + member`` is not in ``excluded`` (sorted); slots of the
    same probe get distinct members. The caller guarantees enough eligible members.
    """
    slots = len(probe)
    result = np.full(slots, -1, dtype=np.int64)
    pending = np.arange(slots)
    taken = np.empty(0, dtype=np.int64)
    for _ in range(_MAX_ROUNDS):
        if pending.size == 0:
            break
        pos = np.minimum(
            (rng.random(pending.size) * enrolled[pending]).astype(np.int64),
            enrolled[pending] - 1,
        )
        m = members[pos]
        key = probe[pending] * n_entries + m
        ok = (del_day[m] > probe_day[pending]) & ~_isin_sorted(excluded, key)
        ok &= ~_isin_sorted(taken, key)
        idx = np.flatnonzero(ok)
        _, first = np.unique(key[idx], return_index=True)
        keep = idx[first]
        result[pending[keep]] = m[keep]
        taken = np.union1d(taken, key[keep])
        done = np.zeros(pending.size, dtype=bool)
        done[keep] = True
        pending = pending[~done]
    for s in pending:  # rare: nearly all of a prefix deleted; enumerate exactly
        cand = members[: enrolled[s]]
        cand = cand[del_day[cand] > probe_day[s]]
        keys = probe[s] * n_entries + cand
        cand = cand[~_isin_sorted(excluded, keys) & ~_isin_sorted(taken, keys)]
        pick = int(cand[rng.integers(len(cand))])
        result[s] = pick
        taken = np.union1d(taken, [probe[s] * n_entries + pick])
    return result


def group_matrices(
    config: BiometricConfig, multipliers: tuple[np.ndarray, np.ndarray], threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Hit probability and rate between groups ``cell * 4 + modality bits``.

    Returns ``(P, L)`` of shape ``4K x 4K`` (``K`` cells): ``P[gp, gm]`` the probability that
    a probe of group ``gp`` and a member of group ``gm`` (different bodies) score at least
    ``threshold``; 0 when they share no modality. ``L = -log(1 - P)``.
    """
    a_fp, a_face = multipliers
    k = a_fp.shape[0]
    per_kind = {
        kind: hit_probability(kind, a_fp, a_face, threshold, config.fusion)
        for kind in (FINGERPRINT, FACE, BOTH)
    }
    big = np.zeros((4 * k, 4 * k))
    for ap in (FINGERPRINT, FACE, BOTH):
        for am in (FINGERPRINT, FACE, BOTH):
            kind = ap & am
            if kind:
                big[ap::4, am::4] = per_kind[kind]
    return big, hit_rates(big)


@dataclass(frozen=True)
class BackgroundHits:
    """Impostor hits drawn by the sampler (entry indices and per-modality scores)."""

    probe: np.ndarray
    member: np.ndarray
    fingerprint: np.ndarray
    face: np.ndarray
    expected_hits: float
    expected_probes_with_hits: float
    gallery_sizes: Mapping[str, GallerySize]
    screened_candidates: int


def _scores_for(
    gallery: Gallery,
    config: BiometricConfig,
    multipliers: tuple[np.ndarray, np.ndarray],
    probe: np.ndarray,
    member: np.ndarray,
    threshold: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    kind = gallery.avail[probe] & gallery.avail[member]
    cp, cm = gallery.cell[probe], gallery.cell[member]
    s_fp = np.full(len(probe), np.nan)
    s_face = np.full(len(probe), np.nan)
    for k in (FINGERPRINT, FACE, BOTH):
        sel = kind == k
        if sel.any():
            f, g = sample_hit_scores(
                k,
                multipliers[0][cp[sel], cm[sel]],
                multipliers[1][cp[sel], cm[sel]],
                threshold,
                config.fusion,
                rng,
            )
            s_fp[sel], s_face[sel] = f, g
    return s_fp, s_face


def _enrolled_minus_deleted(
    weights: np.ndarray,
    groups: np.ndarray,
    probes: np.ndarray,
    deleted: np.ndarray,
    n_deleted_by: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per probe: summed group weights of entries enrolled before it, and of those deleted
    by its day (``groups`` of unstored entries point at an extra zero weight)."""
    w = np.append(weights, 0.0)[groups]
    enrolled = np.concatenate([[0.0], np.cumsum(w)])[probes]
    gone = np.concatenate([[0.0], np.cumsum(w[deleted])])[n_deleted_by[probes]]
    return enrolled, gone


@dataclass(frozen=True)
class _Partition:
    """The entries of one gallery (global indices, enrolment order) as the sampler sees them.

    ``deleted``: local indices of the stored entries that are deleted some day, by deletion
    day; ``deleted_by[i]``: how many of them are gone on entry ``i``'s search day.
    """

    number: int
    entries: np.ndarray
    group: np.ndarray
    stored: np.ndarray
    day: np.ndarray
    deleted: np.ndarray
    deleted_by: np.ndarray

    def size(self) -> GallerySize:
        """Templates stored at the largest and at the last search, and entries."""
        alive = np.concatenate([[0], np.cumsum(self.stored)])[:-1] - self.deleted_by
        return GallerySize(
            max=int(alive.max(initial=0)),
            at_last_search=int(alive[-1]),
            entries=int(self.entries.size),
        )


def _partition(gallery: Gallery, group: np.ndarray, number: int) -> _Partition:
    entries = np.flatnonzero(gallery.partition == number)
    stored = gallery.in_gallery[entries]
    days = gallery.reg_day[entries]
    dels = gallery.del_day[entries]
    deleted = np.flatnonzero(stored & (dels < NEVER))
    deleted = deleted[np.argsort(dels[deleted], kind="stable")]
    return _Partition(
        number=number,
        entries=entries,
        group=group[entries],
        stored=stored,
        day=days,
        deleted=deleted,
        deleted_by=np.searchsorted(dels[deleted], days, side="right"),
    )


@dataclass(frozen=True)
class _Screen:
    """Step 1 for one partition: per probe the hit rate ``L``, its rounding-safe upper
    bound and the expected number of hits; and the explicit pairs (local indices)."""

    rate: np.ndarray
    bound: np.ndarray
    mean_hits: np.ndarray
    explicit_probe: np.ndarray
    explicit_member: np.ndarray


def _screen(
    part: _Partition,
    matrices: tuple[np.ndarray, np.ndarray],
    explicit: tuple[np.ndarray, np.ndarray],
    partition_of: np.ndarray,
    tick: Callable[[], None],
) -> _Screen:
    """Prefix sums of ``L`` and of the expected hits for all probes of each probe class."""
    pmat, lmat = matrices
    n = part.entries.size
    rate, bound, mean_hits = np.zeros(n), np.zeros(n), np.zeros(n)
    g_stored = np.where(part.stored, part.group, lmat.shape[0])  # extra index weighs 0
    order = np.argsort(part.group, kind="stable")
    classes, starts = np.unique(part.group[order], return_index=True)
    ends = np.append(starts[1:], order.size)
    for c, lo, hi in zip(classes, starts, ends, strict=True):
        probes = order[lo:hi]
        a, b = _enrolled_minus_deleted(lmat[c], g_stored, probes, part.deleted, part.deleted_by)
        rate[probes] = a - b
        bound[probes] = np.maximum(a - b, 0.0) + _ROUNDING * (a + b)
        a, b = _enrolled_minus_deleted(pmat[c], g_stored, probes, part.deleted, part.deleted_by)
        mean_hits[probes] = a - b
        tick()
    # Remove explicit pairs from the expectations (bound stays an upper bound).
    in_part = partition_of[explicit[0]] == part.number
    ex_p = np.searchsorted(part.entries, explicit[0][in_part])
    ex_m = np.searchsorted(part.entries, explicit[1][in_part])
    np.subtract.at(rate, ex_p, lmat[part.group[ex_p], part.group[ex_m]])
    np.subtract.at(mean_hits, ex_p, pmat[part.group[ex_p], part.group[ex_m]])
    return _Screen(np.maximum(rate, 0.0), bound, mean_hits, ex_p, ex_m)


@dataclass(frozen=True)
class _GroupHits:
    """Steps 2-3 for one partition: hit counts per (probe row, gallery group column).

    ``enrolled``: members of the group enrolled before the probe (the prefix to draw from).
    """

    groups: np.ndarray
    members: list[np.ndarray]
    rows: np.ndarray
    cols: np.ndarray
    counts: np.ndarray
    enrolled: np.ndarray


def _exact_hits(
    part: _Partition,
    screen: _Screen,
    candidates: np.ndarray,
    u: np.ndarray,
    matrices: tuple[np.ndarray, np.ndarray],
    gallery: Gallery,
    rng: np.random.Generator,
) -> _GroupHits | None:
    """Exact counts ``n_g`` for the screened candidates, the thinning, and the allocation."""
    pmat, lmat = matrices
    groups = np.unique(part.group[part.stored])
    col_of = np.full(lmat.shape[0], -1, dtype=np.int64)
    col_of[groups] = np.arange(groups.size)
    members = [part.entries[part.stored & (part.group == g)] for g in groups]
    member_dels = [np.sort(gallery.del_day[m][gallery.del_day[m] < NEVER]) for m in members]
    ex_p, ex_m = screen.explicit_probe, screen.explicit_member
    ex_pos = np.flatnonzero(np.isin(ex_p, candidates))
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for lo in range(0, candidates.size, _CHUNK):
        rows = candidates[lo : lo + _CHUNK]
        enrolled = np.empty((rows.size, groups.size), dtype=np.int64)
        n = np.empty_like(enrolled)
        for j, (mem, md) in enumerate(zip(members, member_dels, strict=True)):
            enrolled[:, j] = np.searchsorted(mem, part.entries[rows])
            n[:, j] = enrolled[:, j] - np.searchsorted(md, part.day[rows], side="right")
        sel = ex_pos[(ex_p[ex_pos] >= rows[0]) & (ex_p[ex_pos] <= rows[-1])]
        if sel.size:
            row_of = np.searchsorted(rows, ex_p[sel])
            hit = rows[np.minimum(row_of, rows.size - 1)] == ex_p[sel]
            np.subtract.at(n, (row_of[hit], col_of[part.group[ex_m[sel[hit]]]]), 1)
        exact = (n * lmat[part.group[rows]][:, groups]).sum(axis=1)
        keep = u[rows] < -np.expm1(-exact)
        if not keep.any():
            continue
        counts = allocate_hits(n[keep], pmat[part.group[rows[keep]]][:, groups], rng)
        r_idx, c_idx = np.nonzero(counts)
        found.append((rows[keep][r_idx], c_idx, counts[r_idx, c_idx], enrolled[keep][r_idx, c_idx]))
    if not found:
        return None
    rows_all, cols_all, counts_all, enrolled_all = (
        np.concatenate(x) for x in zip(*found, strict=True)
    )
    return _GroupHits(groups, members, rows_all, cols_all, counts_all, enrolled_all)


def _draw_slots(
    part: _Partition,
    hits: _GroupHits,
    gallery: Gallery,
    excluded: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Step 4: one member per hit, group by group (slots expanded by count)."""
    slot_rows = np.repeat(hits.rows, hits.counts)
    slot_cols = np.repeat(hits.cols, hits.counts)
    slot_enr = np.repeat(hits.enrolled, hits.counts)
    order = np.argsort(slot_cols, kind="stable")
    slot_rows, slot_cols, slot_enr = slot_rows[order], slot_cols[order], slot_enr[order]
    bounds = np.searchsorted(slot_cols, np.arange(hits.groups.size + 1))
    picked = np.empty(slot_rows.size, dtype=np.int64)
    for j in range(hits.groups.size):
        lo, hi = bounds[j], bounds[j + 1]
        if lo == hi:
            continue
        rows = slot_rows[lo:hi]
        picked[lo:hi] = draw_members(
            hits.members[j],
            slot_enr[lo:hi],
            part.entries[rows],
            part.day[rows],
            gallery.del_day,
            excluded,
            gallery.size,
            rng,
        )
    return part.entries[slot_rows], picked


@dataclass(frozen=True)
class _PartitionSample:
    """Steps 1-4 for one gallery: its size, the expectations, the screening and the hits."""

    size: GallerySize
    expected_hits: float
    expected_probes_with_hits: float
    screened: int
    probe: np.ndarray
    member: np.ndarray


def _sample_partition(
    part: _Partition,
    matrices: tuple[np.ndarray, np.ndarray],
    explicit: tuple[np.ndarray, np.ndarray],
    gallery: Gallery,
    excluded: np.ndarray,
    tick: Callable[[], None],
    rng: np.random.Generator,
) -> _PartitionSample:
    screen = _screen(part, matrices, explicit, gallery.partition, tick)
    u = rng.random(part.entries.size)
    candidates = np.flatnonzero(u < -np.expm1(-screen.bound))
    hits = (
        _exact_hits(part, screen, candidates, u, matrices, gallery, rng)
        if candidates.size
        else None
    )
    none = np.empty(0, dtype=np.int64)
    probe, member = (
        _draw_slots(part, hits, gallery, excluded, rng) if hits is not None else (none, none)
    )
    return _PartitionSample(
        size=part.size(),
        expected_hits=float(np.maximum(screen.mean_hits, 0.0).sum()),
        expected_probes_with_hits=float(-np.expm1(-screen.rate).sum()),
        screened=int(candidates.size),
        probe=probe,
        member=member,
    )


@dataclass
class _Ticker:
    """Reports one more screened probe class each call."""

    progress: Progress
    total: int
    done: int = 0

    def __call__(self) -> None:
        self.done += 1
        self.progress("biometric search: screening", self.done, self.total)


def sample_background(
    gallery: Gallery,
    config: BiometricConfig,
    multipliers: tuple[np.ndarray, np.ndarray],
    explicit: tuple[np.ndarray, np.ndarray],
    rng: np.random.Generator,
    progress: Progress | None = None,
) -> BackgroundHits:
    """Impostor hits of every entry's search at the candidate threshold.

    ``explicit``: the (probe, member) entry pairs compared explicitly (mated or
    look-alike); they are removed from the binomial counts and never drawn.
    """
    threshold = config.candidate_threshold
    matrices = group_matrices(config, multipliers, threshold)
    group = gallery.cell.astype(np.int64) * 4 + gallery.avail
    excluded = np.unique(explicit[0] * gallery.size + explicit[1])
    classes = sum(
        len(np.unique(group[gallery.partition == i])) for i in range(len(gallery.partitions))
    )
    tick = _Ticker(progress or silent, classes)
    samples: dict[str, _PartitionSample] = {}
    for number, name in enumerate(gallery.partitions):
        part = _partition(gallery, group, number)
        if part.entries.size:
            samples[name] = _sample_partition(
                part, matrices, explicit, gallery, excluded, tick, rng
            )
    parts = list(samples.values())
    probe = np.concatenate([x.probe for x in parts] or [np.empty(0, dtype=np.int64)])
    member = np.concatenate([x.member for x in parts] or [np.empty(0, dtype=np.int64)])
    order = np.lexsort((member, probe))
    probe, member = probe[order], member[order]
    s_fp, s_face = _scores_for(gallery, config, multipliers, probe, member, threshold, rng)
    return BackgroundHits(
        probe=probe,
        member=member,
        fingerprint=s_fp,
        face=s_face,
        expected_hits=sum(x.expected_hits for x in parts),
        expected_probes_with_hits=sum(x.expected_probes_with_hits for x in parts),
        gallery_sizes={name: x.size for name, x in samples.items()},
        screened_candidates=sum(x.screened for x in parts),
    )
