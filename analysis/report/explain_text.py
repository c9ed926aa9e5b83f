"""An explanation told as a story (``interopsim explain``'s text format).

For one synthetic person (or record): who they are, what happened to them, their records
as the systems hold them, then each MID link with the two records side by side, the
scores with their units and thresholds, the rule and article behind the colour, the
manual verification and its conclusion, and what the truth says; last, once, which
authorities reach their data in the siloed and the interoperable regime.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from analysis.report.explain import CHANNEL_REVEALS, ExplainedLink, Explanation
from analysis.report.fields import FieldComparison
from linkage.mid.authorities import VERIFYING_AUTHORITIES
from linkage.mid.rules import RULE_BY_KEY
from schemas.bibliography import bibliography

__all__ = ["explanation_text"]

Row = Mapping[str, Any]

_CONCLUSIONS = {
    "same_justified": "the same person; the differences are explained",
    "same_unjustified": "the same person using several identities",
    "different_justified": "two different people",
    "different_unjustified": "two people, one using the other's identity or document",
}
_COLOUR_MEANING = {
    "white": "shown as one person",
    "yellow": "waiting for a manual check",
    "green": "verified as two different people",
    "red": "verified as one person under several identities (suspected fraud)",
}
_AUTHORITIES = {a.key: a.name for a in VERIFYING_AUTHORITIES}
_SIDE_BY_SIDE = (
    ("surname", "surname"),
    ("given names", "given_names"),
    ("birth date", "birth_date"),
    ("sex", "sex"),
    ("nationality", "nationality"),
    ("place of birth", "place_of_birth"),
    ("document", "document_number"),
)
_CITE = re.compile(r"\[@([^\]]+)\]")


def _plain_citations(text: str) -> str:
    """``[@eu-2019-817]`` as ``Regulation (EU) 2019/817`` (the entry's short title)."""

    def short(m: re.Match[str]) -> str:
        names = []
        for key in re.findall(r"@?([A-Za-z0-9][\w.:/-]*)", m.group(1)):
            entry = bibliography().get(key)
            names.append(entry.citation.split(" of the ")[0].split(". ")[0] if entry else key)
        return "; ".join(names)

    return _CITE.sub(short, text)


def _fold(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value))
    return "".join(c for c in text if c.isalnum()).upper()


def _cell(row: Row | None, key: str) -> str:
    if row is None:
        return "?"
    value = row.get(key)
    if key == "document_number" and value:
        country = row.get("document_country")
        return f"{value} ({country})" if country else str(value)
    if key == "birth_date" and not value and row.get("birth_year"):
        return f"{row['birth_year']} (year only)"
    return "–" if value in (None, "") else str(value)


def _mark(a: Row | None, b: Row | None, key: str) -> str:
    va, vb = (None if r is None else r.get(key) for r in (a, b))
    if va in (None, "") or vb in (None, ""):
        return "missing"
    return "same" if _fold(va) == _fold(vb) else "differs"


def _person_line(p: Row | None) -> str:
    if not p:
        return "unknown"
    native = f" ({p.get('given_names_native')} {p.get('surname_native')})"
    if not p.get("surname_native"):
        native = ""
    return (
        f"{p.get('given_names_latin')} {p.get('surname_latin')}{native}, {p.get('sex')}, born "
        f"{p.get('birth_date')}, {p.get('nationality')}, "
        f"{str(p.get('region') or '').replace('_', ' ')}, "
        f"{str(p.get('population_group') or '').replace('_', ' ')}"
    )


def _header(expl: Explanation, data: Row) -> list[str]:
    what = "Person" if expl.kind == "person" else "Record"
    lines = [f"{what} {expl.subject} — simulated world {expl.world}; every person is synthetic."]
    lines.append(f"  Who they truly are: {_person_line(data['person'])}")
    return lines


