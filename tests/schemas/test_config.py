"""One configuration style: strict models, one error formatter, provenance as metadata."""

from __future__ import annotations

import math

import pytest
from pydantic import Field

from schemas.config import StrictModel, merge, parse
from schemas.errors import ConfigError
from schemas.provenance import Tag, assumed, cited, method, parameters, provenance_of, sourced


class Inner(StrictModel):
    rate: float = sourced(0.1, assumed("no published rate", plausible=(0.05, 0.2)), ge=0.0, le=1.0)
    level: float = sourced(0.95, method("conventional confidence level"))


class Outer(StrictModel):
    size: int = sourced(10, cited("eu-2019-817", note="Art. 27"), ge=1)
    inner: Inner = Field(default_factory=Inner)
    weights: dict[str, float] = sourced(default_factory=lambda: {"a": 1.0}, provenance=assumed("x"))


def test_every_problem_is_named_with_its_dotted_key() -> None:
    with pytest.raises(ConfigError) as info:
        parse(Outer, {"size": 0, "inner": {"rate": 2.0, "levle": 1}}, what="test file")
    text = str(info.value)
    assert text.startswith("invalid test file: ")
    assert "size: 0 is not allowed" in text
    assert "inner.rate: 2.0 is not allowed" in text
    assert "inner.levle: unknown key, did you mean 'level'?" in text


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_no_number_may_be_infinite_or_nan(bad: float) -> None:
    with pytest.raises(ConfigError, match=r"weights\.a: .* must be a finite number"):
        parse(Outer, {"weights": {"a": bad}}, what="x")


def test_prefix_places_a_section_in_a_larger_file() -> None:
    with pytest.raises(ConfigError, match=r"link\.inner\.rate"):
        parse(Outer, {"inner": {"rate": -1}}, what="x", prefix="link.")


def test_parameters_walk_the_leaves_with_their_provenance() -> None:
    model = parse(Outer, {"inner": {"rate": 0.2}}, what="x")
    found = {p.key: p for p in parameters(model)}
    assert set(found) == {"size", "inner.rate", "inner.level", "weights"}
    assert found["inner.rate"].changed
    assert not found["size"].changed
    assert found["size"].provenance is not None
    assert found["size"].provenance.tag is Tag.VERIFIED
    assert found["size"].provenance.label() == "V [@eu-2019-817]: Art. 27"
    assert provenance_of(Inner.model_fields["level"]) == method("conventional confidence level")
    rate = found["inner.rate"].provenance
    assert rate is not None
    assert rate.plausible == (0.05, 0.2)


def test_an_assumption_needs_a_reason_and_a_citation_needs_a_source() -> None:
    with pytest.raises(ValueError, match="needs a note"):
        assumed("")
    with pytest.raises(ValueError, match="needs at least one source"):
        cited()


def test_merge_replaces_only_the_named_tables() -> None:
    base = {"a": {"x": 1, "y": 2}, "w": {"p": 1, "q": 2}}
    over = {"a": {"x": 5}, "w": {"p": 3}}
    merged = merge(base, over, replaced=lambda path: path == "w")
    assert merged == {"a": {"x": 5, "y": 2}, "w": {"p": 3}}
