"""From blocks and sentences to claims: which units are checkable, of what kind,
about what, hedged or absolute, and credited to whom.

Everything here is a pure function of strings. A *unit* is a sentence of a
paragraph, the body of a bullet item, or a data cell of a table; each unit
carries the context a reader would use (section heading, bullet lead-in and
label, table headers, the sentence before).

Most units are ordinary prose, so the cheap tests come first and every
vocabulary pattern is a `Cue` that skips texts without its words. A unit's
text is read once into a `Probe`, and `decide` hands what it has read to the
caller in its `Decision`, so a claim's details do not read the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from evidence.extract import lexicon as lx
from evidence.models import Quantity
from evidence.parse.scan import Cue, Probe, probe_of

VERSION = "evidence.claims.v71"  # v71: what a page says of its treatment by its common noun ("This treatment is effective", "The procedure is painless") is a claim; v70: "regulate" as the body's word ("regulate glucose", "blood sugar regulation", "down-regulated", "a master regulator") is no regulatory cue; a publication's licence and editorial notes (open access, Creative Commons, "Editor who approved publication") are back matter; v69: what a page telling of a study says under a heading or lead-in of the study's parts ("Who was studied?", "Study Results:", "What the Research Found") is the study's; v68: a study card's field counting its people ("Participants: 31 men and women over 50", "Who was studied: 8 healthy men") is a claim without a sentence's stop; v67: food safety and fertility regulators (HFEA, New Zealand Food Safety, the Centre for Food Safety, FSANZ, EFSA, the Food Standards Agency) are named; v66: a finding told as found, its finders unnamed ("It was found that ...", "And they discovered that ..."), told of no study described just before, credits research; v65: a study's first author named with degrees and place, as news agencies write it ("Jane Roe, Ph.D., from the University of X, and colleagues examined ..."), credits their study; v64: numbers v38; researchers who did or ran something credit their study; v63: numbers v37; v62: how much likelier an outcome was in one group, told in the past ("were more than twice as likely to develop ...") is a finding, of safety when what was likelier is falling ill; v61: a study's researchers named with where they work ("Researchers at the University of X, ...") or by what they have done ("have shown", "have studied"), and more of what they do (worked with, used, got, treated, divided), credit their study; numbers v36; v60: the evidence graded "significant", "sufficient", "reliable", "conclusive", and the studies there are or are not ("no independent studies have been published", "has been studied in over a dozen trials"), state what the evidence is; v59: a list item giving a share ("Fuller brows (41%)", "25% longer (2% with the vehicle)") is a claim, though it has no verb; v58: a sentence introducing one review ("One 2021 review compared ..."), or a study a journal published ("In 2022, the Journal of X published a review of ..."), describes a study; v57: numbers v35 (hyphenated hundreds and thousands); v56: numbers v34 (middle-dot decimals of a figure no reader placed); v55: a bare result told as what happened in the sentence or two after a described study ("The bee treatment was more effective ...") goes on telling of it; v54: "This study examined whether ..." states an aim, as "we examined whether" does; v53: an abstract's labels in capitals mark the sentence they open only, as before v51 (what follows in their paragraph keeps its own reading); v52: how common a condition is among people at large ("Tinnitus affects 10-15% of the population") is background: no study's finding, and a named speaker's word; two figures set against each other ("34.9% ... (vs 21.7% ...)") may stand up to 80 characters apart; v51: an abstract's labels in capitals ("RESULTS:") open its parts as labels in title case do; its sponsor line and what it goes on to discuss are no claims; v50: "more likely", "less likely", "as likely" compare how often and hedge nothing; v49: a claim under a label of an article's part before its results (background, aims, methods) is marked as such (`background`); v48: a news item's regulator speaking again by pronoun or common noun ("It said", "The agency notified") tells a regulatory note; v47: a grave harm told (deaths, hospital stays, organs damaged) where no kind cue speaks is a claim of safety; v46: numbers v32; v45: an effect denied ("proved ineffective", "had no effect") is efficacy; v44: numbers v31 (counts echoed in brackets); v43: numbers v30; "supports" is a remedy's effect only as a verb with what it supports (PubMed's "Research Support, Non-U.S. Gov't" line is no claim); v42: numbers v29 (dates and statute sections told); a person named as the one saying it, with no title ("Jankovic added", "said Dr Ried", "Lead author Rob Schuster says"), is an expert source, unless what they tell is the study's own finding ("61 percent improved, Glaser said", "Our findings ..."), which stays a claim of the study; a sentence telling a study's comparison arm ("no change in the placebo group", "The trial had no sham group") is a claim; an article's sentence telling what was found or concluded under a heading not its own (a site's "Close", "Rights and Permissions") or under "Meaning" is its finding; reported speech ("X added that", "according to") is read for its speaker; what a remedy is said to do ("supports", "restores", "strengthens", "lowers") is efficacy; a sentence whose subject is a study's findings ("These findings suggest") is a claim; v41: numbers v28 (randomized groups are groups); v40: a study's authors ("the authors recruited") and more of what researchers do (counted, identified, published, surveyed, ...) credit their study; v39: studies as the subject however described ("Early studies show", "Clinical trials involving women ... have found"), "The research indicated", and a sentence set inside the studies it tells of ("In trials run in Norway, ...", "During a small trial, ...") credit those studies; v38: numbers v27 (the years a sentence tells); v37: a sentence opening on where or when it starts ("From 598 participants, investigators randomized ...") is no fragment; v36: a page's subject is also the words it keeps coming back to, so a sentence said of them is said of the page's subject; v35: what the evidence behind something is, asserted or denied ("no compelling evidence", "scientifically backed"), is a claim on a page that retells or sells; v34: the CDC is an agency whose notices pages retell; v33: numbers v26 (hyphenated head counts); v32: a figure a news item gives just after the study it reports, credited to no one else, is that study's; v31: a result set against a comparison group ("not significantly better than placebo") is a finding whatever the treatment is called; v30: numbers v25 (counts of harms and of products tested or recalled); v29: "the first study of its kind", "the latest trial" describe a study; v28: a mean told without a unit ("20.4 ± 5.0") stays a figure of its claim; v27: a social bar's "Share This" heading is no back matter that hides what follows; v26: a sentence whose subject is a study credits it, whatever the study did ("This study was conducted on", "Fourteen trials (3667 patients) showed"); v25: studies in general credited with a view ("Numerous studies indicate", "Animal studies have shown") make a claim; a result told in the passive ("It was found that"), by its test ("significantly better") or as "this improvement" goes on telling of a described study; v24: a finding credited to the work it was shown in ("shown in published studies", "as shown in a randomized trial"), and "The review also failed to ..." credits the study just told of; v23: "One of the ... studies" opens a sentence, not a fragment; v22: two figures set against each other ("84.9% vs 75.4%") are a claim in a bullet or line too; v21: words a line break hyphenated are read whole (reading view v1); v20: medicines regulators of more countries (MHLW, PMDA, ANVISA, CDSCO, MFDS, NMPA, Swissmedic); a health savings account is no HSA; v19: a described study's people counted ("severe in 4 women", "84% of patients") go on telling of it; v18: a reference printed with its DOI or PMID is a stub read from its line; v17: the regulator named first; Singapore's HSA; v16: a change measured ("fell by 28%", "found a similar 20% reduction") goes on telling of a described study; v15: "But the agency has ..." goes on telling what the regulator just named does; v14: a news item opening on a regulator's action tells the reports and cases that regulator counted; v13: a result told with its p-value is a claim on any page; v12: a described study's people by pronoun ("They were monitored", "Those who drank"), its sample and follow-up go on telling of it; v11: results listed under a lead-in telling of a described study are that study's; the FTC and ACCC, and agencies named in full, make regulatory statements; v10: a study named by its blinding, control, crossover or centres ("a double-blind placebo-controlled trial"); v9: a study's researchers or team doing or finding something credit their study; v8: "in this study", "used either" go on telling of a described study; v7: an abstract run into one paragraph changes section at each label; v6: figures credited to an institution ("the CDC estimates", "according to the World Health Organization"); v5: activities resumed as downtime, side effects by name, sedation as protocol; v4: a study introduced without a claim is a stub; an ethics board's approval is not a regulator's; v3: fines are regulatory, surveys are credited, a credited study without its verb (v2: design sentences and named studies make stubs)

# Document kinds whose own sentences report a study (every checkable sentence counts)
STUDY_VOICE_KINDS = {"journal_article", "paper_summary", "preprint", "trial_registry"}
PRIMARY_VOICE_KINDS = STUDY_VOICE_KINDS | {"regulatory"}
SKIP_SECTIONS = re.compile(
    r"^(references?|bibliography|acknowledg\w*|funding|conflicts? of interest|"
    r"(declaration of )?competing interests?|author contributions?|figures?|tables?|"
    r"full[- ]text entities|keywords?|abbreviations|supplementary( material)?|full text|"
    r"data availability|ethics( statement)?|related (articles|posts)|comments?)\b",
    re.I)
# "Fig. 1 ECCA scores at baseline ...", "Table 2: Adverse events": what a figure shows is
# claimed in the text that cites it
_CAPTION = re.compile(r"^\W*(fig(ure)?s?\.?|table|supplementary (fig(ure)?|table)\.?)\s*"
                      r"[S]?\d{1,2}[a-z]?\b\s*[.:|–-]?\s", re.I)
# A notice's or record's label fields ("Product: ...", "Issue: ...", "Audience: ...")
_RECORD_FIELD = re.compile(r"^\W*(products?|issue|audience|category|type|brand|reference|status|"
                           r"sponsor|collaborator|contact|location|date[\w ]{0,20}|recall class|"
                           r"hazard|company|manufacturer|distributor|lot|batch)\s*:", re.I)
_TITLE_FIELD = re.compile(r"^\W*((public|scientific|official|brief|study|acronym|short) title|"
                          r"title|acronym)\s*:", re.I)
# Who may take part in a study: conditions of entry, not findings
_ELIGIBILITY = re.compile(r"^\W*(inclusion|exclusion|eligibility)( and exclusion)? criteria\b",
                          re.I)
# "Objective: To compare ...": what a study set out to do asserts nothing
_OBJECTIVE = re.compile(
    r"^\W*((objectives?|aims?|purpose|goal)\W*:?\s*(to|we (aimed|sought))|"
    r"(this|the present|the current|our)\s+([\w-]+,?\s+){0,5}(study|trial|review|analysis)\s+"
    r"(aimed|aims|sought|seeks|set out|was designed|is designed|was conducted|was undertaken)\s+to|"
    r"we (aimed|sought|set out) to|"
    r"((in\s+this\s+(study|trial|review),?\s+)?we|(this|the present|the current|our)\s+"
    r"([\w-]+,?\s+){0,5}(study|trial|review|analysis))\s+(examined|investigated|explored|"
    r"assessed|evaluated|tested|asked|ascertained|determined)\s+(whether|if))\b", re.I)
# The same back matter written as a labelled line ("Keywords: exosomes; scars")
BACK_MATTER_LABEL = re.compile(
    r"^[*_]*(key ?words?|abbreviations|mesh terms|funding|conflicts? of interest|"
    r"(declaration of )?competing interests?|author contributions?|data availability|"
    r"acknowledg\w*|copyright|cite this( article)?|how to cite)[*_]*\s*(:|\s(?=[A-Z]))", re.I)
# "(Funded by the Trust; ClinicalTrials.gov number, NCT0...)": an abstract's sponsor line
_SPONSOR = re.compile(r"^\W*(funded|supported|sponsored|financed)( in part)? by\b", re.I)
# a publication's licence and editorial notes: "This is an open access article under the
# terms of the Creative Commons ...", "made available under a CC-BY-NC-ND 4.0 International
# license", "The copyright holder for this preprint ...", "Editor who approved publication"
_LICENCE_NOTE = re.compile(r"\bopen[- ]access article\b|\bCreative Commons\b|\bCC[- ]BY\b|"
                           r"\bcopyright holder\b|\bEditor who approved publication\b", re.I)
# "Implications for practice are discussed.": what the paper goes on to do, not a finding
_PAPER_CONTENTS = re.compile(r"\b(are|is) (discussed|presented|outlined|proposed)\W*$", re.I)
SITE_VOICE_SECTIONS = re.compile(
    r"^(tl;?dr|key (findings|points|takeaways)|contribution|summary|plain[- ]language summary|"
    r"at a glance|why it matters|what this means|highlights?|our (take|view|verdict|opinion)|"
    r"editor'?s? (note|comment)|(the )?bottom line|comment(ary)?|opinion)\b", re.I)

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
_ANY_VERB = Cue(VERB)  # searched as its case-folded twin, much faster than VERB itself
SUBORDINATE = re.compile(
    r"^\W*(when|while|although|though|as|since|because|after|before|if|unless|beyond|making|"
    r"compared|in|for|to|with|along|despite|given|following|over|among|by|overlooked|"
    r"cited|according|based|once|during|within|unlike|like|at|on|from|together|"
    r"applied|used|combined|given|performed|delivered|injected|administered|paired|taken)\b",
    re.I)
PRONOUN_SUBJECT = re.compile(r"^\W*(they|these|it|this treatment|this therapy|these treatments)\b",
                             re.I)
OUTCOME_SUBJECT = Cue(re.compile(
    r"\b(side[- ]effects?|adverse (events?|effects?)|complications?|redness|erythema|swelling|"
    r"bruising|downtime|recovery|results?|improvements?|healing|skin texture|milia|"
    r"(most|many|all|some|few)\s+(patients|clients|people|participants|customers|users)|"
    r"patients|clients)\b", re.I))
META_TEXT = Cue(re.compile(r"\b(this|the) (article|post|blog|guide|page|section)\b|"
                           r"\bin this (article|post|blog|guide)\b", re.I))
_CLAUSE_BREAK = re.compile(r",\s+")
_NOT_A_CLAUSE = re.compile(r"(and|or|but|\w+ing)\b", re.I)
_LEAD_PHRASE = re.compile(
    r"^\W*(please note that|note that|importantly,?|overall,?|however,?|"
    r"in addition,?|additionally,?|moreover,?|notably,?|we know now that|"
    r"we know that|research shows that|studies show that)\s+", re.I)
_NOT_WORD = re.compile(r"[^\w'’-]")
_FIRST_CLAUSE = re.compile(r",\s+(?:and|but|while)\s+|;\s+")
_PRICE_HEADER = re.compile(r"\b(price|cost|fee|fees|from)\b", re.I)
_PRICE = re.compile(r"[$£€¥]\s?[\d,.]+\+?")
_THREE_WORDS = re.compile(r"\w+\W+\w+\W+\w")
_WORD = re.compile(r"\w+")
_REPORTED_BY_PREVIOUS = re.compile(
    r"^\W*(this|it|they|the (article|study|paper|report))\s+"
    r"(notes?|states?|says?|adds?|reports?|concludes?|found)\b", re.I)
_ORG_PREFIX = re.compile(
    r"^(?:an?|the)?\s*(?:\w+\s)?(?:article|study|report|paper)\s+(?:by|in|from)\s+", re.I)
_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)


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
    paragraph_label: str | None = None  # "Background" of a paragraph "Background: ..."
    signed_by: str | None = None  # "Jess, 29" of a "– Jess, 29" line under a quote
    cut_by_page: bool = False  # the block's last words run on past a page break
    topic: str | None = None  # the document's title: what the page is about


@dataclass
class Decision:
    """Whether a unit is a claim, with what `decide` read on the way (its text's
    `probe` and, when it got that far, its `attribution`) for the caller to reuse."""

    is_claim: bool
    kind: str = "other"
    reason: str = ""
    probe: Probe | None = field(default=None, repr=False, compare=False)
    attribution: tuple[str | None, str | None] | None = field(default=None, repr=False,
                                                              compare=False)


def _few_words(probe: Probe) -> bool:
    """Fewer than three words (runs of word characters)."""
    text = probe.text
    if text.isascii():  # ASCII word pieces are exactly the words
        return len(probe.pieces) < 3
    return len(_WORD.findall(text)) < 3


@lru_cache(maxsize=512)
def main_clause(text: str) -> str:
    """The sentence without a leading subordinate or prepositional clause (or a bullet label).

    Cached: a claim asks for its main clause several times."""
    m = lx.LABEL.match(text)
    if m:
        text = text[m.end():]
    if SUBORDINATE.match(text):
        for m in _CLAUSE_BREAK.finditer(text[:200]):
            rest = text[m.end():]
            if _NOT_A_CLAUSE.match(rest) or not _ANY_VERB.search(rest):
                continue
            return rest
    return text


@lru_cache(maxsize=8192)
def _is_verb(word: str) -> bool:
    """Whether a whitespace-separated word, stripped of punctuation, reads as a verb."""
    return VERB.fullmatch(_NOT_WORD.sub("", word)) is not None


def subject_region(text: str) -> str:
    """Words before the first verb of the main clause (at most eight)."""
    clause = _LEAD_PHRASE.sub("", main_clause(text))
    words = clause.split()
    out = []
    for w in words[:8]:
        if out and _is_verb(w):
            break
        out.append(w)
    return " ".join(out)


def score_kinds(text: str | Probe) -> dict[str, float]:
    probe = probe_of(text)
    mask = probe.mask
    scores: dict[str, float] = {}
    for kind, rx in lx.KIND_CUES:
        if rx.bit and not mask & rx.bit:
            continue  # the common case, without a call
        hits = rx.findall(probe)
        if not hits:
            continue
        n = 0.0
        for h in hits:
            word = (h if isinstance(h, str) else h[0]).lower()
            n += 0.5 if kind == "safety" and word in ("safe", "safely", "tolerated", "serious") \
                else 1.0
        if kind in ("regulatory", "study_design") and kind not in scores:
            n += 1.0  # once per kind, however many of its patterns match
        scores[kind] = scores.get(kind, 0.0) + n
    return scores


_TIE_ORDER = ["regulatory", "study_design", "recovery", "mechanism", "efficacy", "safety",
              "protocol"]
_RECOVERY_TIME = Cue(re.compile(
    r"\b((faster|quicker|smoother|shorter|longer|speedy|rapid|prolonged|minimal) (recovery|downtime)|"
    r"recovery (time|period|faster|quicker)|downtime|heal(ing)? (time|quicker|faster)|"
    r"healing (is|was|are)? ?(\w+ )?(quicker|faster|slower)|recover(ed|s)? (within|in \d)|"
    r"resolv(ed|ing|es) (within|after|in)|"
    r"(redness|erythema|bruising|swelling|oedema|edema|crusting|tenderness|flaking)\s+(for|lasting)"
    r"\s+(about |around |up to )?\d+|"
    r"(redness|erythema|bruising|swelling|oedema|edema|crusting|tenderness|flaking)\b[\s\S]{0,40}"
    r"\b(resolv\w*|settl\w*|last\w*|fad\w*|subsid\w*|clear\w*|shorten\w*|gone)|"
    r"(shorten\w*|lengthen\w*)\b[\s\S]{0,40}\b(erythema|redness|downtime|recovery)|"
    r"return(ed|s)? to (work|normal|daily)|back (at|to) work|"
    r"resume[sd]? (your |their |his |her )?(normal|usual|daily|everyday) (activities|routine|life)"
    r"[\s\S]{0,30}\b(right away|immediately|straight away|the (same|next) day|within \w+))\b",
    re.I))

LABEL_KINDS = [
    (re.compile(r"^(risks?|side effects?|adverse|safety|complications|contraindications)", re.I),
     "safety"),
    (re.compile(r"^(downtime|recovery|healing)", re.I), "recovery"),
    (re.compile(r"^(results?|outcomes?|efficacy|benefits?|response|improvement)", re.I),
     "efficacy"),
    (re.compile(r"^(protocol|sessions?|dos(age|ing)|aftercare|post-care|duration|intervals?|"
                r"frequency|spacing|schedule|(needle )?depth|settings?)", re.I),
     "protocol"),
    (re.compile(r"^(regulatory|approval|legal)", re.I), "regulatory"),
    (re.compile(r"^(follow-?up|(study )?design|participants|patients|sample size|enrol?lment|"
                r"randomi[sz]ation|allocation|blinding|masking|population|primary (outcome|"
                r"endpoint))", re.I), "study_design"),
]


def classify_kind(text: str | Probe, *, label: str | None = None,
                  headers: list[str] | None = None) -> str:
    """The claim kind: a telling label or header first, then the strongest cue in the text."""
    for h in ([label] if label else []) + list(headers or []):
        for rx, kind in LABEL_KINDS:
            if h and rx.match(h.strip()):
                return kind
    probe = probe_of(text)
    whole = probe.text
    kind = _strongest_kind(probe)
    if kind in ("study_design", "protocol", "other") and "," in whole:
        main = main_clause(whole)
        if main != whole:
            # "In a 6-week study of 24 volunteers, redness fell by 38%": the leading phrase
            # sets the scene, the main clause says what is claimed
            found = _strongest_kind(Probe(main), whole)
            if found in _FINDING_KINDS:
                return found
    if kind in ("study_design", "protocol"):
        m = _FINDING.search(whole)
        if m:  # "A 2025 split-face study of 40 patients found 52% improvement ...": the finding
            found = _strongest_kind(Probe(whole[m.end():]), whole)
            if found in _FINDING_KINDS:
                return found
    return kind


_FINDING = re.compile(r"\b(found|showed|shows|demonstrated|concluded|revealed)\b(\s+that)?\s+",
                      re.I)
_FINDING_KINDS = ("efficacy", "safety", "recovery", "mechanism")


def _strongest_kind(probe: Probe, whole: str | None = None) -> str:
    """The kind with the most cues in the text (its first clause first); `whole` is the
    sentence the text comes from."""
    whole = whole or probe.text
    text = probe.text
    candidates = [probe]
    if "," in text or ";" in text:
        first = _FIRST_CLAUSE.split(text, maxsplit=1)[0]
        if first != text:
            candidates.insert(0, Probe(first))
    for candidate in candidates:
        scores = score_kinds(candidate)
        if _RECOVERY_TIME.search(candidate):
            scores["recovery"] = scores.get("recovery", 0.0) + 1.0
        else:
            scores.pop("recovery", None)
        if scores:
            best = max(scores.values())
            tied = [kind for kind in _TIE_ORDER if scores.get(kind) == best]
            if tied[0] == "recovery" and "efficacy" in tied and not _TIME_TAKEN.search(whole):
                return "efficacy"  # "improved scores and shortened erythema": no time told
            return tied[0]
    return "other"


# How long something takes: what makes a recovery statement of one that also reports gains
_TIME_TAKEN = re.compile(r"(\d|\b(one|two|three|four|five|six|seven|ten|a few))\s*"
                         r"(days?|hours?|h|weeks?|wks?)\b", re.I)


def _completes_lead_in(unit: Unit) -> bool:
    """A list item of four words or more that finishes its lead-in's sentence ("The order
    also:" / "bars them from misstating prices;"): as whole a statement as a sentence, its
    verb often in the lead-in. (Shorter items are names: "North East", "slurred speech".)"""
    return unit.block_kind == "bullet" and bool(unit.lead_in) and unit.text[:1].islower() \
        and len(_WORD.findall(unit.text)) >= 4


# "From 598 participants, investigators randomized 303 ...", "From baseline to 12 months,
# there were no ...": a sentence opening on where or when it starts, a clause with its verb
# after the comma ("From the Department of ...", "From around the web" are no sentences)
_FROM_OPENING = re.compile(r"^\W*from\b[^,;:]{3,100},\s+(?P<rest>[^,;:].*)", re.I | re.S)


def _from_then_clause(text: str) -> bool:
    m = _FROM_OPENING.match(text)
    return m is not None and VERB.search(m.group("rest")) is not None


def decide(unit: Unit, doc_kind: str, quantities: list[Quantity] | None = None) -> Decision:
    """Is this unit a checkable claim, and of what kind?

    `quantities` are the unit's numbers when the caller has them already (the
    pipeline does); otherwise they are found here."""
    t = unit.text.strip()
    if not t:
        return Decision(False, reason="empty")
    if unit.section and SKIP_SECTIONS.match(unit.section):
        return Decision(False, reason=f"section '{unit.section}' holds no claims")
    if any(ctx and _ELIGIBILITY.match(ctx) for ctx in (unit.lead_in, unit.section, t)):
        return Decision(False, reason="a condition of entry to the study, not a finding")
    if _OBJECTIVE.match(t):
        return Decision(False, reason="states an aim, not a finding")
    if BACK_MATTER_LABEL.match(t) or _SPONSOR.match(t) or _LICENCE_NOTE.search(t):
        return Decision(False, reason="back matter, not a claim")
    if _PAPER_CONTENTS.search(t):
        return Decision(False, reason="tells what the paper goes on to discuss")
    if unit.block_kind == "paragraph" and (t[:1].islower() or unit.cut_by_page and t[-1:] not in
                                            ".!?”\"’')]"):
        return Decision(False, reason="part of a sentence a page break cut")
    if _CAPTION.match(t):
        return Decision(False, reason="a figure or table caption")
    if _TITLE_FIELD.match(t) or _RECORD_FIELD.match(t):
        return Decision(False, reason="a record's title or label field")
    if t.rstrip("”\"’') ").endswith("?"):
        return Decision(False, reason="question")
    if lx.BOILERPLATE.match(t) or lx.SIGN_OFF.match(t):
        return Decision(False, reason="boilerplate")
    bare = t.lstrip("*_ ")
    if lx.CALL_TO_ACTION.match(bare) or lx.READER_ADDRESS.match(bare):
        return Decision(False, reason="call to action or address to the reader")
    if lx.FRAGMENT_START.match(bare) and not _from_then_clause(bare):
        return Decision(False, reason="sentence fragment")
    probe = Probe(t)
    meta = META_TEXT.search(probe)
    if meta and not meta.group(0).split()[-1][:1].isupper():  # "told the Post": a newspaper, not the page
        return Decision(False, reason="describes the page itself")
    # where the numbers' offsets count from: the document, when the caller read them
    base = unit.start + len(unit.text) - len(unit.text.lstrip()) if quantities is not None else 0
    if quantities is None:
        from evidence.extract.numbers import find_quantities

        quantities = find_quantities(t)
    read = quantities
    quantities = [q for q in quantities if q.unit or q.role]
    if t.endswith(":") and not quantities and not lx.STUDY_DESCRIPTOR.search(probe):
        return Decision(False, reason="lead-in to a list")
    if unit.block_kind == "table_cell":
        return _decide_cell(unit, probe, quantities)
    if _few_words(probe):
        return Decision(False, reason="too short")
    label_claim = bool(unit.label and lx.CLAIM_LABELS.match(unit.label))
    # a sentence: a paragraph's, or a bullet's written out with its verb and full stop
    full_sentence = t.rstrip("”\"’') ")[-1:] in ".!" and (
        unit.block_kind == "paragraph"
        or unit.block_kind == "bullet" and _ANY_VERB.search(probe) is not None)
    if not label_claim and not quantities and not full_sentence \
            and doc_kind != "trial_registry" and not _ANY_VERB.search(probe) \
            and not (doc_kind == "regulatory" and _completes_lead_in(unit)):
        return Decision(False, reason="no verb: a label or a list of terms")
    kind = classify_kind(probe, label=unit.label if label_claim else None)
    if doc_kind != "regulatory" and kind != "regulatory" and full_sentence \
            and _REGULATOR_SPEAKS.search(t) and unit.previous \
            and (lx.agency_in(unit.previous) or REGULATOR_NOUN.search(unit.previous)):
        # "The agency has received reports of ...", "... in salons, it said.": a news page
        # telling what the regulator it just named says
        return Decision(True, "regulatory", "tells what a regulator says", probe)
    if kind == "other":
        # a quote without an expert's name is nothing to check; the name is read only then
        if lx.QUOTE_RX.search(probe) or unit.signed_by or _OPEN_QUOTE.search(t) \
                or _PRONOUN_SAID.search(t) or _SAID_THAT.search(t) or named_speaker(probe):
            who = _signed(unit) or attribution_of(probe, unit.previous)
            if who[1] == "expert":
                return Decision(True, "other", "a quoted expert", probe, who)
            if who[1] == "testimonial":
                # a client vouching for a result: an endorsement of the treatment's effect
                return Decision(True, "efficacy", "a client's testimonial", probe, who)
        if lx.ABSOLUTE.search(probe) and lx.treatments(Probe(subject_region(t))):
            # "Exosomes are a game-changer": a promise about what a treatment does
            return Decision(True, "efficacy", "absolute or promotional wording", probe)
        if doc_kind in STUDY_VOICE_KINDS and quantities and in_background(unit):
            # "Acne scarring affects up to 43% of people [1]": a figure, not the study's own
            return Decision(True, "other", "a background figure", probe)
        if doc_kind in STUDY_VOICE_KINDS and quantities:
            kind = "study_design" if any(q.unit == "participants" for q in quantities) \
                else "efficacy"
        elif doc_kind in STUDY_VOICE_KINDS and full_sentence and _ANY_VERB.search(probe) \
                and not _JOURNAL_REFERENCE.search(t) and not _MORE_RESEARCH.search(t) \
                and (in_findings(unit) or _states_figures(t, read, base)):
            # "The mean rating was 2.3", "These cases had an underlying cause": what a paper
            # reports in its abstract or results, or with a figure, is its own finding (in its
            # methods, what it did)
            if any(ctx and _METHODS.match(ctx) for ctx in (unit.section, unit.paragraph_label)):
                return Decision(True, "protocol", "a figure of the study's methods", probe)
            return Decision(True, "efficacy", "a finding the study reports", probe)
        elif (quantities or _REPORTED_FINDING.search(t) or _CREDITED_VERB.search(t)) and (
                (who := attribution_of(probe, unit.previous))[1] in ("study", "publication")
                or lx.STUDY_DESCRIPTOR.search(probe)):
            # "A new study found those prescribed it were four times more likely ...": a
            # finding credited to a study is checkable, whatever it is about
            return Decision(True, "efficacy", "credits a study with a finding", probe, who)
        elif doc_kind == "regulatory" and _ANY_VERB.search(probe) and not _few_words(probe) \
                and (any(q.unit for q in quantities) or _states_figures(t, read, base)):
            # "Cases reported since June now number 41", a bullet "the vials held ten times the
            # labelled dose": a regulator's own figure, even where a page cut the sentence
            return Decision(True, "regulatory", "a regulator states a figure", probe)
        elif doc_kind == "regulatory" and (full_sentence and _ANY_VERB.search(probe)
                                           or _completes_lead_in(unit)) \
                and not _ADVICE.search(t) and not _OWN_VOICE.match(t):
            # "The firm failed to process refunds", "The place of manufacture has not been
            # determined": what a notice states as found is the regulator's finding; its advice
            # ("patients should ...") and its news of itself ("We will have limited ...") are not
            return Decision(True, "regulatory", "a regulator states a finding", probe)
        elif full_sentence and _FINDINGS_SUBJECT.match(t) and _ANY_VERB.search(probe) \
                and not any(ctx and _ARTICLE_HEADING.match(ctx)
                            for ctx in (unit.section, unit.paragraph_label)):
            # "These findings suggest that D-mannose should not be recommended": what the
            # study just told of showed (its source, that study)
            return Decision(True, "efficacy", "tells what a study's findings show", probe)
        elif full_sentence and (likelier := _LIKELIER.search(t)):
            # "Those who used them were twice as likely to develop ...": a finding comparing
            # how often something happened in two groups
            harm = lx.GRAVE_HARM.search(probe) or _FELL_ILL.match(t, likelier.end())
            return Decision(True, "safety" if harm else "efficacy",
                            "compares how likely an outcome was", probe)
        elif full_sentence and _ARM_TOLD.search(t) and _ANY_VERB.search(probe):
            # "Wrinkles did not change in the placebo group", "The trial had no sham group":
            # what a controlled study gave or found against its comparison arm
            return Decision(True, "efficacy" if re.search(rf"\b(?:un)?{_CHANGE}", t, re.I) else
                            "study_design", "tells a study's comparison arm", probe)
        elif full_sentence and _STUDY_RESULT.search(t) and _told_by_person(unit, probe):
            # "Our findings do not support ...," Downie added: a study's finding, told by a
            # person it names (the study the page tells of is its source)
            return Decision(True, "efficacy", "a study's finding told by a named person", probe)
        elif full_sentence and (who := attribution_of(probe, unit.previous))[0] in (
                "research", "evidence", "literature"):
            # "The research on X comes from animal models": what the research is, credited
            return Decision(True, "other", "states what the research is", probe, who)
        elif full_sentence and _states_evidence(probe, doc_kind):
            # "There is no scientific evidence that X helps", "a scientifically backed method":
            # what the evidence behind something is, asserted or denied, is checkable on a
            # page that retells or sells
            return Decision(True, "other", "states what the evidence is", probe)
        elif full_sentence and any(q.role == "p_value" for q in quantities) \
                and _TESTED.search(t):
            # "no significant between-group difference was observed (p=0.97)": a result as
            # its test gave it, an effect found or not
            return Decision(True, "efficacy", "a result with its p-value", probe)
        elif sum(1 for q in quantities if q.unit and q.role not in ("p_value", "ci")) >= 2 \
                and _VERSUS.search(t):
            # "34.9% clear with ivermectin (vs 21.7% with metronidazole)": two figures set
            # against each other are checkable, in a bullet or a line as much as a sentence
            return Decision(True, "efficacy", "sets two figures against each other", probe)
        elif any(q.unit and q.role not in ("p_value", "ci") for q in quantities) \
                and (full_sentence or unit.block_kind == "bullet"
                     and any(q.unit == "%" and q.role not in ("p_value", "ci") for q in quantities)):
            # "95% of hair loss in men is treatable", "a loss of 22.8 kg": a figure stated as
            # fact is checkable, whatever it is about
            return Decision(True, "other", "states a figure", probe)
        elif _WHO_FIELD.match(t) and any(q.unit == "participants" for q in quantities):
            # a study card's field "Participants: 31 men and women over 50", "Who was studied:
            # 8 healthy men": how many people the study took, told without a sentence's stop
            return Decision(True, "study_design", "a study card's count of its people", probe)
        elif full_sentence and lx.GRAVE_HARM.search(probe):
            # "One pediatric case ended in death", "patients were diagnosed with kidney
            # ailments": a grave harm told, whatever caused it, is checkable
            return Decision(True, "safety", "tells of a grave harm", probe)
        else:
            return Decision(False, reason="nothing checkable")
    if doc_kind in PRIMARY_VOICE_KINDS:
        return Decision(True, kind, f"{doc_kind} statement", probe)
    if quantities:
        return Decision(True, kind, "states a figure", probe)
    who = _signed(unit) or attribution_of(probe, unit.previous)
    if who[0] or lx.STUDY_DESCRIPTOR.search(probe):
        return Decision(True, kind, "credits a source", probe, who)
    if full_sentence and _told_by_person(unit, probe):
        # a study's finding told by a person it names ("..., said Glaser"): checkable, its
        # source the study the page tells of
        return Decision(True, kind, "a study's finding told by a named person", probe, who)
    if kind == "regulatory":
        return Decision(True, kind, "regulatory statement", probe, who)
    if label_claim:
        return Decision(True, kind, f"labelled '{unit.label}'", probe, who)
    if lx.ABSOLUTE.search(probe):
        return Decision(True, kind, "absolute or promotional wording", probe, who)
    if kind == "recovery":
        # "You can usually return to work the next day": downtime is checkable as it stands
        return Decision(True, kind, "states how long recovery takes", probe, who)
    region = Probe(subject_region(t))
    if lx.treatments(region) or OUTCOME_SUBJECT.search(region):
        return Decision(True, kind, "asserts something of a treatment or an outcome", probe, who)
    if kind in TOPIC_CLAIM_KINDS and full_sentence and unit.topic \
            and _topic_words(region.text) & _topic_words(unit.topic):
        # "IV therapy is low-risk" on a page titled "IV vitamin therapy": said of what the
        # page is about, whatever the vocabulary calls it
        return Decision(True, kind, "asserts something of the page's subject", probe, who)
    if kind in TOPIC_CLAIM_KINDS and full_sentence and _THE_TREATMENT.match(region.text):
        # "This treatment is not only effective, but also safe.", "The procedure is painless":
        # said of the treatment the page is about, called by its common noun
        return Decision(True, kind, "asserts something of the page's treatment", probe, who)
    if kind in ("efficacy", "safety") and full_sentence and _REPORTED_FINDING.search(probe.text):
        # "Ultrasound imaging showed a measurable increase in collagen density": a finding
        # reported as observed, whatever the treatment is called
        return Decision(True, kind, "reports an observed finding", probe, who)
    if full_sentence and _states_evidence(probe, doc_kind):
        # (as for a sentence of no other kind, above)
        return Decision(True, kind, "states what the evidence is", probe, who)
    if full_sentence and _CONTROLLED_RESULT.search(probe.text):
        # "Actos was not significantly better than placebo", "those on the gel improved more
        # than the control group": a result set against a comparison group is a study's
        # finding, whatever the treatment is called
        return Decision(True, kind if kind in TOPIC_CLAIM_KINDS else "efficacy",
                        "a result set against a comparison group", probe, who)
    if full_sentence and _ARM_TOLD.search(t):
        # (as for a sentence of no other kind, above)
        return Decision(True, kind, "tells a study's comparison arm", probe, who)
    clause = main_clause(t)
    if PRONOUN_SUBJECT.match(clause) and resolve_subject(unit) \
            and classify_kind(clause) != "other":
        return Decision(True, kind, "asserts something of a treatment named just before", probe,
                        who)
    return Decision(False, reason="no treatment, figure or source to check")


TOPIC_CLAIM_KINDS = ("efficacy", "safety", "recovery")
# the page's treatment called by its common noun: "This treatment", "The procedure"
_THE_TREATMENT = re.compile(r"^\W*(?:this|the|our|each|every)\s+(?:[\w-]+\s+)?(?:treatments?|"
                            r"procedures?|therap(?:y|ies)|sessions?|injections?|infusions?|"
                            r"device)\b", re.I)
# Words of a title too general to say what a page is about
_TITLE_FILLER = frozenset(str.split("""
about after answers before benefits best clinic complete does explained facts from guide
health help how know learn more near need results review side effects should skin that the
their this treatment treatments what when which why with work works your you
"""))


def _topic_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9+-]{2,}", text.lower()) if w not in _TITLE_FILLER}


_REPORTED_FINDING = re.compile(
    r"\b(showed|shown|found|demonstrated|observed|reported|revealed|noted|resulted in|"
    r"led to|was associated with|were associated with)\b", re.I)
# what the evidence behind something is, asserted or denied: "no compelling evidence",
# "evidence shows", "scientifically backed", "has not been proven"
_EVIDENCE_STATE = re.compile(
    r"\b(?:no|little|limited|some|strong|good|growing|compelling|convincing|scientific|"
    r"clinical|empirical|insufficient|solid|robust|high-quality|significant|sufficient|reliable|"
    r"credible|conclusive|definitive)\s+(?:scientific\s+|clinical\s+|"
    r"empirical\s+)?(?:evidence|proof)\b|\bevidence\s+(?:that\s+)?(?:shows?|suggests?|supports?|"
    r"indicates?)\b|\b(?:scientifically|clinically)\s+(?:proven|backed|tested|validated|supported)"
    r"\b|\b(?:not|never)\s+(?:been\s+)?(?:proven|shown)\s+to\b|"
    # the studies there are, or are not: "no independent studies have been published", "has
    # been studied in over a dozen clinical trials"
    r"\bno\s+(?:[\w-]+,?\s+){0,4}(?:studies|trials)\s+(?:have|has)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:published|done|conducted|carried out)\b|\b(?:has|have)\s+been\s+(?:studied|tested|"
    r"evaluated)\s+in\s+(?:over\s+|more\s+than\s+)?(?:[\w-]+\s+){0,3}(?:clinical\s+)?"
    r"(?:trials|studies)\b", re.I)


def _states_evidence(probe: Probe, doc_kind: str) -> bool:
    """Whether a sentence of a page that retells or sells says what the evidence behind
    something is (`_EVIDENCE_STATE`); a report's own background says what the evidence before
    it was, which is no finding of its own."""
    return doc_kind not in STUDY_VOICE_KINDS and _EVIDENCE_STATE.search(probe.text) is not None


# a result told against a comparison group: a difference called significant, or one set
# against placebo, sham or controls
_CHANGE = r"(?:improv\w*|reduc\w*|decreas\w*|increas\w*|differen\w*|better|worse|higher|lower|" \
    r"less|more|fewer|greater|change[sd]?|effect\w*|benefit\w*|relie\w*)"
_CONTROLLED_RESULT = re.compile(
    rf"\bsignificant(?:ly)?\s+(?:\w+\s+)?{_CHANGE}\b|\b{_CHANGE}\s+(?:\w+\s+){{0,6}}?"
    r"(?:than|versus|vs\.?|compared\s+(?:with|to)|relative\s+to)\s+(?:(?:in|with|on)\s+)?(?:(?:those|people|patients)"
    r"\s+(?:on|taking|given|receiving|in)\s+)?(?:the\s+|a\s+)?"
    r"(?:placebo|sham|controls?|vehicle|untreated)\b", re.I)
# how much likelier an outcome was in one group, told in the past: "Those who used them were
# more than twice as likely to develop ...", "women who took ginger were more likely to ..."
_LIKELIER = re.compile(r"\b(?:were|was)\s+(?:\w+ly\s+|much\s+|far\s+|no\s+)?(?:(?:more than\s+|"
                       r"almost\s+|nearly\s+|about\s+)?(?:twice|half|three times|four times|"
                       r"[\d.]+\s*times|[a-z]+ times)\s+(?:as|more|less)\s+|more\s+|less\s+|as\s+)"
                       r"likely\s+(?:than\s+\w+\s+)?to\b", re.I)
# ... to fall ill or suffer (what follows `_LIKELIER`): what was likelier is a harm
_FELL_ILL = re.compile(r"\s+(?:go\s+on\s+to\s+)?(?:develop|experience|suffer|be\s+diagnosed|die|"
                       r"be\s+hospitali[sz]ed)\b", re.I)
# the field of a study card naming who took part: "Participants:", "Who was studied:"
_WHO_FIELD = re.compile(r"^\W*(?:participants|subjects|patients|sample(?: size)?|(?:study )?"
                        r"population|who (?:was|were) studied)\s*:\s*\S", re.I)
# a sentence whose subject is a study's findings: "These findings suggest", "The results showed"
_FINDINGS_SUBJECT = re.compile(r"^\W*(?:(?:but|and|however|overall|together),?\s+)?(?:these|the|"
                               r"such|its|their|our|his|her)\s+(?:(?:\w+\s+)?findings|results|"
                               r"data|outcomes?)\b", re.I)
# reported speech: "He explained that ...", "according to Richard Roe, a researcher at ..."
_SAID_THAT = re.compile(r"\b(?:says|said|adds|added|explains|explained|notes|noted|believes|"
                        r"believed|stated|warned|told\s+\w+(?:\s+\w+)?)\s+that\b|\baccording to\b",
                        re.I)
# a study's comparison arm: "the placebo group", "a sham device", "the control arm"
_ARM_TOLD = re.compile(r"\b(?:placebos?|sham|control (?:group|arm|condition)s?|untreated (?:group|"
                       r"side|half)|vehicle (?:group|alone|arm))\b", re.I)
# what studies credited with a view do: "Numerous studies indicate that ..."
_CREDITED_VERB = re.compile(r"\b(indicate[sd]?|suggest(s|ed)?|shows?|prove[sn]?|confirm(s|ed)?)\b",
                            re.I)
BACKGROUND = re.compile(r"^[\W\d]*(background|introduction|context|rationale)\b", re.I)


FINDINGS = re.compile(r"^[\W\d]*(results?|findings|conclusions?|discussion|interpretation|"
                      r"meaning|main (outcomes?|results))\b", re.I)
_METHODS = re.compile(r"^[\W\d]*(methods?|materials|patients and methods|design|setting|"
                      r"participants|interventions?|procedures?)\b", re.I)
ABSTRACT = re.compile(r"^[\W\d]*(abstract|summary)\b", re.I)
# How an abstract tells what the study found rather than what was known: in the past tense
# ("had", "was downregulated", "identified") or in its authors' voice ("we propose")
_TOLD_AS_FOUND = re.compile(
    r"\b(we|our|th(is|e) (study|review|trial|analysis))\b|\b(was|were|had|did)\b|"
    r"\b(found|showed|demonstrated|identified|revealed|observed|reported|resulted)\b", re.I)
# "Larger trials are warranted": what a paper asks for next, not what it found
_MORE_RESEARCH = re.compile(r"\b(warranted|needed|required|(further|future|more) (research|"
                            r"studies|trials|work))\b", re.I)
# "2012 Jul;38(7 Pt 2):1143-50.": a journal reference (year; volume(issue): pages)
_JOURNAL_REFERENCE = re.compile(r"\b(19|20)\d\d\b[^;]{0,20};\s*\d+\s*(\([^)]{0,12}\))?\s*:\s*e?\d")


def in_findings(unit: Unit) -> bool:
    """What an article reports as found: a sentence of its results or conclusions, or of an
    abstract that tells it in the past tense or its authors' voice (not the background and
    methods its abstract labels)."""
    if unit.paragraph_label and not FINDINGS.match(unit.paragraph_label):
        return False
    if any(ctx and FINDINGS.match(ctx) for ctx in (unit.section, unit.paragraph_label)):
        return True
    if unit.section and ABSTRACT.match(unit.section):
        return _TOLD_AS_FOUND.search(unit.text) is not None
    # under no heading of the article's own (a site's "Close", "Rights and Permissions" or
    # "Journal Article", the title): a sentence that tells what was found or concluded
    return not (unit.section and _ARTICLE_HEADING.match(unit.section)) \
        and (_TOLD_AS_FOUND.search(unit.text) or _CONCLUDED.search(unit.text)) is not None


# the headings of an article's own parts, before its results
_ARTICLE_HEADING = re.compile(
    rf"{BACKGROUND.pattern}|{_METHODS.pattern}|^[\W\d]*(objectives?|aims?|purpose|importance|"
    r"question|references|acknowledg\w+|funding|keywords|abbreviations)\b", re.I)
# what a paper concludes, in the present tense: "These findings suggest", "is not associated
# with", "should be reconsidered", "seem relieved"
_CONCLUDED = re.compile(r"\b(suggest(s|ed)?|indicat(e|es|ed)|shows?|significant(ly)?|associated|"
                        r"seems?|appears?|should\s+(not\s+)?be|no\s+(significant\s+)?difference)\b",
                        re.I)


def _states_figures(text: str, read: list[Quantity], offset: int) -> bool:
    """Whether the text states a number no reader placed ("a cooling factor of 41.6");
    `read` are its quantities, at offsets counted from `offset`."""
    from evidence.extract.numbers import other_figures

    return any(q.text[:1].isdigit() or q.text[:1] in "-−–" for q in
               other_figures(text, read, offset))


def in_background(unit: Unit) -> bool:
    """What an article says before its own methods (background, introduction)."""
    return any(ctx and BACKGROUND.match(ctx)
               for ctx in (unit.text, unit.section, unit.paragraph_label))


def before_findings(unit: Unit) -> bool:
    """What an article says under a label of its parts before its results (background,
    aims, importance, methods), the label a heading, a paragraph's lead or glued to the
    sentence ("Aims: Earlier studies have shown ...")."""
    return bool(_LABEL_BEFORE_FINDINGS.match(unit.text)) or any(
        ctx and _ARTICLE_HEADING.match(ctx) for ctx in (unit.section, unit.paragraph_label))


# a label of an article's part before its results, glued to the sentence it opens
_LABEL_BEFORE_FINDINGS = re.compile(rf"(?:{_ARTICLE_HEADING.pattern})\s*[:.]\s", re.I)


def _signed(unit: Unit) -> tuple[str | None, str | None] | None:
    """A quote signed on the line below it is that person's testimonial."""
    if unit.signed_by and unit.text.lstrip()[:1] in "“\"‘'":
        return unit.signed_by, "testimonial"
    return None


