"""Who verifies a yellow link (IO Art. 29 [@eu-2019-817; @eu-2019-818]), declared once as data.

The authority is the one responsible for the record whose creation triggered the
detection (the newer record, ``record_id_a``), with two overrides taken from the same
article: a link to an SIS alert goes to the SIRENE Bureau (IO-P Art. 29(2)), and a
link between VIS and ECRIS-TCN goes to the designated VIS authorities (IO-B Art.
29(1)(ba)).

Simplifications: Art. 29(2) sends only some alert types (arrest, missing persons,
judicial procedure, discreet or specific checks, unknown suspects) to the SIRENE Bureau
of the issuing Member State; the MID input carries no alert type, so every link that
involves an SIS record is given to SIRENE. Queues are kept per kind of authority, not
per Member State.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from schemas.systems import SystemKey

__all__ = ["AUTHORITY_BY_SYSTEM", "VERIFYING_AUTHORITIES", "VerifyingAuthority", "authority_of"]


@dataclass(frozen=True)
class VerifyingAuthority:
    """A kind of authority that verifies yellow links."""

    key: str
    name: str
    source: str


VERIFYING_AUTHORITIES: tuple[VerifyingAuthority, ...] = (
    VerifyingAuthority(
        "border",
        "Border/immigration authority designated under EES Art. 9(2)",
        "[@eu-2019-817] Art. 29(1)(a)",
    ),
    VerifyingAuthority(
        "visa",
        "Visa authorities and authorities deciding on long-stay visas and residence permits",
        "[@eu-2019-817] Art. 29(1)(b)",
    ),
    VerifyingAuthority(
        "designated_vis",
        "Designated VIS authorities (VIS Art. 9d, 22b), for links between VIS and ECRIS-TCN",
        "[@eu-2019-817] Art. 29(1)(ba)",
    ),
    VerifyingAuthority(
        "etias",
        "ETIAS Central Unit and ETIAS national units",
        "[@eu-2019-817] Art. 29(1)(c)",
    ),
    VerifyingAuthority(
        "sirene",
        "SIRENE Bureau (of the Member State that issued the alert)",
        "[@eu-2019-817] Art. 29(1)(d); [@eu-2019-818] Art. 29(1)(a), 29(2)",
    ),
    VerifyingAuthority(
        "ecris",
        "Central authority of the convicting Member State",
        "[@eu-2019-818] Art. 29(1)(b)",
    ),
    VerifyingAuthority(
        "eurodac",
        "Authority responsible for the Eurodac record",
        "assumption of this project: Eurodac joins the MID under the 2024 recast "
        "[@eu-2024-1358] but no verifying authority for it was found in Art. 29",
    ),
)

AUTHORITY_BY_SYSTEM: dict[SystemKey, str] = {
    SystemKey.EES: "border",
    SystemKey.VIS: "visa",
    SystemKey.ETIAS: "etias",
    SystemKey.SIS: "sirene",
    SystemKey.ECRIS: "ecris",
    SystemKey.EURODAC: "eurodac",
}
"""The authority of the system whose new record triggered the detection."""


def authority_of(system_a: pl.Expr, system_b: pl.Expr) -> pl.Expr:
    """The key of the authority that verifies a link from a new record of ``system_a``."""
    sis = SystemKey.SIS.value
    vis_ecris = {SystemKey.VIS.value, SystemKey.ECRIS.value}
    by_system = system_a.replace_strict(
        {k.value: v for k, v in AUTHORITY_BY_SYSTEM.items()}, default=None
    )
    return (
        pl.when((system_a == sis) | (system_b == sis))
        .then(pl.lit("sirene"))
        .when(
            system_a.is_in(sorted(vis_ecris))
            & system_b.is_in(sorted(vis_ecris))
            & (system_a != system_b)
        )
        .then(pl.lit("designated_vis"))
        .otherwise(by_system)
    )
