"""Parameters of the multiple-identity detector, its verifiers and their staff.

No published figure was found for the volume of yellow links, the accuracy of the
verifying authorities, the time one verification takes or the staff that do it; the
law only asks for verification "without delay" (IO Art. 29 [@eu-2019-817]). The one
staffing figure found is the ETIAS Central Unit's, about 250 officials
[@digit-2022-etias-central-unit]. Every other default of :class:`VerifierConfig`,
:class:`EvidenceWeights` and :class:`Staff` is therefore an assumption of this project,
each with the range a sensitivity analysis varies it over (``plausible``): change them
to explore what-if scenarios.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from linkage.mid.authorities import VERIFYING_AUTHORITIES
from linkage.mid.rules import Colour, Uncovered
from schemas.config import StrictModel
from schemas.provenance import Tag, assumed, cited, method, sourced
from schemas.systems import SystemKey

__all__ = ["EvidenceWeights", "MidConfig", "Staff", "VerificationConfig"]

_NO_FIGURE = "no published figure for the manual verification of yellow links was found"
_WEIGHT = (
    f"{_NO_FIGURE}; in log-odds (1 = odds times e, about 2.7), the verifier's lean towards "
    "the conclusion this evidence suggests"
)


class EvidenceWeights(StrictModel):
    """How the evidence in front of a verifier pushes the conclusion (log-odds).

    See :mod:`linkage.mid.verifier`: evidence for "one person" is added to, evidence
    for "two persons" subtracted from, the verifier's insight into the truth; evidence
    that makes a lawful situation look suspicious (very different identity data, one
    document for two bodies) pushes towards "unjustified".
    """

    biometric_match: float = sourced(
        1.0,
        assumed(f"{_WEIGHT}: the sBMS reported a match at the threshold", plausible=(0.0, 3.0)),
        ge=0.0,
    )
    per_decade_above_threshold: float = sourced(
        0.25,
        assumed(
            f"{_WEIGHT}: more per decade of the calibrated score above the threshold (a "
            "score 1 higher is ten times rarer for an impostor pair), so a strong genuine "
            "match convinces more than a look-alike's borderline one",
            plausible=(0.0, 0.5),
        ),
        ge=0.0,
    )
    biometric_no_match: float = sourced(
        1.0,
        assumed(
            f"{_WEIGHT}: both records hold comparable biometrics and the sBMS found no match",
            plausible=(0.0, 3.0),
        ),
        ge=0.0,
    )
    identity: float = sourced(
        1.0,
        assumed(
            f"{_WEIGHT}: identity data the same (towards one person) or different (towards "
            "two); similar data push neither way",
            plausible=(0.0, 3.0),
        ),
        ge=0.0,
    )
    document: float = sourced(
        1.0,
        assumed(f"{_WEIGHT}: the same travel document on both records", plausible=(0.0, 3.0)),
        ge=0.0,
    )
    presence: float = sourced(
        1.0,
        assumed(
            f"{_WEIGHT}: the person is present (documents, an interview, a live "
            "fingerprint check) and the verifier sees the truth better, on both questions",
            plausible=(0.0, 3.0),
        ),
        ge=0.0,
    )
    identity_difference_suspicion: float = sourced(
        1.0,
        assumed(
            f"{_WEIGHT}: identity data that differ make a lawful situation look "
            "unjustified (an honest person with very different records risks a red link)",
            plausible=(0.0, 3.0),
        ),
        ge=0.0,
    )
    shared_document_suspicion: float = sourced(
        1.0,
        assumed(
            f"{_WEIGHT}: one travel document on two records with different biometrics "
            "looks unjustified",
            plausible=(0.0, 3.0),
        ),
        ge=0.0,
    )


class Staff(StrictModel):
    """Full-time verifiers of yellow links per kind of verifying authority, at real scale.

    The simulated world holds a share of the real caseload (its stored records over the
    real number, :attr:`VerificationConfig.real_records`); its verifiers are that share
    of these.
    """

    border: float = sourced(
        290.0,
        assumed(
            "verifiers at the border authorities of the 29 states applying the EES, 10 per "
            "state; no staffing figure for MID verification was found",
            plausible=(29.0, 2900.0),
        ),
        ge=0.0,
    )
    visa: float = sourced(
        290.0,
        assumed(
            "verifiers at the visa and residence-permit authorities of the 29 states, 10 "
            "per state; no staffing figure was found",
            plausible=(29.0, 2900.0),
        ),
        ge=0.0,
    )
    designated_vis: float = sourced(
        29.0,
        assumed(
            "designated VIS authorities (VIS-ECRIS links only), one per state",
            plausible=(3.0, 290.0),
        ),
        ge=0.0,
    )
    etias: float = sourced(
        250.0,
        cited(
            "digit-2022-etias-central-unit",
            tag=Tag.SECONDARY,
            note="the ETIAS Central Unit at Frontex has about 250 officials (2022); all of "
            "them counted as verifiers of ETIAS-triggered yellow links, an upper bound: "
            "the unit also screens the applications' own hits",
            plausible=(25.0, 250.0),
        ),
        ge=0.0,
    )
    sirene: float = sourced(
        60.0,
        assumed(
            "verifiers at the SIRENE Bureaux of the about 30 states using SIS, 2 per "
            "bureau; no staffing figure was found",
            plausible=(15.0, 600.0),
        ),
        ge=0.0,
    )
    ecris: float = sourced(
        27.0,
        assumed(
            "one verifier at the central authority of each Member State using ECRIS-TCN",
            plausible=(5.0, 270.0),
        ),
        ge=0.0,
    )
    eurodac: float = sourced(
        60.0,
        assumed(
            "verifiers at the authorities responsible for Eurodac records, 2 per state; "
            "no verifying authority for Eurodac was found in Art. 29",
            plausible=(15.0, 600.0),
        ),
        ge=0.0,
    )


class VerificationConfig(StrictModel):
    """The manual verification of yellow links (IO Art. 29 [@eu-2019-817; @eu-2019-818]):
    how right the verifiers are (:mod:`linkage.mid.verifier`) and how many cases they
    close a day."""

    accuracy: float = sourced(
        0.95,
        assumed(
            f"{_NO_FIGURE}: how often a verifier concludes rightly 'one person or two' "
            "when the evidence points neither way and the person is absent",
            plausible=(0.8, 0.99),
        ),
        ge=0.0,
        le=1.0,
        description="Right 'one person or two' on neutral evidence, person absent.",
    )
    justification_accuracy: float = sourced(
        0.98,
        assumed(
            f"{_NO_FIGURE}: how often a verifier concludes rightly 'justified or not' "
            "when nothing looks suspicious and the person is absent (higher than accuracy: "
            "without a sign of it, a verifier rarely concludes that a situation is unlawful)",
            plausible=(0.9, 0.995),
        ),
        ge=0.0,
        le=1.0,
        description="Right 'justified or not' when nothing looks suspicious, person absent.",
    )
    evidence: EvidenceWeights = Field(default_factory=EvidenceWeights)
    present_systems: tuple[SystemKey, ...] = sourced(
        (SystemKey.EES, SystemKey.VIS, SystemKey.EURODAC),
        assumed(
            "systems whose new record is made with the person present (a border check, a "
            "visa application, a Eurodac registration), so the verifier can examine them; "
            "an ETIAS application is made online, an SIS alert or ECRIS-TCN record without "
            "the person"
        ),
        description="Systems whose new records are made with the person present.",
    )
    minutes_per_case: float = sourced(
        15.0,
        assumed(f"{_NO_FIGURE}: working minutes one verification takes", plausible=(5.0, 60.0)),
        gt=0.0,
        description="Working minutes one verification takes; the workload in hours.",
    )
    hours_per_day: float = sourced(
        4.8,
        assumed(
            "working hours a full-time verifier gives per calendar day: 8 h on about 220 "
            "working days a year",
            plausible=(3.0, 8.0),
        ),
        gt=0.0,
        le=24.0,
    )
    staff: Staff = Field(default_factory=Staff)
    real_records: float = sourced(
        300e6,
        cited(
            "statewatch-2019-interoperability-irregular",
            tag=Tag.SECONDARY,
            note="the CIR is sized for up to 300 million records: the real caseload the "
            "world's stored records are a share of",
            plausible=(1e8, 3e8),
        ),
        gt=0.0,
    )
    cases_per_day: float | None = sourced(
        None,
        method(
            "cases every verifying authority of the simulated world closes per day; None: "
            "its share of the real staff's capacity (staff x hours_per_day x 60 / "
            "minutes_per_case x world records / real_records)"
        ),
        ge=0.0,
        description="World-scale cases per day of every authority (None: scaled from staff).",
    )
    cases_per_day_by_authority: dict[str, float] = sourced(
        provenance=method("per-authority world-scale overrides of the capacity (none)"),
        default_factory=dict,
        description="Per verifying authority (keys of VERIFYING_AUTHORITIES) override.",
    )

    @field_validator("cases_per_day_by_authority")
    @classmethod
    def _known_authorities(cls, value: dict[str, float]) -> dict[str, float]:
        known = {a.key for a in VERIFYING_AUTHORITIES}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown verifying authorities {unknown}; known: {sorted(known)}")
        negative = sorted(k for k, v in value.items() if v < 0)
        if negative:
            raise ValueError(f"capacity must be >= 0 for {negative}")
        return value

    @property
    def cases_per_staff_day(self) -> float:
        """Cases one full-time verifier closes per calendar day."""
        return self.hours_per_day * 60.0 / self.minutes_per_case

    def capacity(self, authority: str, world_share: float = 1.0) -> float:
        """Cases per day ``authority`` closes in a world holding ``world_share`` of the
        real caseload (an override, else its share of the real staff's capacity)."""
        if authority in self.cases_per_day_by_authority:
            return self.cases_per_day_by_authority[authority]
        if self.cases_per_day is not None:
            return self.cases_per_day
        staff = float(getattr(self.staff, authority, 0.0))
        return staff * self.cases_per_staff_day * world_share

    def world_share(self, records: int | None) -> float:
        """The share of the real caseload a world of ``records`` stored records holds
        (1 when unknown: the world is taken at real scale)."""
        return 1.0 if records is None else records / self.real_records


class MidConfig(StrictModel):
    """The multiple-identity detector: colour rules, verification and clusters."""

    uncovered: Uncovered = sourced(
        Uncovered.WHITE,
        cited(
            "eu-2019-817",
            "eu-2019-818",
            note="Art. 28(3)-(4), read in the consolidated text: a match whose identity data "
            "are the same or similar gives a white link, one whose identity data cannot be "
            "considered similar a yellow link verified under Art. 29; Arts. 30-33 list the "
            "combinations, and the patterns they leave out (identity same or similar, "
            "documents different, biometrics different or not compared) take the colour "
            "of Art. 28(3): white. Options: 'yellow' (by analogy with Art. 30(c)), "
            "'white_unless_biometrics_differ' (yellow where compared biometrics differ, a "
            "fortiori from Art. 30(c)), 'no_link'",
        ),
        description="What to do with a match whose evidence no rule of Arts. 30/33 covers.",
    )
    verification: VerificationConfig = Field(default_factory=VerificationConfig)
    cluster_colours: tuple[Colour, ...] = sourced(
        (Colour.WHITE, Colour.RED),
        method(
            "link colours that join records into one presumed person in the cluster "
            "analysis (white: the same person; red: mostly one person under several "
            "identities); an analysis choice, not a legal rule"
        ),
        min_length=1,
        description="Link colours that join records into one identity cluster.",
    )