def _decide_cell(unit: Unit, probe: Probe, quantities: list[Quantity]) -> Decision:
    """A table data cell is a claim when it holds a value or names an outcome (not a price)."""
    t = probe.text
    if any(_PRICE_HEADER.search(h) for h in unit.headers) or _PRICE.fullmatch(t):
        return Decision(False, reason="a price")
    kind = classify_kind(probe, headers=unit.headers)
    if quantities or _has_digit(t) \
            or kind in ("efficacy", "safety", "recovery", "regulatory") or lx.ABSOLUTE.search(probe):
        if kind == "other":
            kind = "efficacy"
        return Decision(True, kind, "table cell with a value or an outcome", probe)
    return Decision(False, reason="descriptive table cell")


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def resolve_subject(unit: Unit) -> str | None:
    """What the unit is about when its text does not say: table headers, a bullet's lead-in
    or heading, or the treatment named in the sentence before a "They ..."."""
    if unit.block_kind == "table_cell":
        parts = [p for p in (unit.row_header, unit.col_header) if p]
        return " · ".join(parts) or None
    if unit.block_kind == "bullet":
        for ctx in (unit.lead_in, unit.heading_subject):
            if ctx:
                terms = _context_treatments(ctx)
                if terms:
                    return terms[0]
        if unit.lead_in or not unit.heading_subject or _GENERIC_HEADING.match(unit.heading_subject):
            return None
        return unit.heading_subject  # "Aftercare": what the items under it are about
    if PRONOUN_SUBJECT.match(main_clause(unit.text)):
        for ctx in (unit.previous, unit.lead_in):
            if ctx:
                terms = lx.treatments(subject_region(ctx)) or lx.treatments(ctx)
                if terms:
                    return terms[0].group(1)
    return None


