"""Plain-text rendering of one claim for `evidence show`: context with the claim marked,
then its facts, trail, flags and review history."""

from __future__ import annotations

import textwrap
from typing import Any

from evidence.models import MISQUOTE_FLAGS


def claim_card(d: dict[str, Any], *, color: bool = False) -> str:
    mark_on, mark_off = ("\x1b[7m", "\x1b[0m") if color else ("\u00bb", "\u00ab")
    src = d["source"]
    ctx = d["context"]
    misquoted = any(f["code"] in MISQUOTE_FLAGS for f in d["flags"])
    shown = f"misquoted; class {d['evidence_class']}" if misquoted else d["evidence_class"]
    lines = [f"claim {d['id']}  [{shown}] {d['kind']}"
             + ("  (hedged)" if d["hedged"] else ""),
             f"source {src['id']} v{src['version']} ({src['kind']}): {src['location']}"]
    if src.get("title"):
        lines.append(f"title: {src['title']}")
    lines.append(f"section: {d['section'] or '-'}   subject: {d['subject'] or '-'}   "
                 f"offsets: {d['start']}-{d['end']}")
    body = (ctx["before"] + mark_on + ctx["claim"] + mark_off + ctx["after"]).replace("\n", " ")
    lines += ["", *textwrap.wrap(body, 100, replace_whitespace=False), ""]
    lines.append(f"class: {d['evidence_class']} ({d['class_reason']})")
    if d["attribution"]:
        lines.append(f"credited to: {d['attribution']}")
    if d["agency"]:
        lines.append(f"agency: {d['agency']}")
    for n in d["numbers"]:
        val = n.get("value") if n.get("value") is not None else f"{n.get('low')}-{n.get('high')}"
        lines.append(f"number: {n.get('text')} = {val} {n.get('unit') or ''}"
                     + (f" ({n['role']})" if n.get("role") else ""))
    st = d["study"]
    if st:
        lines.append(f"study {st['id']}: {st['design']}, randomized={st['randomized']}, "
                     f"split-face={st['within_subject']}, blinding={st['blinding']}, "
                     f"n={st['participants']}, arms={st['arms']}, duration={st['duration']}"
                     + (f" — {st['title']}" if st.get("title") else ""))
    for ln in d["links"]:
        target = f"study {ln['to_study']}" if ln["to_study"] else f"note claim {ln['to_claim']}"
        lines.append(f"link -> {target} ({ln['kind']}, confidence {ln['confidence']}): "
                     f"matched {', '.join(ln['matched_on']) or '-'}; "
                     f"mismatches {', '.join(ln['mismatches']) or '-'}")
    for f in d["flags"]:
        other = f" | other side: \u201c{f['other_text']}\u201d" if f.get("other_text") else ""
        lines.append(f"flag {f['code']} [{f['severity']}]: {f['message']}{other}")
    if d["review_history"]:
        for r in d["review_history"]:
            lines.append(f"review {r['at']} {r['editor']}: {r['decision']}"
                         + (f" — {r['note']}" if r["note"] else ""))
        if d["review"] and d["review"].get("reopened"):
            lines.append(f"review out of date: {d['review'].get('out_of_date') or 'the wording changed'}"
                         " since the decision")
    else:
        lines.append("review: none")
    return "\n".join(lines)
