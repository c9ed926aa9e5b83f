"""A fitted Fellegi-Sunter model: m and u per comparison level, the prior, how it was fitted.

:class:`Model` is what :meth:`~linkage.identity.Linker.train` returns and what
:func:`~linkage.identity.link` takes to score pairs without training again. It is saved
as versioned JSON (:meth:`Model.save` / :meth:`Model.load`); floats are written with
their shortest exact representation, so a reloaded model gives identical predictions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from schemas.errors import ConfigError

__all__ = ["MODEL_FORMAT", "MODEL_VERSION", "PROBABILITY_FLOOR", "Model", "Session"]

FloatArray = npt.NDArray[np.float64]

#: Probabilities are floored here before taking logs (a level never seen among the
#: matches would otherwise get an infinite weight).
PROBABILITY_FLOOR = 1e-10
#: The ``format`` and ``version`` keys of a saved model.
MODEL_FORMAT = "interopsim.linkage.identity.model"
MODEL_VERSION = 1


@dataclass(frozen=True)
class Session:
    """One EM session: the pairs of one blocking rule, and what it estimated."""

    rule: str
    pairs: int
    prior: float
    iterations: int
    converged: bool
    estimated: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON form (``estimated`` as a list)."""
        return {
            "rule": self.rule,
            "pairs": self.pairs,
            "prior": self.prior,
            "iterations": self.iterations,
            "converged": self.converged,
            "estimated": list(self.estimated),
        }


@dataclass(frozen=True, eq=False)
class Model:
    """m and u per comparison level, and the prior share of matches among all pairs.

    ``warnings`` holds the estimation warnings raised while fitting (also logged), so a
    saved model says how far it can be trusted.

    >>> import numpy as np
    >>> model = Model(
    ...     names=("surname",), labels=(("different", "exact"),),
    ...     m=(np.array([0.1, 0.9]),), u=(np.array([0.99, 0.01]),), prior=0.001,
    ... )
    >>> [round(float(w), 2) for w in model.weights()[0]]
    [-3.31, 6.49]
    >>> Model.from_json(model.to_json()).weights()[0].tolist() == model.weights()[0].tolist()
    True
    """

    names: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    m: tuple[FloatArray, ...]
    u: tuple[FloatArray, ...]
    prior: float
    iterations: int = 0
    converged: bool = True
    method: str = "random_sampling"
    sessions: tuple[Session, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        n = len(self.names)
        if not (len(self.labels) == len(self.m) == len(self.u) == n):
            raise ConfigError("names, labels, m and u must have one entry per comparison")
        for name, labels, m, u in zip(self.names, self.labels, self.m, self.u, strict=True):
            if m.size != len(labels) or u.size != len(labels):
                raise ConfigError(f"comparison {name!r}: m and u need {len(labels)} levels")
        if not 0.0 < self.prior < 1.0:
            raise ConfigError(f"prior must be in (0, 1), got {self.prior}")

    @property
    def prior_weight(self) -> float:
        """``log2(prior / (1 - prior))``: the weight of a pair with no evidence."""
        return float(np.log2(self.prior / (1.0 - self.prior)))

    def weights(self) -> list[FloatArray]:
        """Per comparison: ``log2(m / u)`` of each level."""
        return [
            np.log2(np.maximum(m, PROBABILITY_FLOOR) / np.maximum(u, PROBABILITY_FLOOR))
            for m, u in zip(self.m, self.u, strict=True)
        ]

    def to_frame(self) -> pl.DataFrame:
        """One row per comparison level: comparison, level, label, m, u, match_weight."""
        rows = [
            {
                "comparison": name,
                "level": level,
                "label": label,
                "m": float(m[level]),
                "u": float(u[level]),
                "match_weight": float(w[level]),
            }
            for name, labels, m, u, w in zip(
                self.names, self.labels, self.m, self.u, self.weights(), strict=True
            )
            for level, label in enumerate(labels)
        ]
        return pl.DataFrame(rows)

    def check_comparisons(self, names: Sequence[str], labels: Sequence[Sequence[str]]) -> None:
        """Raise a ConfigError unless the model was fitted for these comparisons."""
        if tuple(names) != self.names or tuple(map(tuple, labels)) != self.labels:
            raise ConfigError(
                f"the model was fitted for comparisons {list(self.names)} with other "
                f"levels; the spec has {list(names)}: train a model for this spec"
            )

    def to_json(self) -> dict[str, Any]:
        """Everything needed to rebuild the model, plus a readable table of levels."""
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "names": list(self.names),
            "labels": [list(x) for x in self.labels],
            "m": [x.tolist() for x in self.m],
            "u": [x.tolist() for x in self.u],
            "prior": self.prior,
            "iterations": self.iterations,
            "converged": self.converged,
            "method": self.method,
            "sessions": [s.to_json() for s in self.sessions],
            "warnings": list(self.warnings),
            "levels": self.to_frame().to_dicts(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        """The inverse of :meth:`to_json`; refuses another format or a newer version."""
        if data.get("format") != MODEL_FORMAT:
            raise ConfigError(f"not a saved linkage model (format {data.get('format')!r})")
        version = data.get("version")
        if not isinstance(version, int) or not 1 <= version <= MODEL_VERSION:
            raise ConfigError(
                f"saved model version {version!r} is not supported (this code reads "
                f"versions 1 to {MODEL_VERSION})"
            )
        try:
            return cls(
                names=tuple(data["names"]),
                labels=tuple(tuple(x) for x in data["labels"]),
                m=tuple(np.asarray(x, dtype=np.float64) for x in data["m"]),
                u=tuple(np.asarray(x, dtype=np.float64) for x in data["u"]),
                prior=float(data["prior"]),
                iterations=int(data.get("iterations", 0)),
                converged=bool(data.get("converged", True)),
                method=str(data.get("method", "random_sampling")),
                sessions=tuple(
                    Session(**{**s, "estimated": tuple(s["estimated"])})
                    for s in data.get("sessions", ())
                ),
                warnings=tuple(data.get("warnings", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"saved model is incomplete or malformed: {exc}") from None

    def save(self, path: str | Path) -> Path:
        """Write the model as JSON to ``path``; returns the path."""
        out = Path(path)
        out.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: str | Path) -> Model:
        """Read a model written by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read a linkage model from {path}: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path} does not hold a linkage model")
        return cls.from_json(data)