# Headings that organise a page rather than name a topic: "What they found", "Key points"
_GENERIC_HEADING = re.compile(
    r"^\W*(what|how|why|when|where|who|which|is|are|do|does|can|should|will|key|main|our|your|"
    r"the|about|summary|results?|findings?|benefits?|overview|highlights?|conclusions?|"
    r"bottom line|faqs?|frequently|more|other|in brief|at a glance)\b", re.I)


@lru_cache(maxsize=256)
def _context_treatments(context: str) -> tuple[str, ...]:
    """Treatments named in a lead-in or heading, which every bullet under it asks about."""
    return tuple(m.group(1) for m in lx.treatments(context))


def hedges_in(text: str | Probe, kind: str | None = None) -> list[str]:
    """Hedging words; in a regulatory statement "may only be used" grants, it does not hedge."""
    probe = probe_of(text)
    t = probe.text
    return sorted({m.group(0).lower() for m in lx.HEDGES.finditer(probe)
                   if not (kind == "regulatory" and m.group(0).lower() in ("may", "might", "could")
                           and _PERMISSION.match(t, m.end()))})


_PERMISSION = re.compile(r"\s+(only|not\s+be|be\s+(used|sold|supplied|imported|advertised|"
                         r"marketed|administered|prescribed|performed|given))\b", re.I)


