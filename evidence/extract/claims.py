"""From blocks and sentences to claims: which units are checkable, of what kind,
about what, hedged or absolute, and credited to whom.

Everything here is a pure function of strings. A *unit* is a sentence of a
paragraph, the body of a bullet item, or a data cell of a table; each unit
carries the context a reader would use (section heading, bullet lead-in and
label, table headers, the sentence before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evidence.extract import lexicon as lx
from evidence.models import Quantity

VERSION = "evidence.claims.v1"

# Document kinds whose own sentences report a study (every checkable sentence counts)
STUDY_VOICE_KINDS = {"journal_article", "paper_summary", "preprint", "trial_registry"}
PRIMARY_VOICE_KINDS = STUDY_VOICE_KINDS | {"regulatory"}
SKIP_SECTIONS = re.compile(
    r"^(references?|bibliography|acknowledg\w*|funding|conflicts? of interest|"
    r"(declaration of )?competing interests?|author contributions?|figures?|tables?|"
    r"full[- ]text entities|keywords?|abbreviations|supplementary( material)?|full text|"
    r"data availability|ethics( statement)?|related (articles|posts)|share|comments?)\b",
    re.I)
SITE_VOICE_SECTIONS = re.compile(
    r"^(tl;?dr|key (findings|points|takeaways)|contribution|summary|plain[- ]language summary|"
    r"at a glance|why it matters|what this means|highlights?)\b", re.I)

_AUX = r"is|are|was|were|be|been|being|has|have|had|can|could|may|might|will|would|should|" \
       r"must|do|does|did|shall"
_VERBS = r"improve|reduce|promote|stimulate|transfer|suppress|offer|show|find|found|" \
         r"demonstrate|enhance|outperform|represent|affect|provide|help|play|work|say|note|" \
         r"create|combine|require|accelerate|cause|increase|decrease|lead|lower|boost|trigger|" \
         r"deliver|carry|prevent|allow|treat|heal|remain|limit|complete|receive|evaluate|" \
         r"observe|report|indicate|suggest|support|include|compare|allocate|assign|transport|" \
         r"explore|signal|push|make|take|use|serve|resolve|last|cost|need|involve|depend|mean|" \
         r"regenerate|restore|repair|fade|tighten|smooth|stimulates|notice|settle|continue|" \
         r"develop|keep|expect|apply|avoid|clear|respond|lay|lift|rise|return|wash|shorten|" \
         r"decline|drop|amplify|replace|rebuild|claim|see|feel|get|go|give|occur|appear|" \
         r"persist|fall|grow|begin|become|stay|look|vary|differ|exceed|outweigh|contain|" \
         r"block|inhibit|induce|tighten|lighten|brighten|plump|even|soften|sting|bruise|" \
         r"rose|fell|grew|took|saw|went|gave|felt|kept|lost|began|became|led|met|left|got|" \
         r"made|showed|shown|lasts|lasted|recommend|combine|offer|use|apply|follow|enrol|" \
         r"recruit|randomi[sz]e|pool|analy[sz]e|measure|assess|grade|score|rate|rank"
VERB = re.compile(rf"\b({_AUX}|(?:{_VERBS})(?:s|es|d|ed|ing)?|\w{{3,}}ed|\w+n't)\b", re.I)
SUBORDINATE = re.compile(
    r"^\W*(when|while|although|though|as|since|because|after|before|if|unless|beyond|making|"
    r"compared|in|for|to|with|along|despite|given|following|over|among|by|overlooked|"
    r"cited|according|based|once|during|within|unlike|like|at|on|from|together)\b", re.I)
PRONOUN_SUBJECT = re.compile(r"^\W*(they|these|it|this treatment|this therapy|these treatments)\b",
                             re.I)
OUTCOME_SUBJECT = re.compile(
    r"\b(side[- ]effects?|adverse (events?|effects?)|complications?|redness|erythema|swelling|"
    r"bruising|downtime|recovery|results?|improvements?|healing|skin texture|milia|"
    r"(most|many|all|some|few)\s+(patients|clients|people|participants|customers|users)|"
    r"patients|clients)\b", re.I)
META_TEXT = re.compile(r"\b(this|the) (article|post|blog|guide|page|section)\b|"
                       r"\bin this (article|post|blog|guide)\b", re.I)


@dataclass
class Unit:
    """A candidate claim with its context; offsets are into the stored text."""

    start: int
    end: int
    text: str
    block_kind: str
    section: str | None = None
    label: str | None = None  # "Risks" in "Risks: redness"
    lead_in: str | None = None  # sentence ending with ":" above a bullet list
    headers: list[str] = field(default_factory=list)  # table column and row headers
    row_header: str | None = None
    col_header: str | None = None
    previous: str | None = None  # sentence before, in the same block or the block above
    heading_subject: str | None = None


@dataclass
class Decision:
    is_claim: bool
    kind: str = "other"
    reason: str = ""


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def main_clause(text: str) -> str:
    """The sentence without a leading subordinate or prepositional clause (or a bullet label)."""
    m = lx.LABEL.match(text)
    if m:
        text = text[m.end():]
    if SUBORDINATE.match(text):
        for m in re.finditer(r",\s+", text[:200]):
            rest = text[m.end():]
            if re.match(r"(and|or|but|\w+ing)\b", rest, re.I) or not VERB.search(rest):
                continue
            return rest
    return text


def subject_region(text: str) -> str:
    """Words before the first verb of the main clause (at most eight)."""
    clause = main_clause(text)
    clause = re.sub(r"^\W*(please note that|note that|importantly,?|overall,?|however,?|"
                    r"in addition,?|additionally,?|moreover,?|notably,?|we know now that|"
                    r"we know that|research shows that|studies show that)\s+", "", clause,
                    flags=re.I)
    words = clause.split()
    out = []
    for w in words[:8]:
        if VERB.fullmatch(re.sub(r"[^\w'’-]", "", w)) and out:
            break
        out.append(w)
    return " ".join(out)


def score_kinds(text: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    for kind, rx in lx.KIND_CUES:
        hits = rx.findall(text)
        if not hits:
            continue
        n = 0.0
        for h in hits:
            word = (h if isinstance(h, str) else h[0]).lower()
            n += 0.5 if kind == "safety" and word in ("safe", "safely", "tolerated", "serious") \
                else 1.0
        if kind in ("regulatory", "study_design"):
            n += 1.0
        scores[kind] = n
    return scores


_TIE_ORDER = ["regulatory", "study_design", "recovery", "mechanism", "efficacy", "safety",
              "protocol"]
_RECOVERY_TIME = re.compile(
    r"\b((faster|quicker|smoother|shorter|longer|speedy|rapid|prolonged|minimal) (recovery|downtime)|"
    r"recovery (time|period|faster|quicker)|downtime|heal(ing)? (time|quicker|faster)|"
    r"healing (is|was|are)? ?(\w+ )?(quicker|faster|slower)|recover(ed|s)? (within|in \d)|"
    r"resolv(ed|ing|es) (within|after|in)|"
    r"(redness|erythema|bruising|swelling|oedema|edema|crusting|tenderness|flaking)\b.{0,40}"
    r"\b(resolv\w*|settl\w*|last\w*|fad\w*|subsid\w*|clear\w*|shorten\w*|gone)|"
    r"(shorten\w*|lengthen\w*)\b.{0,40}\b(erythema|redness|downtime|recovery)|"
    r"return(ed|s)? to (work|normal|daily)|back (at|to) work)\b", re.I)

LABEL_KINDS = [
    (re.compile(r"^(risks?|side effects?|adverse|safety|complications|contraindications)", re.I),
     "safety"),
    (re.compile(r"^(downtime|recovery|healing)", re.I), "recovery"),
    (re.compile(r"^(results?|outcomes?|efficacy|benefits?|response|improvement)", re.I),
     "efficacy"),
    (re.compile(r"^(protocol|sessions?|dos(age|ing)|aftercare|post-care|duration)", re.I),
     "protocol"),
    (re.compile(r"^(regulatory|approval|legal)", re.I), "regulatory"),
]


def classify_kind(text: str, *, label: str | None = None, headers: list[str] | None = None) -> str:
    """The claim kind: a telling label or header first, then the strongest cue in the text."""
    for h in ([label] if label else []) + list(headers or []):
        for rx, kind in LABEL_KINDS:
            if h and rx.match(h.strip()):
                return kind
    first = re.split(r",\s+(?:and|but|while)\s+|;\s+", text, maxsplit=1)[0]
    for candidate in (first, text):
        scores = score_kinds(candidate)
        if _RECOVERY_TIME.search(candidate):
            scores["recovery"] = scores.get("recovery", 0.0) + 1.0
        else:
            scores.pop("recovery", None)
        if scores:
            best = max(scores.values())
            for kind in _TIE_ORDER:
                if scores.get(kind) == best:
                    return kind
    return "other"


def decide(unit: Unit, doc_kind: str, quantities: list[Quantity] | None = None) -> Decision:
    """Is this unit a checkable claim, and of what kind?

    `quantities` are the unit's numbers when the caller has them already (the
    pipeline does); otherwise they are found here."""
    t = unit.text.strip()
    if not t:
        return Decision(False, reason="empty")
    if unit.section and SKIP_SECTIONS.match(unit.section):
        return Decision(False, reason=f"section '{unit.section}' holds no claims")
    if t.rstrip("”\"’') ").endswith("?"):
        return Decision(False, reason="question")
    if lx.BOILERPLATE.match(t) or lx.SIGN_OFF.match(t):
        return Decision(False, reason="boilerplate")
    if lx.CALL_TO_ACTION.match(t.lstrip("*_ ")) or lx.READER_ADDRESS.match(t.lstrip("*_ ")):
        return Decision(False, reason="call to action or address to the reader")
    if lx.FRAGMENT_START.match(t.lstrip("*_ ")):
        return Decision(False, reason="sentence fragment")
    if META_TEXT.search(t):
        return Decision(False, reason="describes the page itself")
    if quantities is None:
        from evidence.extract.numbers import find_quantities

        quantities = find_quantities(t)
    quantities = [q for q in quantities if q.unit or q.role]
    if t.endswith(":") and not quantities and not lx.STUDY_DESCRIPTOR.search(t):
        return Decision(False, reason="lead-in to a list")
    if unit.block_kind == "table_cell":
        if any(re.search(r"\b(price|cost|fee|fees|from)\b", h, re.I) for h in unit.headers) \
                or re.fullmatch(r"[$£€¥]\s?[\d,.]+\+?", t):
            return Decision(False, reason="a price")
        kind = classify_kind(t, headers=unit.headers)
        if quantities or re.search(r"\d", t) \
                or kind in ("efficacy", "safety", "recovery", "regulatory") or lx.ABSOLUTE.search(t):
            if kind == "other":
                kind = "efficacy"
            return Decision(True, kind, "table cell with a value or an outcome")
        return Decision(False, reason="descriptive table cell")
    if _words(t) < 3:
        return Decision(False, reason="too short")
    label_claim = bool(unit.label and lx.CLAIM_LABELS.match(unit.label))
    full_sentence = unit.block_kind == "paragraph" and t.rstrip("”\"’') ")[-1:] in ".!"
    if not VERB.search(t) and not label_claim and not quantities and not full_sentence \
            and doc_kind != "trial_registry":
        return Decision(False, reason="no verb: a label or a list of terms")
    kind = classify_kind(t, label=unit.label if label_claim else None)
    who, who_kind = attribution_of(t, unit.previous)
    if kind == "other":
        if who_kind == "expert" and lx.QUOTE_RX.search(t):
            return Decision(True, "other", "a quoted expert")
        if doc_kind in STUDY_VOICE_KINDS and quantities:
            kind = "study_design" if any(q.unit == "participants" for q in quantities) \
                else "efficacy"
        else:
            return Decision(False, reason="nothing checkable")
    if doc_kind in PRIMARY_VOICE_KINDS:
        return Decision(True, kind, f"{doc_kind} statement")
    if quantities:
        return Decision(True, kind, "states a figure")
    if who or lx.STUDY_DESCRIPTOR.search(t):
        return Decision(True, kind, "credits a source")
    if kind == "regulatory":
        return Decision(True, kind, "regulatory statement")
    if label_claim:
        return Decision(True, kind, f"labelled '{unit.label}'")
    if lx.ABSOLUTE.search(t):
        return Decision(True, kind, "absolute or promotional wording")
    region = subject_region(t)
    if lx.treatments(region) or OUTCOME_SUBJECT.search(region):
        return Decision(True, kind, "asserts something of a treatment or an outcome")
    if PRONOUN_SUBJECT.match(main_clause(t)) and resolve_subject(unit) \
            and classify_kind(main_clause(t)) != "other":
        return Decision(True, kind, "asserts something of a treatment named just before")
    return Decision(False, reason="no treatment, figure or source to check")


def resolve_subject(unit: Unit) -> str | None:
    """What the unit is about when its text does not say: table headers, a bullet's lead-in
    or heading, or the treatment named in the sentence before a "They ..."."""
    if unit.block_kind == "table_cell":
        parts = [p for p in (unit.row_header, unit.col_header) if p]
        return " · ".join(parts) or None
    if unit.block_kind == "bullet":
        for ctx in (unit.lead_in, unit.heading_subject):
            if ctx:
                terms = lx.treatments(ctx)
                if terms:
                    return terms[0].group(1)
        if unit.lead_in:
            return None
        return unit.heading_subject
    if PRONOUN_SUBJECT.match(main_clause(unit.text)):
        for ctx in (unit.previous, unit.lead_in):
            if ctx:
                terms = lx.treatments(subject_region(ctx)) or lx.treatments(ctx)
                if terms:
                    return terms[0].group(1)
    return None


def hedges_in(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in lx.HEDGES.finditer(text)})


def absolute_in(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in lx.ABSOLUTE.finditer(text)})


def is_negated(text: str) -> bool:
    return bool(lx.NEGATION.search(main_clause(text)))


def attribution_of(text: str, previous: str | None = None) -> tuple[str | None, str | None]:
    """(who, what kind of source) the sentence credits: `expert`, `publication`, `study`."""
    speaker = lx.SPEAKER.search(text) or lx.SPEAKER_AFTER.search(text)
    pub = None
    for _kind, rx in lx.ATTRIBUTION_PATTERNS:
        m = rx.search(text)
        if m:
            pub = _clean_who(m.group("who"))
            break
    if speaker:
        who = _clean_who(speaker.group("who"))
        if pub:
            org = re.sub(r"^(?:an?|the)?\s*(?:\w+\s)?(?:article|study|report|paper)\s+(?:by|in|from)\s+",
                         "", pub, flags=re.I)
            who = f"{who} ({org})"
        return who, "expert"
    if pub:
        return pub, "publication"
    m = lx.TESTIMONIAL.search(text)
    if m and lx.QUOTE_RX.search(text):
        return m.group("who"), "testimonial"
    if previous and re.match(r"^\W*(this|it|they|the (article|study|paper|report))\s+"
                             r"(notes?|states?|says?|adds?|reports?|concludes?|found)\b",
                             text, re.I):
        return attribution_of(previous)
    m = lx.STUDY_DESCRIPTOR.search(text)
    if m:
        return _clean_who(m.group(0)), "study"
    return None, None


def _clean_who(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,.")
    return re.sub(r"^(?:an?|the)\s+", "", s, flags=re.I)


_STATUS = [
    (re.compile(r"\bnot (\w+-)?(approved|cleared|authori[sz]ed|licen[cs]ed)|\bunapproved|"
                r"\bnot recogni[sz]ed", re.I), "not_approved"),
    (re.compile(r"\boff-label\b", re.I), "off_label"),
    (re.compile(r"\b(only|solely) (through|for|by|as)|\ballowed to be\b.*\bonly\b|"
                r"\bpermitted (only|for)|\bmust be performed by", re.I), "permitted_use_only"),
    (re.compile(r"\bcleared\b", re.I), "cleared"),
    (re.compile(r"\bapproved\b", re.I), "approved"),
    (re.compile(r"\b(banned|prohibited|recall(ed)?)\b", re.I), "prohibited"),
]


def regulatory_status(text: str) -> str | None:
    for rx, status in _STATUS:
        if rx.search(text):
            return status
    return None
