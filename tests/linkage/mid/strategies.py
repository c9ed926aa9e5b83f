"""Hand-built MID inputs: candidate frames and oracles for the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import strategies as st

from linkage.mid import CANDIDATE_SCHEMA, Conclusion

SYSTEMS = ("VIS", "EES", "EURODAC", "SIS", "ETIAS", "ECRIS")
CLASSES = ("same", "similar", "different")
START = dt.date(2024, 1, 1)


def candidate(
    a: str,
    b: str,
    *,
    day_a: int = 1,
    day_b: int = 0,
    bio: bool | None = None,
    identity: str = "different",
    doc: bool = False,
    has_bio: tuple[bool, bool] | None = None,
    bio_score: float | None = None,
    id_score: float | None = 0.0,
    deleted: tuple[int | None, int | None] = (None, None),
) -> dict[str, Any]:
    """One candidate pair; record ids look like ``VIS-1`` (the system is the prefix)."""
    if has_bio is None:
        has_bio = (True, True) if bio is not None else (False, True)
    return {
        "record_id_a": a,
        "record_id_b": b,
        "system_a": a.split("-")[0],
        "system_b": b.split("-")[0],
        "registered_on_a": START + dt.timedelta(days=day_a),
        "registered_on_b": START + dt.timedelta(days=day_b),
        "has_biometrics_a": has_bio[0],
        "has_biometrics_b": has_bio[1],
        "biometric_match": bio,
        "biometric_score": bio_score if bio_score is not None else (None if bio is None else 0.5),
        "identity_class": identity,
        "identity_score": id_score,
        "document_match": doc,
        "deleted_on_a": None if deleted[0] is None else START + dt.timedelta(days=deleted[0]),
        "deleted_on_b": None if deleted[1] is None else START + dt.timedelta(days=deleted[1]),
    }


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Candidate rows as a frame with the MID input schema (plus deletion dates)."""
    schema = pl.Schema({**CANDIDATE_SCHEMA, "deleted_on_a": pl.Date(), "deleted_on_b": pl.Date()})
    return pl.DataFrame(rows, schema=schema)


@st.composite
def candidates(draw: st.DrawFn, max_records: int = 40, max_pairs: int = 80) -> pl.DataFrame:
    """Random candidate pairs among random records of random systems (same system too)."""
    n = draw(st.integers(2, max_records))
    systems = draw(st.lists(st.sampled_from(SYSTEMS), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    bio = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    ids = [f"{s}-{i}" for i, s in enumerate(systems)]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            min_size=1,
            max_size=max_pairs,
        )
    )
    rows = []
    for i, j in pairs:
        both = bio[i] and bio[j]
        match = draw(st.booleans()) if both else None
        rows.append(
            candidate(
                ids[i],
                ids[j],
                day_a=days[i],
                day_b=days[j],
                bio=match,
                has_bio=(bio[i], bio[j]),
                bio_score=draw(st.floats(0, 1)) if both else None,
                identity=draw(st.sampled_from(CLASSES)),
                id_score=draw(st.floats(-20, 20)),
                doc=draw(st.booleans()),
            )
        )
    return frame(rows)


def oracle_from(truth: dict[str, int]) -> Any:
    """An oracle that knows whose record is whose from ``truth`` (record -> person).

    One person: justified; two persons: unjustified when they share a document.
    """

    def oracle(cases: pl.DataFrame) -> pl.Series:
        same = [truth[a] == truth[b] for a, b in cases.select("record_id_a", "record_id_b").rows()]
        doc = cases["document_match"].to_list()
        return pl.Series(
            [
                Conclusion.SAME_JUSTIFIED.value
                if s
                else (
                    Conclusion.DIFFERENT_UNJUSTIFIED.value
                    if d
                    else Conclusion.DIFFERENT_JUSTIFIED.value
                )
                for s, d in zip(same, doc, strict=True)
            ]
        )

    return oracle


def constant_oracle(conclusion: Conclusion) -> Any:
    """An oracle that always gives ``conclusion``."""

    def oracle(cases: pl.DataFrame) -> pl.Series:
        return pl.Series([conclusion.value] * cases.height, dtype=pl.String)

    return oracle
