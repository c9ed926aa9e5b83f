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
from dataclasses import dataclass, field

import numpy as np

from linkage.biometric.config import BiometricConfig
from linkage.biometric.gallery import NEVER, Gallery
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


@dataclass
class BackgroundHits:
    """Impostor hits drawn by the sampler (entry indices and per-modality scores)."""

    probe: np.ndarray
    member: np.ndarray
    fingerprint: np.ndarray
    face: np.ndarray
    expected_hits: float
    expected_probes_with_hits: float
    stats: dict[str, object] = field(default_factory=dict)


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


def sample_background(
    gallery: Gallery,
    config: BiometricConfig,
    multipliers: tuple[np.ndarray, np.ndarray],
    excluded_probe: np.ndarray,
    excluded_member: np.ndarray,
    rng: np.random.Generator,
    progress: Progress | None = None,
) -> BackgroundHits:
    """Impostor hits of every entry's search at the candidate threshold.

    ``excluded_probe[i]``, ``excluded_member[i]``: pairs compared explicitly (mated or
    look-alike); they are removed from the binomial counts and never drawn.
    """
    progress = progress or silent
    threshold = config.candidate_threshold
    pmat, lmat = group_matrices(config, multipliers, threshold)
    gid = gallery.cell.astype(np.int64) * 4 + gallery.avail
    n_entries = gallery.size
    excluded = np.unique(excluded_probe * n_entries + excluded_member)
    out_p: list[np.ndarray] = []
    out_m: list[np.ndarray] = []
    expected_hits = 0.0
    expected_fpir = 0.0
    sizes: dict[str, dict[str, int]] = {}
    candidates_total = 0
    steps = sum(len(np.unique(gid[gallery.partition == i])) for i in range(len(gallery.partitions)))
    done = 0
    for part_no, part_name in enumerate(gallery.partitions):
        entries = np.flatnonzero(gallery.partition == part_no)
        if entries.size == 0:
            continue
        g_local = gid[entries]
        stored = gallery.in_gallery[entries]
        days = gallery.reg_day[entries]
        dels = gallery.del_day[entries]
        deleted = np.flatnonzero(stored & (dels < NEVER))
        deleted = deleted[np.argsort(dels[deleted], kind="stable")]
        deleted_days = dels[deleted]
        n_deleted_by = np.searchsorted(deleted_days, days, side="right")
        alive = np.concatenate([[0], np.cumsum(stored)])[:-1] - n_deleted_by
        sizes[part_name] = {
            "max": int(alive.max(initial=0)),
            "at_last_search": int(alive[-1]),
            "entries": int(entries.size),
        }
        # 1. Screening per probe class.
        lam = np.zeros(entries.size)
        bound = np.zeros(entries.size)
        mean_hits = np.zeros(entries.size)
        g_stored = np.where(stored, g_local, lmat.shape[0])  # extra index weighs 0
        order = np.argsort(g_local, kind="stable")
        classes, starts = np.unique(g_local[order], return_index=True)
        ends = np.append(starts[1:], order.size)
        for c, lo, hi in zip(classes, starts, ends, strict=True):
            probes = order[lo:hi]
            a, b = _enrolled_minus_deleted(lmat[c], g_stored, probes, deleted, n_deleted_by)
            lam[probes] = a - b
            bound[probes] = np.maximum(a - b, 0.0) + _ROUNDING * (a + b)
            a, b = _enrolled_minus_deleted(pmat[c], g_stored, probes, deleted, n_deleted_by)
            mean_hits[probes] = a - b
            done += 1
            progress("biometric search: screening", done, steps)
        # Remove explicit pairs from the expectations (bound stays an upper bound).
        in_part = gallery.partition[excluded_probe] == part_no
        ex_p = np.searchsorted(entries, excluded_probe[in_part])
        ex_m = np.searchsorted(entries, excluded_member[in_part])
        np.subtract.at(lam, ex_p, lmat[g_local[ex_p], g_local[ex_m]])
        np.subtract.at(mean_hits, ex_p, pmat[g_local[ex_p], g_local[ex_m]])
        lam = np.maximum(lam, 0.0)
        expected_hits += float(np.maximum(mean_hits, 0.0).sum())
        expected_fpir += float(-np.expm1(-lam).sum())
        u = rng.random(entries.size)
        cand = np.flatnonzero(u < -np.expm1(-bound))
        candidates_total += int(cand.size)
        if cand.size == 0:
            continue
        # 2. Exact counts for the candidates, per gallery group present in the partition.
        groups = np.unique(g_local[stored])
        col_of = np.full(lmat.shape[0], -1, dtype=np.int64)
        col_of[groups] = np.arange(groups.size)
        members = [entries[stored & (g_local == g)] for g in groups]
        member_dels = [np.sort(gallery.del_day[m][gallery.del_day[m] < NEVER]) for m in members]
        ex_pos = np.flatnonzero(np.isin(ex_p, cand))
        hit_rows: list[np.ndarray] = []
        hit_cols: list[np.ndarray] = []
        hit_counts: list[np.ndarray] = []
        hit_enrolled: list[np.ndarray] = []
        for lo in range(0, cand.size, _CHUNK):
            rows = cand[lo : lo + _CHUNK]
            probe_global = entries[rows]
            enrolled = np.empty((rows.size, groups.size), dtype=np.int64)
            n = np.empty_like(enrolled)
            for j, (mem, md) in enumerate(zip(members, member_dels, strict=True)):
                enrolled[:, j] = np.searchsorted(mem, probe_global)
                n[:, j] = enrolled[:, j] - np.searchsorted(md, days[rows], side="right")
            sel = ex_pos[(ex_p[ex_pos] >= rows[0]) & (ex_p[ex_pos] <= rows[-1])]
            if sel.size:
                row_of = np.searchsorted(rows, ex_p[sel])
                hit = rows[np.minimum(row_of, rows.size - 1)] == ex_p[sel]
                np.subtract.at(n, (row_of[hit], col_of[g_local[ex_m[sel[hit]]]]), 1)
            lam_rows = lmat[g_local[rows]][:, groups]
            exact = (n * lam_rows).sum(axis=1)
            keep = u[rows] < -np.expm1(-exact)
            if not keep.any():
                continue
            counts = allocate_hits(n[keep], pmat[g_local[rows[keep]]][:, groups], rng)
            r_idx, c_idx = np.nonzero(counts)
            hit_rows.append(rows[keep][r_idx])
            hit_cols.append(c_idx)
            hit_counts.append(counts[r_idx, c_idx])
            hit_enrolled.append(enrolled[keep][r_idx, c_idx])
        if not hit_rows:
            continue
        rows_all = np.concatenate(hit_rows)
        cols_all = np.concatenate(hit_cols)
        counts_all = np.concatenate(hit_counts)
        enrolled_all = np.concatenate(hit_enrolled)
        # 4. Members, group by group (slots expanded by count).
        slot_rows = np.repeat(rows_all, counts_all)
        slot_cols = np.repeat(cols_all, counts_all)
        slot_enr = np.repeat(enrolled_all, counts_all)
        order_s = np.argsort(slot_cols, kind="stable")
        slot_rows, slot_cols, slot_enr = slot_rows[order_s], slot_cols[order_s], slot_enr[order_s]
        bounds = np.searchsorted(slot_cols, np.arange(groups.size + 1))
        picked = np.empty(slot_rows.size, dtype=np.int64)
        for j in range(groups.size):
            lo_s, hi_s = bounds[j], bounds[j + 1]
            if lo_s == hi_s:
                continue
            sr = slot_rows[lo_s:hi_s]
            picked[lo_s:hi_s] = draw_members(
                members[j],
                slot_enr[lo_s:hi_s],
                entries[sr],
                days[sr],
                gallery.del_day,
                excluded,
                n_entries,
                rng,
            )
        out_p.append(entries[slot_rows])
        out_m.append(picked)
    probe = np.concatenate(out_p) if out_p else np.empty(0, dtype=np.int64)
    member = np.concatenate(out_m) if out_m else np.empty(0, dtype=np.int64)
    order_out = np.lexsort((member, probe))
    probe, member = probe[order_out], member[order_out]
    s_fp, s_face = _scores_for(gallery, config, multipliers, probe, member, threshold, rng)
    return BackgroundHits(
        probe=probe,
        member=member,
        fingerprint=s_fp,
        face=s_face,
        expected_hits=expected_hits,
        expected_probes_with_hits=expected_fpir,
        stats={"gallery_sizes": sizes, "screened_candidates": candidates_total},
    )
