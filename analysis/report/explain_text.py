"""An explanation as readable plain text (``interopsim explain --format text``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.report.explain import CHANNEL_REVEALS, Explanation

__all__ = ["explanation_text"]


def _fmt_score(x: Any) -> str:
    return "–" if x is None else f"{x:.3g}"


def _record_line(r: Mapping[str, Any]) -> str:
    name = f"{r.get('surname') or '?'}, {r.get('given_names') or '?'}"
    born = r.get("birth_date") or (r.get("birth_year") and f"{r['birth_year']} (year only)") or "?"
    doc = f"doc {r.get('document_number')} ({r.get('document_country')})"
    if not r.get("document_number"):
        doc = "no document"
    stored = "stored" if r.get("stored") else f"deleted {r.get('deleted_on')}"
    noise = r.get("noise_applied") or "none"
    alias = "  [ALIAS identity]" if (r.get("identity_no") or 0) > 0 else ""
    return (
        f"  {r['record_id']:<18} {r['system']:<8} registered {r.get('registered_on')} in "
        f"{r.get('member_state')}, {stored}\n"
        f"      as recorded: {name}; born {born}; {r.get('sex') or '?'}; "
        f"{r.get('nationality') or '?'}; {doc}{alias}\n"
        f"      noise applied by the generator: {noise}"
    )


def _subject_lines(expl: Explanation, data: Mapping[str, Any]) -> list[str]:
    """Who or what is explained, the truth about the person and their records."""
    what = "Person" if expl.kind == "person" else "Record"
    lines = [f"{what} {expl.subject} of world {expl.world} (synthetic, simulated)"]
    p = data["person"]
    if p:
        lines.append(
            f"  truth: {p.get('given_names_latin')} {p.get('surname_latin')}"
            f" ({p.get('given_names_native')} {p.get('surname_native')}), {p.get('sex')}, "
            f"born {p.get('birth_date')}, {p.get('nationality')}, {p.get('region')}, "
            f"group {p.get('population_group')}"
        )
    if expl.kind == "record" and data.get("record"):
        lines += ["", "The record:", _record_line(data["record"])]
        lines += ["", f"All records of its person ({len(data['records'])}):"]
    else:
        lines += ["", f"Records ({len(data['records'])}):"]
    return lines + ([_record_line(r) for r in data["records"]] or ["  none"])


def _link_lines(data: Mapping[str, Any]) -> list[str]:
    """The MID links and the missed pairs."""
    lines = ["", f"MID links ({len(data['links'])}):"]
    for lk in data["links"]:
        whose = "same person" if lk["same_person"] else f"person {lk['other_person_id']}"
        lines.append(
            f"  {lk['record_id']} -- {lk['colour'].upper()} ({lk['basis']}; biometric "
            f"{_fmt_score(lk['biometric_score'])}, identity {_fmt_score(lk['identity_score'])} "
            f"'{lk['identity_class']}', document match {lk['document_match']}) -- "
            f"{lk['other_record_id']} [{whose}] => {lk['verdict']}"
        )
    if not data["links"]:
        lines.append("  none")
    if data["missed_pairs"]:
        lines += ["", "Missed: records of the same person in two systems with no link:"]
        lines += [f"  {m['record_id_a']} / {m['record_id_b']}" for m in data["missed_pairs"]]
    return lines


def _reached_lines(entry: Mapping[str, Any]) -> list[str]:
    """One authority's reach of a person's (and others') records."""
    lines = [f"    {entry['authority_name']} ({entry['purpose']}):"]
    for r in entry["records_reached"]:
        flags = []
        if r["other_purpose"]:
            flags.append(f"collected for {r['collected_for']}")
        if r["other_person"]:
            flags.append(f"ANOTHER PERSON's record (person {r['person_id']})")
        extra = f"  <- {'; '.join(flags)}" if flags else ""
        lines.append(f"      {r['record_id']:<18} {r['channel']:<8} via {r['how']}{extra}")
    return lines


def _visibility_lines(expl: Explanation, data: Mapping[str, Any]) -> list[str]:
    """What each authority could see, per regime."""
    lines = ["", "What each authority could see:"]
    for regime, entries in data["visibility"].items():
        lines.append(f"  {regime}:")
        for e in entries:
            if expl.kind == "person":
                if e["records_reached"]:
                    lines += _reached_lines(e)
            elif e["channel"] is not None:
                flag = f"  <- collected for {e['collected_for']}" if e["other_purpose"] else ""
                lines.append(f"    {e['authority_name']} ({e['purpose']}): {e['channel']}{flag}")
                lines += [f"      {h}" for h in e["how"]]
    return lines


def explanation_text(expl: Explanation) -> str:
    """A readable plain-text rendering of an explanation (for ``--format text``)."""
    data: dict[str, Any] = expl.to_json()
    lines = _subject_lines(expl, data) + _link_lines(data) + _visibility_lines(expl, data)
    lines += ["", "Channels:"]
    lines += [f"  {k:<8} {v}" for k, v in CHANNEL_REVEALS.items()]
    lines += ["", *data["notes"]]
    return "\n".join(lines)