def absolute_in(text: str | Probe) -> list[str]:
    """Absolute or promotional words the text itself asserts: not those it reports of
    others ("clinics claim no side effects", advertised as “guaranteed”)."""
    probe = probe_of(text)
    t = probe.text
    return sorted({m.group(0).lower() for m in lx.ABSOLUTE.finditer(probe)
                   if not _reported(t, m.start(), m.end())})


_QUOTES = "\"“”‘’'"
_REPORTED_WORDING = re.compile(
    r"\b(claim(s|ed|ing)?|advertis\w*|market(s|ed|ing)?|promot\w*|describ\w*|label(l)?ed|"
    r"call(s|ed)?|promis\w*|touted?|bill(s|ed)?)\b[^.;:]{0,50}$", re.I)


def _reported(text: str, start: int, end: int) -> bool:
    """Is the wording at text[start:end] quoted, or what someone else claims?"""
    if text[start - 1:start] in _QUOTES or text[end:end + 1] in _QUOTES:
        return True
    return _REPORTED_WORDING.search(text, max(0, start - 80), start) is not None


def is_negated(text: str) -> bool:
    return bool(lx.NEGATION.search(main_clause(text)))


def attribution_of(text: str | Probe, previous: str | None = None) -> tuple[str | None, str | None]:
    """(who, what kind of source) the sentence credits: `expert`, `publication`, `study`."""
    probe = probe_of(text)
    speaker = lx.SPEAKER.search(probe) or lx.SPEAKER_AFTER.search(probe) \
        or lx.SPEAKER_ACCORDING.search(probe) or lx.SPEAKER_CLINICIAN.search(probe) \
        or lx.SPEAKER_APPOSITIVE.search(probe) or lx.SPEAKER_ROLE_FIRST.search(probe)
    pub = None
    for _kind, rx in lx.ATTRIBUTION_PATTERNS:
        m = rx.search(probe)
        if m:
            # "a 2023 clinical study found" credits the study, not its verb
            pub = _clean_who(_REPORTING_TAIL.sub("", m.group("who"))) or _clean_who(m.group("who"))
            break
    if speaker:
        who = _clean_who(speaker.group("who") or speaker.group("who2"))
        if pub:
            who = f"{who} ({_ORG_PREFIX.sub('', pub)})"
        return who, "expert"
    if not pub and (named := named_speaker(probe)) and not _tells_study_result(probe):
        # "Jankovic added that ...", "'...,' said Dr Ried": a person by name, no title needed
        return named, "expert"
    if pub:
        # "a Boston University study", "a meta-analysis of seven studies": one study, which
        # tracing can look for; "studies show" stays a vague publication
        return pub, "study" if _ONE_STUDY.search(pub) else "publication"
    m = _AUTHOR_YEAR.search(probe.text)
    if m:  # "Smith et al. (2019)", "Lee and colleagues, 2021"
        return f"{m.group('who')} {m.group('year')}", "study"
    m = _AUTHORS_SHOWED.search(probe.text)
    if m:  # "Kim and colleagues showed ...": their study, named by its authors
        return m.group("who"), "study"
    m = _AUTHOR_OF_PLACE_DID.search(probe.text)
    if m:  # "Luca Rossi, M.D., of the University of X, and colleagues treated ...": theirs
        return f"{m.group('who')} and {m.group('co')}", "study"
    m = _TEAM_DID.search(probe.text)
    if m:  # "The Belgian researchers followed ...", "Suren's team found ...": their study
        return m.group("who"), "study"
    m = lx.TESTIMONIAL.search(probe) or lx.TESTIMONIAL_SAYS.search(probe)
    if m and lx.QUOTE_RX.search(probe):
        return m.group("who"), "testimonial"
    if previous and _REPORTED_BY_PREVIOUS.match(probe.text):
        return attribution_of(previous)
    if previous and (_WHOLE_QUOTE.match(probe.text) or _PRONOUN_SAID.search(probe.text)):
        # a quotation going on from the sentence before, or "he added", is still its speaker's
        before = attribution_of(previous)
        if before[1] == "expert" and not _STUDY_RESULT.search(probe.text):
            # ("'Our study is the first ...,' he said" tells the study's finding)
            return before
    m = lx.STUDY_DESCRIPTOR.search(probe)
    if m:
        return study_descriptor(m.group(0)), "study"
    m = lx.STUDY_FRAME.search(probe)
    if m and not _NAMES_AUTHORS.search(probe.text):
        # "In trials run in Norway, ...": the studies it is set in (a sentence naming its
        # authors, "In the first study, Lena Brock and colleagues followed ...", tells of
        # theirs, which the frame alone does not say)
        who = _clean_who(m.group("who"))
        return who, "study" if _ONE_STUDY.search(who) else "publication"
    m = _CITATION_MARK.search(probe.text)
    if m:  # "... with lasers [2–4]." credits the works it cites
        return f"cited reference {(m.group('ref') or m.group('glued')).strip()}", "publication"
    return None, None