def _what_happened(expl: Explanation) -> list[str]:
    wrong = [lk for lk in expl.links if lk.same_person is False and lk.colour != "green"]
    lines = ["", "What happened"]
    if not expl.links:
        lines.append("  No MID link touches these records.")
    elif wrong:
        others = sorted({lk.other_person_id for lk in wrong if lk.other_person_id is not None})
        colours = sorted({lk.colour for lk in wrong})
        whom = (
            f"another person ({others[0]})"
            if len(others) == 1
            else f"{len(others)} other people ({', '.join(map(str, others))})"
        )
        links, verb = (
            ("A wrong link", "joins") if len(wrong) == 1 else (f"{len(wrong)} wrong links", "join")
        )
        lines.append(
            f"  {links} ({', '.join(colours)}) {verb} these records to {whom}; "
            "each is explained below."
        )
    else:
        lines.append(f"  {len(expl.links)} link(s), none joining them to another person.")
    if expl.missed_pairs:
        lines.append(f"  {len(expl.missed_pairs)} pair(s) of their own records are not linked.")
    return lines


def _record_lines(records: Sequence[Row]) -> list[str]:
    lines = []
    for r in records:
        stored = "stored" if r.get("stored") else f"deleted {r.get('deleted_on')}"
        alias = "  [an ALIAS identity]" if (r.get("identity_no") or 0) > 0 else ""
        lines.append(
            f"  {r['record_id']:<18} {r['system']:<8} registered {r.get('registered_on')} in "
            f"{r.get('member_state')}, {stored}{alias}"
        )
        lines.append(
            f"      recorded as {_cell(r, 'surname')}, {_cell(r, 'given_names')} · born "
            f"{_cell(r, 'birth_date')} · {_cell(r, 'sex')} · {_cell(r, 'nationality')} · "
            f"document {_cell(r, 'document_number')}"
        )
        noise = r.get("noise_applied") or "none"
        lines.append(f"      recording errors made by the generator: {noise}")
    return lines or ["  none"]


def _side_by_side(
    lk: ExplainedLink, mine: Row | None, other: Row | None, owner: Row | None
) -> list[str]:
    left = f"{lk.record_id} (this person)"
    whose = "same person" if lk.same_person else f"another: {lk.other_person_id}"
    right = f"{lk.other_record_id} ({whose})"
    lines = [f"    {'':<18}{left:<38}{right:<38}  field"]
    for label, key in _SIDE_BY_SIDE:
        lines.append(
            f"    {label:<18}{_cell(mine, key):<38}{_cell(other, key):<38}  "
            f"{_mark(mine, other, key)}"
        )
    registered = [f"{_cell(r, 'registered_on')} {_cell(r, 'member_state')}" for r in (mine, other)]
    lines.append(f"    {'registered':<18}{registered[0]:<38}{registered[1]}")
    noise = [str((r or {}).get("noise_applied") or "none") for r in (mine, other)]
    lines.append(f"    {'recording errors':<18}{noise[0][:32]:<38}{noise[1]}")
    if not lk.same_person and owner:
        lines.append(
            f"    {'truly':<18}{'':<38}{owner.get('given_names_latin')} "
            f"{owner.get('surname_latin')}, born {owner.get('birth_date')}"
        )
    return lines


def _threshold(params: Mapping[str, Any]) -> float | None:
    bio = params.get("biometric")
    fmr = bio.get("fmr") if isinstance(bio, Mapping) else None
    return -math.log10(fmr) if isinstance(fmr, int | float) and fmr > 0 else None


def _score_lines(
    lk: ExplainedLink, params: Mapping[str, Any], fields: Sequence[FieldComparison]
) -> list[str]:
    lines = ["    Scores"]
    if lk.biometric_score is not None:
        threshold = _threshold(params)
        state = {"same": "a biometric match", "different": "no biometric match"}.get(
            lk.biometric_state or "", "compared"
        )
        cut = f"; match threshold {threshold:.1f}" if threshold is not None else ""
        lines.append(f"      biometric  {lk.biometric_score:.1f}{cut} → {state}")
        lines.append(
            "                 (a score s: two different people's templates score this high "
            "with probability 10^-s)"
        )
    else:
        lines.append("      biometric  not compared (a record without usable biometric data)")
    lines += _field_lines(fields)
    lines += _identity_lines(lk)
    doc = "the same document number" if lk.document_match else "no shared document number"
    lines.append(f"      document   {doc}")
    return lines


