"""Reference cases of the identity data: 1 January birth dates, identity documents, the
nationality mix of asylum applicants and visa refusals.

The roles follow the code as it is: a figure is a calibration case while a default is set
from it. Issue 8.1 makes a default birth date a property of how a person was first
registered, calibrated on the German register, and the nationality mixes follow published
flows; before it, per-record noise rates were set from the UK figures. :data:`ROUTE_BASED`
says which model this version has, and the roles below follow it (a transition switch:
drop the other branch once issue 8.1 has landed everywhere).
"""

from __future__ import annotations

from analysis.validation import figures_identity as fi
from analysis.validation.case import Published, ReferenceCase, Role, Tolerance
from analysis.validation.evidence import STEADY
from synth.scenario_population import PopulationConfig

ROUTE_BASED = "birth_dates" in PopulationConfig.model_fields
"""Whether default birth dates are a property of a person's registration route (issue 8.1)."""

_CAL, _VAL = Role.CALIBRATION, Role.VALIDATION
_GERMAN, _UK = (_CAL, _VAL) if ROUTE_BASED else (_VAL, _CAL)
_BIRTH_DATES = "scenario.population.birth_dates"

__all__ = ["IDENTITY_CASES"]

_AZR = ("bamf-2020-january-first", "bundestag-2020-foreign-population")
_AZR_CONDITIONS = (
    "Germany's Central Register of Foreigners holds residents, many registered without a "
    "credible document after 2014; the model's records made by Germany also include "
    "visitors' visa and EES files, and its nationality mix per group is an assumption"
)
_REGISTER_TOLERANCE = Tolerance(
    "one register, one date, and a per-person mechanism the model approximates: a factor 2",
    factor=2.0,
)
_NOISE_GAP = (
    "In this version a 1 January date is noise drawn per record (rates calibrated on UK "
    "figures, scenario.noise.*), not a property of how and where a person was first "
    "registered, so it falls on every nationality alike and a person can carry it on one "
    "record and not another; the per-nationality excess the German register shows (asylum "
    "routes, civil registries without day and month) is not reproduced."
)
_ROUTE_GAP = (
    "Default dates come from two routes calibrated on the German register (undocumented "
    "asylum and irregular registrations; older cohorts of registries without day and "
    "month); the UK's intake of 2007 had another mix of nationalities and routes, and the "
    "model's share depends on its nationality mix and documents per group."
)
_DOB_GAP = _ROUTE_GAP if ROUTE_BASED else _NOISE_GAP
_GERMAN_SHARES = () if ROUTE_BASED else ("scenario.population.document_share",)