# Words that open a capitalised run without naming anyone: "However, ... said", "The company
# says", "Experts say", "Patients told", a day or a month
_NOT_A_NAME = frozenset(str.split("""
a after also an and as at before but by during for from he her here his however if in it its
many more most my no not of on one our she since so some that the their then there these they
this those to under we what when while who with yet you your
experts researchers scientists doctors physicians officials authors critics studies people
patients participants users clients customers women men company companies manufacturer
spokesperson spokesman spokeswoman reviewers others both each several investigators staff
international inc ltd llc corp corporation pharmaceuticals pharma therapeutics laboratories
labs industries group holdings foundation institute university association society council
hospital clinic center centre college school department ministry agency administration
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december
"""))


def named_speaker(text: str | Probe) -> str | None:
    """The person a sentence names as saying it ("Jankovic added", "said Dr Ried"), if what
    stands as their name reads as one: no opening word, generic noun, date, acronym or
    regulator."""
    probe = probe_of(text)
    for m in lx.SPEAKER_NAMED.finditer(probe):
        # "The director at the Heart Foundation, Robert Grenfell, said": a name in apposition
        # is the speaker's (what it follows is where they work)
        for who in (m.group("appos"), m.group("who") or m.group("who2")):
            if who and _reads_as_name(who.strip()):
                return who.strip()
    return None