def _field_lines(fields: Sequence[FieldComparison]) -> list[str]:
    """The identity comparison, field by field: the level and the MID category of each."""
    if not fields:
        return []
    lines = ["      identity fields, as the identity search compares them:"]
    for f in fields:
        category = f"→ {f.category}" if f.category else "(no MID rule: weighs in the score only)"
        lines.append(f"        {f.field.replace('_', ' '):<16}{f.level:<26}{category}")
    return lines


def _identity_lines(lk: ExplainedLink) -> list[str]:
    if lk.identity_score is None:
        return [f"      identity   class '{lk.identity_class or '?'}' (no match probability)"]
    p = lk.identity_score
    if 0 < p < 1:
        weight = f"{math.log2(p / (1 - p)):+.1f} bits"
    else:
        weight = "+∞ bits" if p >= 1 else "−∞ bits"
    return [
        f"      identity   class '{lk.identity_class}' (the worst field decides); match "
        f"probability {p:.3g}, match weight {weight}",
        "                 (the log2 odds, summed over the fields, that both are one person)",
    ]


def _rule_text(key: str | None) -> str:
    rule = RULE_BY_KEY.get(key or "")
    if rule is None:
        return key or "unknown rule"
    where = rule.article if rule.article != "none" else "no article"
    foreseen = "" if rule.foreseen else " — a case the articles do not foresee (an assumption)"
    return f"{where}: {rule.text}{foreseen} [{_plain_citations(rule.source)}]"


def _colour_lines(lk: ExplainedLink) -> list[str]:
    lines = ["    Colour"]
    created = RULE_BY_KEY.get(lk.created_rule or "")
    if created is not None and lk.created_rule != lk.rule:
        lines.append(
            f"      created {created.colour.upper()} on {lk.created_on} under "
            f"{_rule_text(lk.created_rule)}"
        )
    if lk.verified:
        who = _AUTHORITIES.get(lk.verifying_authority or "", lk.verifying_authority or "?")
        said = _CONCLUSIONS.get(lk.conclusion or "", lk.conclusion or "?")
        lines.append(f"      verified by hand on {lk.verified_on} by: {who}")
        lines.append(f"        conclusion: {said}")
    lines.append(
        f"      → {lk.colour.upper()} ({_COLOUR_MEANING.get(lk.colour, '')}) under "
        f"{_rule_text(lk.rule)}"
    )
    return lines


def _truth_line(lk: ExplainedLink) -> str:
    if lk.same_person is None:
        return "    Truth: unknown"
    who = "the same person" if lk.same_person else "two different people"
    verdict = "right" if lk.colour_correct else "WRONG"
    if lk.colour == "yellow":
        verdict = "not decided yet"
    blame = ""
    if lk.verified and lk.colour_correct is False:
        blame = " — the manual verification concluded wrongly"
    elif lk.colour_correct is False:
        blame = " — the automatic rules decided wrongly"
    return f"    Truth: {who}; the colour is {verdict}{blame}."


