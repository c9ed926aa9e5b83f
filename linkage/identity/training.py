"""Training a :class:`~linkage.identity.model.Model` from candidate pairs, step by step.

The method follows Splink's [@splink]:

1. **u by random sampling** (:meth:`~linkage.identity.Linker.estimate_u`): compare
   ``u_sample_pairs`` random pairs; almost all are non-matches.
2. **m by EM, one session per blocking rule** (:func:`em_sessions`): each session runs
   over the pairs its rule finds (at most ``em_max_pairs``), leaving out the comparisons
   of the columns the rule blocks on (they agree by construction there). A session
   estimates m, u and its own share of matches; its u starts from the random-pair u,
   held near it by a prior of ``u_prior_pairs`` pseudo-pairs, and absorbs the agreement
   that blocking and correlated fields cause among the session's non-matches (measured:
   F1 0.62 with u fixed, 0.99 free, on benchmarks/bench_identity.py). Only m is kept,
   floored at ``m_floor`` so that no level vetoes a pair.
3. **m combined** (:func:`combine_m`): each comparison's m is the average over the
   sessions that estimate it, weighted by pairs x prior^2 (purer sessions weigh more).
4. **The prior** (:func:`~linkage.identity.fellegi_sunter.population_prior`): the share
   of matches among *all* pairs the link type allows (EM on the prior alone, m and u
   fixed, pairs blocking did not generate counted as non-matches).

Every problem met on the way is logged on the ``linkage.identity`` logger as a warning
that says what to change, and kept in :attr:`Model.warnings`. The command line silences
them with its quiet option; in Python,
``logging.getLogger("linkage.identity").setLevel(logging.ERROR)``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from linkage.identity.blocking import CandidatePairs
from linkage.identity.fellegi_sunter import (
    expectation_maximisation,
    floor_probabilities,
    pattern_counts,
    population_prior,
)
from linkage.identity.model import Model, Session
from schemas.rng import stream

if TYPE_CHECKING:
    from linkage.identity.linker import Linker

__all__ = ["SessionFit", "combine_m", "em_sessions", "train"]

log = logging.getLogger("linkage.identity.training")

FloatArray = npt.NDArray[np.float64]
Levels = npt.NDArray[np.int8]


@dataclass(frozen=True, eq=False)
class SessionFit:
    """One EM session's result: which comparisons it estimated, and their m."""

    session: Session
    used: tuple[int, ...]
    m: tuple[FloatArray, ...]
    change: float


def _session_pairs(
    linker: Linker, pairs: CandidatePairs, k: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], list[int]] | None:
    """The pairs of blocking rule ``k`` and the comparisons its session can estimate."""
    comps = linker.spec.comparisons
    rule = linker.spec.blocking[k]
    used = [i for i, c in enumerate(comps) if not (set(c.columns) & rule.columns)]
    if pairs.block_ids:
        idx = np.flatnonzero(pairs.in_rule(k))
    elif k == 0:  # pairs of unknown origin: one session over all of them
        idx, used = np.arange(len(pairs)), list(range(len(comps)))
    else:
        return None
    if len(idx) > linker.spec.em_max_pairs:
        idx = np.sort(rng.choice(idx, linker.spec.em_max_pairs, replace=False))
    if not used or idx.size == 0:
        return None
    return idx, used