def _told_by_person(unit: Unit, probe: Probe) -> bool:
    """A person the sentence names says it, or "he said" one the sentence before names."""
    return named_speaker(probe) is not None or bool(
        unit.previous and _PRONOUN_SAID.search(probe.text) and (
            named_speaker(unit.previous) or attribution_of(unit.previous)[1] == "expert"))


def _reads_as_name(who: str) -> bool:
    bare = re.sub(r"^(?:Dr|Prof|Professor|Doctor)\.?\s+", "", who)
    words = bare.split()
    return bool(words) and _NAME_WORDS.fullmatch(bare) is not None and not bare.isupper() \
        and not any(w.lower() in _NOT_A_NAME for w in words if not w.endswith(".")) \
        and not lx.agency_in(who)


_NAME_WORDS = re.compile(r"[A-Z][a-z][\w'’-]*(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z][\w'’-]*){0,2}")
# what a study found, told as its people, figures or comparison: the study's finding even when
# its author is the one telling it ("75 percent of the users improved, said Glaser", "Our
# findings do not support ...")
_STUDY_RESULT = re.compile(r"\b(?:our|this)\s+(?:study|studies|findings|results|trial|data|"
                           r"research)\b|\b(?:placebo|sham|control group|controls)\b", re.I)


def _tells_study_result(probe: Probe) -> bool:
    unquoted = lx.QUOTE_RX.rx.sub(" ", probe.text)  # figures the speaker gives are theirs
    # how common a condition is ("up to 80% of women, said Dr. X") is no study's figure
    return bool(re.search(r"\d", unquoted) and not lx.tells_prevalence(probe.text)
                or _STUDY_RESULT.search(probe.text))