def _link_lines(expl: Explanation) -> list[str]:
    rows = {str(r["record_id"]): r for r in (*expl.records, *expl.others)}
    owners = {int(str(p["person_id"])): p for p in expl.other_people}
    lines = ["", f"MID links ({len(expl.links)})"]
    for lk in expl.links:
        owner = owners.get(lk.other_person_id) if lk.other_person_id is not None else None
        lines += [
            "",
            f"  Link {lk.link_id}: {lk.colour.upper()} between {lk.system} and "
            f"{lk.other_system} (found by: {str(lk.basis).replace('+', ', ')})",
        ]
        lines += _side_by_side(lk, rows.get(lk.record_id), rows.get(lk.other_record_id), owner)
        lines += _score_lines(lk, expl.link_parameters, expl.fields.get(lk.link_id, ()))
        lines += _colour_lines(lk)
        lines.append(_truth_line(lk))
    if expl.missed_pairs:
        lines += ["", "Missed: records of this person in two systems that no link joins"]
        lines += [f"  {m.record_id_a} / {m.record_id_b} ({m.systems})" for m in expl.missed_pairs]
    return lines


def _reach_cell(entry: Mapping[str, Any]) -> str:
    own = [r for r in entry["records_reached"] if not r["other_person"]]
    other = [r for r in entry["records_reached"] if r["other_person"]]
    if not own and not other:
        return "nothing"
    parts = []
    if own:
        flags = all(r["channel"] == "hit_flag" for r in own)
        parts.append(f"{len(own)} own" + (" (flag)" if flags else ""))
    if other:
        people = sorted({r["person_id"] for r in other})
        kind = "flag" if all(r["channel"] == "hit_flag" for r in other) else "data"
        parts.append(f"{len(other)} of person {', '.join(map(str, people))} ({kind})")
    return " + ".join(parts)


def _authority(entry: Mapping[str, Any]) -> str:
    name = re.sub(r"\s*\(.*?\)", "", str(entry["authority_name"]))
    return f"{name} ({entry['purpose'].replace('_', ' ')})"


def _person_reach(data: Row) -> list[str]:
    siloed = {(e["authority"], e["purpose"]): e for e in data["visibility"].get("siloed", [])}
    inter = data["visibility"].get("interoperable", [])
    rows = [("authority (purpose)", "siloed", "interoperable")]
    for e in inter:
        before = siloed.get((e["authority"], e["purpose"]))
        rows.append((_authority(e), _reach_cell(before) if before else "nothing", _reach_cell(e)))
    width = max(len(r[0]) for r in rows) + 2
    return [f"  {n:<{width}}{a:<16}{b}" for n, a, b in rows]


def _reach_lines(expl: Explanation, data: Row) -> list[str]:
    lines = ["", "Who can reach these records (records reached by looking the person up)"]
    if expl.kind == "person":
        lines += _person_reach(data)
        creep = [
            e for e in data["visibility"].get("interoperable", []) if e["other_persons_records"]
        ]
        if creep:
            lines.append(
                f"  Through the wrong links, {len(creep)} authorities reach records of other "
                "people when they look this person up."
            )
    else:
        regimes = data["visibility"]
        siloed = {(e["authority"], e["purpose"]): e for e in regimes.get("siloed", [])}
        rows = [("authority (purpose)", "siloed", "interoperable")]
        for e in regimes.get("interoperable", []):
            before = siloed.get((e["authority"], e["purpose"]))
            a = (before or {}).get("channel") or "no access"
            rows.append((_authority(e), a, e.get("channel") or "no access"))
        width = max(len(r[0]) for r in rows) + 2
        lines += [f"  {n:<{width}}{a:<12}{b}" for n, a, b in rows]
    lines += ["", "Channels: " + "; ".join(f"{k}: {v}" for k, v in CHANNEL_REVEALS.items())]
    return lines


def explanation_text(expl: Explanation) -> str:
    """The story of an explanation as plain text (see the module docstring)."""
    data: dict[str, Any] = expl.to_json()
    lines = _header(expl, data) + _what_happened(expl)
    if expl.kind == "record" and data.get("record"):
        lines += ["", "The record", *_record_lines([data["record"]])]
    lines += ["", f"Their records ({len(expl.records)})", *_record_lines(data["records"])]
    lines += _link_lines(expl) + _reach_lines(expl, data)
    lines += ["", *(_plain_citations(n) for n in data["notes"])]
    return "\n".join(lines)
