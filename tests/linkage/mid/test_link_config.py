"""The link configuration: one style (StrictModel + parse) and a source for every parameter."""

from __future__ import annotations

import pytest

from linkage.biometric import BiometricConfig
from linkage.config import LinkConfig
from linkage.mid import MidConfig, VerificationConfig
from schemas.bibliography import unresolved
from schemas.config import StrictModel, parse
from schemas.errors import ConfigError
from schemas.provenance import Tag, parameters

# linkage.identity's configuration belongs to the identity search, which states its own
# sources; every other parameter of a link run is checked here.
OWN = [p for p in parameters(LinkConfig()) if p.key.split(".")[0] != "identity"]


def test_the_link_configuration_has_parameters_from_every_part() -> None:
    parts = {p.key.split(".")[0] for p in OWN}
    assert parts == {"biometric", "mid", "score_unreported_hits"}
    assert len(OWN) > 50  # every leaf of both modalities' score models


@pytest.mark.parametrize("parameter", OWN, ids=lambda p: p.key)
def test_every_link_parameter_states_its_source(parameter: object) -> None:
    prov = parameter.provenance  # type: ignore[attr-defined]
    assert prov is not None, f"{parameter.key} has no provenance"  # type: ignore[attr-defined]
    assert prov.note, f"{parameter.key}: say why"  # type: ignore[attr-defined]
    if prov.tag in (Tag.VERIFIED, Tag.SECONDARY, Tag.RECALLED, Tag.DERIVED):
        assert prov.sources


def test_link_parameter_sources_are_in_the_bibliography() -> None:
    cited = {s for p in OWN if p.provenance for s in p.provenance.sources}
    assert cited  # the EES operating points, NISTIR 8280 and the sBMS size at least
    assert not unresolved(cited)


def test_what_no_source_gives_is_tagged_an_assumption() -> None:
    tags = {p.key: p.provenance.tag for p in OWN if p.provenance}
    for key in (
        "mid.verification.accuracy",
        "mid.verification.justification_accuracy",
        "mid.verification.evidence.presence",
        "mid.verification.minutes_per_case",
        "mid.verification.hours_per_day",
        "mid.verification.staff.border",
        "biometric.fusion",
        "biometric.face.lookalike.mean",
    ):
        assert tags[key] is Tag.ASSUMPTION, key
    assert tags["biometric.fmr"] is Tag.DERIVED
    assert tags["mid.uncovered"] is Tag.VERIFIED  # Art. 28(3)-(4), read in the text
    assert tags["mid.verification.staff.etias"] is Tag.SECONDARY  # ~250 officials
    assert tags["mid.verification.cases_per_day"] is Tag.METHOD  # an override, None
    assert tags["biometric.face.impostor.sex_multiplier"] is Tag.SECONDARY


def test_every_numeric_verifier_assumption_has_a_plausible_range() -> None:
    """The verifier's error model and staff are assumptions a sensitivity analysis
    varies: each states the range, and the default lies in it."""
    verifier = [p for p in OWN if p.key.startswith("mid.verification.")]
    numeric = [p for p in verifier if isinstance(p.value, float) and p.provenance]
    assert len(numeric) >= 18
    for p in numeric:
        if p.provenance.tag is Tag.METHOD:  # type: ignore[union-attr]
            continue
        span = p.provenance.plausible  # type: ignore[union-attr]
        assert span is not None, p.key
        assert span[0] <= p.value <= span[1], p.key


@pytest.mark.parametrize("model", [LinkConfig, BiometricConfig, MidConfig, VerificationConfig])
def test_one_config_style(model: type[StrictModel]) -> None:
    assert issubclass(model, StrictModel)
    assert not hasattr(model, "from_mapping")
    config = model()
    with pytest.raises(ValueError, match="frozen"):
        config.__setattr__(next(iter(model.model_fields)), None)


def test_parse_names_every_bad_key_of_a_link_configuration() -> None:
    data = {
        "biometrc": {},
        "biometric": {"fmr": 2.0, "face": {"impostor": {"cross_sex_factor": -1}}},
        "mid": {"verification": {"accuracy": 1.5, "cases_per_day_by_authority": {"x": 1}}},
    }
    with pytest.raises(ConfigError) as info:
        parse(LinkConfig, data, what="link configuration", prefix="link.")
    message = str(info.value)
    assert message.startswith("invalid link configuration: ")
    for key in (
        "link.biometrc: unknown key, did you mean 'biometric'?",
        "link.biometric.fmr: 2.0 is not allowed",
        "link.biometric.face.impostor.cross_sex_factor: -1 is not allowed",
        "link.mid.verification.accuracy: 1.5 is not allowed",
        "link.mid.verification.cases_per_day_by_authority",
    ):
        assert key in message


def test_a_parsed_configuration_round_trips_through_json() -> None:
    config = parse(
        LinkConfig,
        {"biometric": {"fmr": 1e-6}, "mid": {"uncovered": "no_link"}},
        what="link configuration",
    )
    assert config.biometric.fmr == 1e-6
    # What the manifest stores as the link stage's parameters reads back as the same parts.
    stored = {
        "biometric": config.biometric.model_dump(mode="json"),
        "mid": config.mid.model_dump(mode="json"),
    }
    again = parse(LinkConfig, stored, what="link configuration")
    assert (again.biometric, again.mid) == (config.biometric, config.mid)