# what a statistical test decides: a difference, significance
_TESTED = re.compile(r"\b(differ\w*|significan\w*)\b", re.I)
# a quotation that opens and runs on past the sentence's end
_OPEN_QUOTE = re.compile(r"[“\"][^”\"]{8,}$")
# The regulator as the one speaking: the subject of the sentence, or the one who "said" it
REGULATOR_NOUN = re.compile(r"\b(agency|regulator|watchdog|administration)\b", re.I)
_ADVICE = re.compile(r"\b(should|encourag\w+|advis\w+|urg(e|es|ed|ing)|recommend\w*|please|"
                     r"consult|remind\w*)\b", re.I)
_OWN_VOICE = re.compile(r"^\W*(we|our|us|you|your|if|when)\b", re.I)
# the regulator a news item opens on, speaking again by pronoun or common noun at a sentence's
# start: "It said ...", "The agency also warned ...", "According to the ministry, ..." (where
# `_REGULATOR_SPEAKS` needs the sentence before to name it, the news item's lead names it)
REGULATOR_SPEAKS_AGAIN = re.compile(
    r"\W*(?:(?:It|The (?:agency|ministry|regulator|watchdog|authority|department|administration))"
    r"\s+(?:also\s+|further\s+|recently\s+)?(?:said|says|warned|warns|added|noted|found|stated|"
    r"advised|notified|reported|urged)\b|According to the (?:agency|ministry|regulator|watchdog|"
    r"authority|department|administration)\b)")
_REGULATOR_SPEAKS = re.compile(
    r"^\W*(?:(?:but|and|yet|so|however|also|still),?\s+)?the (agency|regulator|watchdog)\b|,\s+(it|the (agency|regulator|watchdog))\s+"
    r"(said|says|added|warned|stated)\W*$", re.I)
