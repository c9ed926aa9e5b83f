"""Travel documents: each holder's chain of genuine passports, plus fraudulent ones.

A holder's passports follow each other without gaps (a new number at every renewal),
so the document valid on a given day is found by arithmetic, not by a join. Numbers are
unique by construction: a bijective scramble of the document id into two letters and
seven digits (a 9-character MRZ-style number; the format is an assumption).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from schemas.tables import polars_schema
from synth.population import NAT_CODE, People
from synth.scenario import Scenario
from synth.vector import day_of, explode, padded, take, to_date_series, years_to_days

__all__ = ["DocumentBook", "build_documents", "document_numbers"]

_SPACE = 26 * 26 * 10**7
_MULT = 2_654_435_761  # odd, not divisible by 5 or 13: a bijection modulo _SPACE
_OFFSET = 1_234_567_891
_LETTERS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), dtype=object)


def document_numbers(document_id: np.ndarray) -> pl.Series:
    """Unique document numbers (two letters, seven digits) for distinct ids < 6.76e9."""
    y = (document_id.astype(np.int64) % _SPACE * _MULT + _OFFSET) % _SPACE
    letters = y // 10**7
    frame = pl.DataFrame(
        {
            "a": take(_LETTERS, letters // 26),
            "b": take(_LETTERS, letters % 26),
            "d": padded(y % 10**7, 7),
        }
    )
    return frame.select(pl.concat_str(["a", "b", "d"]).alias("number")).to_series()


@dataclass
class DocumentBook:
    """Every document of the world; fraudulent ones are appended by :meth:`add`."""

    owns: np.ndarray  # bool per person: holds genuine passports
    first_issued: np.ndarray  # int64 day per person
    n_docs: np.ndarray  # int64 per person
    first_doc: np.ndarray  # int64 per person: document id of the first passport
    validity: int  # days
    person: np.ndarray  # int64 per document
    issued: np.ndarray  # int64 day per document
    expiry: np.ndarray  # int64 day per document
    issuing: np.ndarray  # int64 nationality index per document
    genuine_of: np.ndarray  # int64 per document: genuine holder for borrowed ones, else -1
    fraudulent: np.ndarray  # bool per document
    number_of: np.ndarray  # int64 per document: id whose number it carries (itself if new)

    def valid_on(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Id of ``person``'s genuine passport valid on ``day`` (-1 if none)."""
        k = (day - self.first_issued[person]) // self.validity
        ok = self.owns[person] & (k >= 0) & (k < self.n_docs[person])
        out: np.ndarray = np.where(ok, self.first_doc[person] + k, -1)
        return out

    def _append(
        self,
        person: np.ndarray,
        issued: np.ndarray,
        expiry: np.ndarray,
        issuing: np.ndarray,
        genuine_of: np.ndarray,
        number_of: np.ndarray | None,
    ) -> np.ndarray:
        start = self.person.size
        ids = np.arange(start, start + person.size, dtype=np.int64)
        self.person = np.concatenate([self.person, person])
        self.issued = np.concatenate([self.issued, issued])
        self.expiry = np.concatenate([self.expiry, expiry])
        self.issuing = np.concatenate([self.issuing, issuing])
        self.genuine_of = np.concatenate([self.genuine_of, genuine_of])
        self.fraudulent = np.concatenate([self.fraudulent, np.ones(person.size, dtype=bool)])
        self.number_of = np.concatenate([self.number_of, ids if number_of is None else number_of])
        return ids

    def add_forged(
        self, person: np.ndarray, issued: np.ndarray, expiry: np.ndarray, issuing: np.ndarray
    ) -> np.ndarray:
        """Append forged passports (new numbers) held by ``person``; return their ids."""
        none = np.full(person.size, -1, dtype=np.int64)
        return self._append(person, issued, expiry, issuing, none, None)

    def add_borrowed(self, person: np.ndarray, genuine: np.ndarray) -> np.ndarray:
        """Append the use by ``person`` of the genuine passports ``genuine`` (same number,
        country and dates; the genuine holder recorded); return the new ids."""
        return self._append(
            person,
            self.issued[genuine],
            self.expiry[genuine],
            self.issuing[genuine],
            self.person[genuine],
            self.number_of[genuine],
        )

    def numbers(self, doc: np.ndarray) -> pl.Series:
        """Document number per row (null where ``doc`` < 0)."""
        valid = doc >= 0
        numbers = document_numbers(self.number_of[np.where(valid, doc, 0)])
        return pl.select(pl.when(pl.Series(valid)).then(numbers)).to_series()

    def countries(self, doc: np.ndarray) -> pl.Series:
        """Issuing country per row (null where ``doc`` < 0)."""
        valid = doc >= 0
        codes = take(NAT_CODE, self.issuing[np.where(valid, doc, 0)])
        return pl.select(pl.when(pl.Series(valid)).then(codes)).to_series()

    def frame(self) -> pl.DataFrame:
        """The ``documents`` table."""
        n = self.person.size
        ids = np.arange(n, dtype=np.int64)
        holder = pl.Series(self.genuine_of, dtype=pl.Int64)
        return pl.DataFrame(
            {
                "document_id": ids,
                "person_id": self.person,
                "number": self.numbers(ids),
                "document_type": pl.Series(["passport"] * n, dtype=pl.String),
                "issuing_country": self.countries(ids),
                "issued_on": to_date_series("issued_on", self.issued),
                "expiry": to_date_series("expiry", self.expiry),
                "fraudulent": self.fraudulent,
                "genuine_holder_id": pl.select(pl.when(holder >= 0).then(holder)).to_series(),
            },
            schema=polars_schema("documents"),
        )


def build_documents(
    scenario: Scenario, people: People, owns: np.ndarray, rng: np.random.Generator
) -> DocumentBook:
    """Genuine passport chains for the persons flagged in ``owns``."""
    validity = years_to_days(scenario.population.passport_validity_years)
    start = day_of(scenario.world.period_start)
    as_of = day_of(scenario.world.as_of)
    first_issued = start - rng.integers(0, validity, people.n)
    n_docs = np.where(owns, (as_of - first_issued) // validity + 1, 0).astype(np.int64)
    person, rank = explode(n_docs)
    first_doc = np.cumsum(n_docs) - n_docs
    issued = first_issued[person] + rank * validity
    return DocumentBook(
        owns=owns,
        first_issued=first_issued,
        n_docs=n_docs,
        first_doc=first_doc,
        validity=validity,
        person=person,
        issued=issued,
        expiry=issued + validity - 1,
        issuing=people.nationality[person],
        genuine_of=np.full(person.size, -1, dtype=np.int64),
        fraudulent=np.zeros(person.size, dtype=bool),
        number_of=np.arange(person.size, dtype=np.int64),
    )