def em_sessions(
    linker: Linker, pairs: CandidatePairs, levels: Sequence[Levels], u: Sequence[FloatArray]
) -> list[SessionFit]:
    """One EM session per blocking rule (see the module docstring)."""
    spec = linker.spec
    comps = spec.comparisons
    rng = stream(spec.seed, "linkage.identity.em-sessions")
    fits: list[SessionFit] = []
    for k, rule in enumerate(spec.blocking):
        linker.progress("training", k, len(spec.blocking))
        chosen = _session_pairs(linker, pairs, k, rng)
        if chosen is None:
            continue
        idx, used = chosen
        n_levels = [comps[i].n_levels for i in used]
        patterns, counts, _ = pattern_counts([levels[i][idx] for i in used], n_levels)
        fit = expectation_maximisation(
            patterns,
            counts,
            n_levels,
            u_init=[u[i] for i in used],
            prior_init=spec.prior_init,
            m_floor=spec.m_floor,
            u_prior_pairs=spec.u_prior_pairs,
            max_iter=spec.em_max_iter,
            tol=spec.em_tol,
        )
        names = tuple(comps[i].name for i in used)
        session = Session(rule.name, int(idx.size), fit.prior, fit.iterations, fit.converged, names)
        fits.append(SessionFit(session, tuple(used), tuple(fit.m), fit.change))
    linker.progress("training", len(spec.blocking), len(spec.blocking))
    return fits


def combine_m(fits: Sequence[SessionFit], n_levels: Sequence[int]) -> list[FloatArray | None]:
    """Each comparison's m averaged over the sessions that estimate it, weighted by
    pairs x prior^2 (a plain average when every session found almost no matches);
    None for a comparison no session estimates."""
    out: list[FloatArray | None] = []
    for i in range(len(n_levels)):
        estimates = [
            (fit.session.prior**2 * fit.session.pairs, fit.m[fit.used.index(i)])
            for fit in fits
            if i in fit.used
        ]
        if not estimates:
            out.append(None)
            continue
        weights = np.array([w for w, _ in estimates])
        stacked = np.stack([m for _, m in estimates])
        if weights.sum() > 1e-12:
            out.append(weights @ stacked / weights.sum())
        else:
            out.append(stacked.mean(axis=0))
    return out


def _session_warnings(fits: Sequence[SessionFit], spec_tol: float) -> list[str]:
    return [
        f"EM on the pairs of blocking rule {fit.session.rule!r} did not converge in "
        f"{fit.session.iterations} iterations (last change {fit.change:.1e} > em_tol "
        f"{spec_tol:g}); m of {', '.join(fit.session.estimated)} may be off. Raise "
        "LinkSpec.em_max_iter or em_tol, or train on a rule whose pairs mix matches and "
        "non-matches (a rule that finds almost only matches, or almost none, leaves EM "
        "little to separate)."
        for fit in fits
        if not fit.session.converged
    ]


def train(linker: Linker, pairs: CandidatePairs, levels: Sequence[Levels]) -> Model:
    """Estimate a model from the candidate pairs' levels (the module docstring's steps)."""
    spec = linker.spec
    comps = spec.comparisons
    n_levels = [c.n_levels for c in comps]
    u = linker.estimate_u()
    fits = em_sessions(linker, pairs, levels, u)
    warnings = _session_warnings(fits, spec.em_tol)
    m: list[FloatArray] = []
    for comp, n, combined in zip(comps, n_levels, combine_m(fits, n_levels), strict=True):
        if combined is None:
            warnings.append(
                f"comparison {comp.name!r}: no EM session estimates its m, because every "
                f"blocking rule blocks on its columns {list(comp.columns)}; it keeps EM's "
                "starting values. Add a blocking rule on other columns."
            )
            combined = 4.0 ** np.arange(n) / (4.0 ** np.arange(n)).sum()
        m.append(floor_probabilities(combined, spec.m_floor))
    patterns, counts, _ = pattern_counts(levels, n_levels)
    prior = population_prior(patterns, counts, m, u, linker.pair_space())
    for message in warnings:
        log.warning(message)
    return Model(
        names=tuple(c.name for c in comps),
        labels=tuple(c.labels for c in comps),
        m=tuple(m),
        u=tuple(u),
        prior=prior,
        iterations=sum(f.session.iterations for f in fits),
        converged=all(f.session.converged for f in fits),
        method="random_sampling",
        sessions=tuple(f.session for f in fits),
        warnings=tuple(warnings),
    )