IDENTITY_CASES: tuple[ReferenceCase, ...] = (
    ReferenceCase(
        key="dob.january_first_syria_germany",
        title="Germany 2020: about 123,000 of about 770,000 Syrian nationals born '1 January'",
        role=_GERMAN,
        measures="persons in Germany's Central Register of Foreigners with 1 January as "
        "birth date, Syrian nationals, 31 March 2020, over the Syrian nationals in Germany "
        "(mid-2019)",
        published=Published(
            0.16,
            "share of nationals",
            "Syria about 123,000 of 416,420 people with 1 January as birth date; Syrian "
            "nationals in Germany almost 770,000",
            arithmetic="123,000 / 770,000 = 16 % [E]",
        ),
        sources=_AZR,
        conditions=_AZR_CONDITIONS,
        tolerance=_REGISTER_TOLERANCE,
        simulated="share of Syrian nationals (as recorded) whose most recent stored record "
        "made by Germany carries a 1 January birth date, default world",
        compute=fi.january_first_by_nationality("SYR"),
        world=STEADY.name,
        parameters=(f"{_BIRTH_DATES}.undocumented_default_share",) if ROUTE_BASED else (),
        gap=_DOB_GAP,
        shares_source_with=_GERMAN_SHARES,
    ),
    ReferenceCase(
        key="dob.january_first_turkey_germany",
        title="Germany 2020: 85,000 of about 1.47 million Turkish nationals born '1 January'",
        role=_GERMAN,
        measures="persons in Germany's Central Register of Foreigners with 1 January as "
        "birth date, Turkish nationals, 31 March 2020, over the Turkish nationals in Germany "
        "(mid-2019)",
        published=Published(
            0.058,
            "share of nationals",
            "Turkey 85,000 of 416,420 people with 1 January as birth date; Turkish "
            "nationals in Germany about 1.47 million",
            arithmetic="85,000 / 1.47 M = 5.8 % [E]",
        ),
        sources=_AZR,
        conditions=_AZR_CONDITIONS + "; for Turkish nationals mostly older cohorts from civil "
        "registries that recorded no day and month",
        tolerance=_REGISTER_TOLERANCE,
        simulated="share of Turkish nationals (as recorded) whose most recent stored record "
        "made by Germany carries a 1 January birth date, default world",
        compute=fi.january_first_by_nationality("TUR"),
        world=STEADY.name,
        parameters=(f"{_BIRTH_DATES}.registry_default_share",) if ROUTE_BASED else (),
        gap=_DOB_GAP,
        shares_source_with=_GERMAN_SHARES,
    ),
    ReferenceCase(
        key="dob.january_first_asylum_uk",
        title="UK 2007: one in seven asylum seekers logged with a 1 January birth date",
        role=_UK,
        measures="asylum seekers logged by the UK immigration system in 2007 with 1 January "
        "as birth date, over the asylum seekers logged",
        published=Published(
            1 / 7, "share of asylum applicants", "'one in seven asylum seekers' (UK, 2007)"
        ),
        sources=("telegraph-2009-january-first",),
        conditions="the UK's asylum intake of 2007 (press report of Home Office figures)",
        tolerance=_REGISTER_TOLERANCE,
        simulated="share of asylum applicants whose most recent Eurodac application record "
        "carries a 1 January birth date, default world",
        compute=fi.january_first_asylum_applicants,
        world=STEADY.name,
        parameters=() if ROUTE_BASED else ("scenario.noise.group_rates",),
        gap=_DOB_GAP,
    ),
    ReferenceCase(
        key="dob.january_first_all_records_uk",
        title="UK 2007: one in every 25 entries of the immigration system born '1 January'",
        role=_UK,
        measures="entries of the UK immigration system logged in 2007 with 1 January as "
        "birth date (21,652), over all entries logged",
        published=Published(
            1 / 25,
            "share of records",
            "21,652 people logged with 1 January as birth date in 2007, 'one in every 25 entries'",
        ),
        sources=("telegraph-2009-january-first",),
        conditions="every entry of the UK immigration system of 2007 (visas, asylum, enforcement)",
        tolerance=_REGISTER_TOLERANCE,
        simulated="share of the default world's stored records (every system) with a 1 "
        "January birth date",
        compute=fi.january_first_records,
        world=STEADY.name,
        parameters=() if ROUTE_BASED else ("scenario.noise.rates.default_birth_date",),
        gap=_DOB_GAP,
    ),
    ReferenceCase(
        key="dob.january_first_germany_2025",
        title="Germany 2025: 668,209 people born '1 January', 2.9 times an average day",
        role=Role.VALIDATION,
        measures="everyone registered in Germany (citizens and foreigners) with 1 January "
        "as birth date in 2025, over the average number per calendar day",
        published=Published(
            668_209 / 228_884,
            "1 January over an average day",
            "668,209 people with 1 January against 228,884 per calendar day on average; "
            "476,560 of them foreigners in the Central Register of Foreigners",
            arithmetic="668,209 / 228,884 = 2.9 [E]",
        ),
        sources=("azr-2025-january-first",),
        conditions="the whole population of Germany, citizens included (secondary report)",
        tolerance=_REGISTER_TOLERANCE,
        simulated="none",
        compute=None,
        expressible=False,
        not_expressible_because="the figure is over all residents of Germany, most of them "
        "German citizens, whom the model does not hold; the foreigners' count has no "
        "denominator in the sources read",
    ),
    ReferenceCase(
        key="asylum.syrian_share_2024",
        title="EU 2024: Syrians 16 % of 912,000 first-time asylum applicants",
        role=_CAL if ROUTE_BASED else _VAL,
        measures="first-time asylum applicants of Syrian nationality in the EU in 2024, over "
        "all first-time applicants",
        published=Published(
            0.16,
            "share of first-time applicants",
            "Syrians lodged 148,000 first-time applications, 16 % of 912,000",
        ),
        sources=("eurostat-2025-asylum-2024",),
        conditions="one year (2024), the whole EU; the mix changes fast from year to year",
        tolerance=_REGISTER_TOLERANCE,
        simulated="share of Syrian nationals (as recorded) among the persons whose first "
        "asylum application in the default world falls in its last twelve months",
        compute=fi.asylum_first_time_share("SYR"),
        world=STEADY.name,
        parameters=("scenario.population.nationality_weights",) if ROUTE_BASED else (),
        gap="The asylum group's nationality weights are set on the published flows of 2024, "
        "but a first-time applicant of the world's last year may have entered earlier as an "
        "irregular crosser or a visa holder, whose nationality mixes differ."
        if ROUTE_BASED
        else "The asylum group's nationality weights (scenario.population.nationality_weights) "
        "are an assumption ranked after the German register's 1 January counts, not "
        "calibrated on asylum flows.",
    ),
    ReferenceCase(
        key="visa.refusal_share",
        title="Schengen visas 2024: 14.8 % of applications refused",
        role=Role.CALIBRATION,
        measures="short-stay visa applications refused, 2024, all Schengen consulates, over "
        "applications decided",
        published=Published(0.148, "share of decided applications", "refusal rate 14.8 % in 2024"),
        sources=("dghome-2024-visa-statistics",),
        conditions="one year, all nationalities together (rates differ widely by country)",
        tolerance=Tolerance("a rate drawn per application: 10 %", factor=1.1),
        simulated="share of the default world's decided visa applications that were refused",
        compute=fi.visa_refusal_share,
        world=STEADY.name,
        parameters=("scenario.journeys.vis_refusal_rate",),
        gap="The default applies 14.8 % to every application but those of future overstayers, "
        "which are always issued (they entered on that visa); over all applications the "
        "refused share is then lower by the overstayers' share of applications. Raising the "
        "rate by that share would reproduce the figure.",
    ),
    ReferenceCase(
        key="documents.asylum_without_document",
        title="Germany 2019: 49 % of adult asylum applicants without an identity document",
        role=Role.CALIBRATION,
        measures="adult asylum applicants in Germany who presented no identity document, "
        "2019, over adult asylum applicants",
        published=Published(
            0.49,
            "share of adult applicants",
            "49 % of adult asylum applicants presented no identity document in 2019",
        ),
        sources=("bamf-2020-january-first",),
        conditions="first-time adult applicants in Germany, 2019 (federal government answer "
        "as reported)",
        tolerance=_REGISTER_TOLERANCE,
        simulated="share of the default world's adult asylum applicants without a genuine "
        "identity document of their own",
        compute=fi.asylum_adults_without_document,
        world=STEADY.name,
        parameters=("scenario.population.document_share",),
    ),
    ReferenceCase(
        key="documents.asylum_with_document_2017",
        title="Germany 2017: about 40 % of asylum applicants carry an identity document",
        role=Role.VALIDATION,
        measures="asylum applicants in Germany holding an identity document, BAMF estimate of 2017",
        published=Published(
            0.40, "share of adult applicants", "only about 40 % carry an identity document"
        ),
        sources=("wiwo-2017-bamf-identity-documents",),
        conditions="all applicants of 2016-2017 (a secondary report of a BAMF estimate); "
        "another year than the calibration figure, so an independent check of it",
        tolerance=Tolerance("an estimate of another year: a factor 1.5", factor=1.5),
        simulated="share of the default world's adult asylum applicants holding a genuine "
        "identity document of their own",
        compute=fi.asylum_adults_with_document,
        world=STEADY.name,
        gap="The default share with a document (51 %) comes from the 2019 figure; the "
        "BAMF's 2017 estimate covers the 2015-2016 arrivals, when fewer applicants carried "
        "a document.",
    ),
)