# two figures set against each other: "84.9% vs 75.4%", "83% (ivermectin) versus 73.3%"
_VERSUS = re.compile(r"\d[^\n]{0,80}?\b(?:vs\.?|versus)(?=\W)[^\n]{0,40}?\d")
_PRONOUN_SAID = re.compile(r"\b(he|she)\s+(said|says|added|adds|noted|notes|told|tells|explained|"
                           r"explains|warned|warns|cautioned|stressed)\b", re.I)
_WHOLE_QUOTE = re.compile(r"^\s*[“\"][^”\"]{8,}[”\"]?\s*$")
_REPORTING_TAIL = re.compile(r"\s+(?:(?:have|has|had)\s+)?(?:found|finds|shows?|showed|shown|"
                             r"suggests?|suggested|reported|demonstrated|confirmed|indicates?|"
                             r"signal|concluded)$", re.I)
_ONE_STUDY = re.compile(r"\b(study|trial|meta-analysis|systematic review)\b", re.I)
_AUTHOR_YEAR = re.compile(r"(?P<who>\b[A-Z][A-Za-z'’-]+(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|"
                          r"co-?workers)))\s*[,(]?\s*(?P<year>(?:19|20)\d{2})\b")
_NAMES_AUTHORS = re.compile(r"\b[A-Z][A-Za-z'’-]+\s+(?:et\s+al\b|and\s+(?:colleagues|co-?workers))")
_AUTHORS_SHOWED = re.compile(r"(?P<who>\b[A-Z][A-Za-z'’-]+(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|"
                             r"co-?workers|(?:his|her|their)\s+(?:team|colleagues))))\s+"
                             r"(?:\w+ly\s+)?(?:showed|show|found|find|reported|report|demonstrated|"
                             r"observed|concluded|noted|compared|treated|studied|tested|gave)\b")
# A study's researchers as the ones who did or found something: "Researchers gave 322 patients
# ...", "the Belgian researchers followed up ...", "Suren's team found ...", "Researchers at
# the University of X have studied ..." (not a business's own team, and not what researchers
# in general think)
TEAM = (r"(?:(?:[Tt]he|[Tt]heir|[Tt]hese)\s+)?(?:[A-Z][\w'’-]+\s+)?(?:[Rr]esearchers|"
        r"[Ii]nvestigators|[Ss]cientists|[Ss]tudy authors)|(?:[Tt]he|[Tt]hese)\s+authors|(?:[A-Z][\w'’-]+['’]s|[Tt]he (?:research|study))\s+team")
# what researchers do with the study they did
_STUDY_DID = (
    r"(?:found|reported|report|showed|observed|noted|concluded|discovered|gave|followed|"
    r"measured|tested|compared|studied|analy[sz]ed|reviewed|enrolled|recruited|randomi[sz]ed|"
    r"assigned|tracked|asked|saw|looked at|counted|identified|published|documented|surveyed|"
    r"examined|evaluated|assessed|investigated|calculated|estimated|shown|demonstrated|"
    r"worked with|treated|divided|split|used|conducted|performed|carried out|administered|got|"
    r"included|instructed|monitored|did|ran|characteri[sz]ed|described|explored|pooled)\b")
_TEAM_DID = re.compile(
    rf"(?<![Oo]ur )(?<![Mm]y )(?P<who>\b(?:{TEAM})(?:\s+(?:at|from)\s+(?:the\s+)?[A-Z][^.;:!?]{{0,80}}?)?),?"
    r"\s+(?:\w+ly\s+|also\s+|then\s+)?(?:(?:have|has|had)\s+(?:\w+ly\s+|also\s+)?)?"
    + _STUDY_DID)
TEAM_WHO = re.compile(rf"^(?:{TEAM})$")
# A study's first author named with degrees and place, as news agencies write them: "Jane Roe,
# Ph.D., from the University of X in Y, and colleagues examined ..."
_AUTHOR_OF_PLACE_DID = re.compile(
    r"(?P<who>\b[A-Z][A-Za-z'’-]+)(?:,\s+[A-Z][A-Za-z.]{1,9})*,\s+(?:of|from)\s+[^;!?]{3,160}?,\s+"
    r"and\s+(?P<co>colleagues|co-?workers|co-?authors)\s+(?:\w+ly\s+|also\s+)?" + _STUDY_DID)
# a finding told as found, its finders unnamed: "It was found that ...", "And they discovered
# that ..." (what was found, not what they think)
FOUND_BY_THEM = re.compile(r"\W*(?:(?:and|but|so|also),?\s+)?(?:it\s+was\s+(?:also\s+)?"
                            r"(?:found|shown|observed|reported|noted|demonstrated)|they\s+(?:also\s+)?"
                            r"(?:found|discovered|observed|noted|reported|saw|concluded|showed))\s+"
                            r"that\b", re.I)
# A citation marker ending a sentence: "[2–4]", "[1, 5]", or numbers glued to the full stop
_CITATION_MARK = re.compile(r"(?P<ref>\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\])\s*\.?[”\"’')]*\s*$|"
                            r"(?<=[a-z)]\.)(?P<glued>\d{1,3}(?:[,–-]\d{1,3})*)$")


_DESCRIPTOR_TAIL = re.compile(r"\s+(compared|of|in|found|showed|involving|with|concluded)$", re.I)


# the study noun, where what follows is a comma or a verb of its own, not a part of its name
_STUDY_NOUN_THEN_COMMA = re.compile(
    r"\b(study|trial|comparison|review|meta-analysis)\b(?=,|\s+(?:and|was|were|is|are|has|had|"
    r"have|published|presented|showed|shows|found|finds|reported|concluded|demonstrated|"
    r"revealed|suggested|indicated|recently|pitted|tested|examined|followed|involved|included|"
    r"gave|assessed|evaluated|investigated|measured|analy[sz]ed|recruited|looked)\b)", re.I)


def study_descriptor(s: str) -> str:
    """"A 12-week split-face study", without the verb or preposition that ended the match, or
    what follows a comma after the study ("a second, larger trial, eighty adults ...")."""
    m = _STUDY_NOUN_THEN_COMMA.search(s)
    if m:
        s = s[:m.end()]
    return _clean_who(_DESCRIPTOR_TAIL.sub("", _clean_who(s)))


def _clean_who(s: str) -> str:
    s = _SPACES.sub(" ", s).strip(" ,.")
    return _ARTICLE.sub("", s)


# What a regulator grants: approval, clearance, authorisation, a licence or a register entry
_GRANTED = (r"((\w+-)?(approved|cleared|authori[sz]ed|licen[cs]ed)|"
            r"(included|listed|registered|entered) (in|on) the (ARTG|register))")
_STATUS = [(Cue(rx), status) for rx, status in [
    (re.compile(r"(\bnot|n[’']t|\bnever|\bnor)\b(\s+(yet|been|be|currently|formally|officially|"
                rf"\w+ed\s+or))*\s+{_GRANTED}|"
                r"\b(no|none of the)\s+([\w-]+\s+){0,4}(is|are|has|have)\s+(yet\s+)?(been\s+)?"
                rf"{_GRANTED}|"
                r"\bwithout (\w+ ){0,2}(approval|clearance|authori[sz]ation)|\bunapproved|"
                r"\bdo(es)? not mean\b[^.;]{0,80}\b(approved|cleared|authori[sz]ed)|"
                r"\bnot recogni[sz]ed", re.I), "not_approved"),
    (re.compile(r"\boff-label\b", re.I), "off_label"),
    (re.compile(r"\b(can|may|must) only (be )?(used?|applied|sold|supplied|administered|"
                r"injected)|\b(only|solely) (be )?(used?|applied) (topically|externally|on intact)|"
                r"\b(only|solely) (through|for|by|as)|\ballowed to be\b[\s\S]*\bonly\b|"
                r"\bpermitted (only|for)|\bmust be performed by", re.I), "permitted_use_only"),
    (re.compile(r"\bcleared\b", re.I), "cleared"),
    (re.compile(r"\bapproved\b", re.I), "approved"),
    (re.compile(r"\b(banned|prohibited|recall(ed)?)\b", re.I), "prohibited"),
]]


_SCARE_QUOTES = re.compile(r"[\"“‘'][^\"“”‘’']{1,40}[\"”’']")


def regulatory_status(text: str | Probe) -> str | None:
    """What the text says of approval; a status in scare quotes ("FDA-cleared") is a
    label someone else uses, not one this text asserts."""
    probe = probe_of(text)
    if _SCARE_QUOTES.search(probe.text):
        stripped = _SCARE_QUOTES.sub(lambda m: " " * len(m.group(0)), probe.text)
        probe = Probe(stripped)
    for rx, status in _STATUS:
        if rx.search(probe):
            return status
    return None
