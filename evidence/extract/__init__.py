"""Claim extraction: RawDocument -> claims and study records, with exact offsets.

`Extractor` builds the spaCy pipeline once and turns each document's blocks
into units (sentences of paragraphs, bullet bodies, table data cells) with the
context a reader would use, then keeps the units that assert something
checkable. Offsets always index the stored text: `text[c.start:c.end] == c.text`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator

from evidence.extract import claims as cl
from evidence.extract import lexicon as lx
from evidence.extract.numbers import dates_and_sections_told, other_figures, years_told
from evidence.extract.reading import read_as_view, restore
from evidence.extract.studies import (
    REVIEW_DESIGNS,
    TREATED,
    design_of,
    read_held_groups,
    read_participants,
    read_registry,
    read_study,
    read_title,
    review_design,
)
from evidence.extract.studies import VERSION as STUDIES_VERSION
from evidence.models import (
    Block,
    Claim,
    ExtractionResult,
    Quantity,
    RawDocument,
    Span,
    StudyRecord,
)
from evidence.parse.scan import Probe

EXTRACTOR = cl.VERSION  # (with the reading view of `reading.VERSION`)
MAX_CHUNK = 100_000  # characters per spaCy doc, far below nlp.max_length
STUDY_KINDS = {"journal_article", "paper_summary", "preprint", "trial_registry"}
CONTINUATION = 600  # characters after a described study in which sentences still tell of it
# How a retelling goes on about a study: its people, its groups, its researchers, its results
STUDY_TELLING = re.compile(
    r"\b(participants|subjects|volunteers|the (men|women|patients|adults)|patients (who|in|"
    r"receiving|taking|treated)|(treatment|placebo|control|active|intervention) group|"
    r"researchers|investigators|authors|the (results?|findings|data|trial|study)|"
    r"results showed|they (found|reported|noted|observed)|at (the end of|week|month)|"
    # its people and its researchers by pronoun, its sample and follow-up
    r"they (also )?(were|reviewed|received|took|ran|gave|followed|compared|measured|tested|"
    r"applied|used|drank|ate|wore)|"
    # its people counted: "severe in 4 women and moderate in 6", "About 84% of patients were"
    # (not a rate of a population: "1 in 10 women", "25% of adults")
    r"(?<!\b1 )(?<!\bone )\b(in|of) \d+ (women|men|patients|participants|subjects|adults|"
    r"children|volunteers)|\d+(\.\d+)?% of (the )?(patients|participants|subjects)|"
    r"those who|the sample|follow-up|"
    r"after \w+ (weeks|months|days)|(people|men|women|adults|children|patients) (with|who|aged)|"
    r"(received|were given|were treated with|took|used|applied|drank) either|"
    # its groups and arms, its placebo, its assignment, its counts and scores
    r"groups?|(both|two|all|each) arms|placebo|random(ly|i[sz]ed|i[sz]ation)|"
    r"\(n ?= ?\d+|\d+ (of them )?(received|were given|took|got)|(mean|median|average) [\w-]+ "
    r"(score|change|loss|reduction|increase)s?|"
    # a change measured: "decreased the number of senescent cells by 10-37%", "showed a
    # measurable increase in collagen"
    r"(increased|decreased|reduced|lowered|raised|improved|fell|rose|dropped|declined)"
    r"( [\w-]+){0,6} by \d+|"
    r"(showed|found|revealed|demonstrated|saw) (a |an )?([\w.%-]+ ){0,3}(increase|decrease|"
    r"reduction|improvement|drop|rise|gain)s?|"
    # a result told in the passive or by its test: "It was found that ...", "were
    # significantly better", "This improvement was ..."
    r"it was (found|shown|observed|noted)|significant(ly)?|"
    r"th(is|at|ese) (improvement|reduction|increase|decrease|effect|benefit)s?)\b", re.I)
# the headings a card or summary of one study puts over its parts: "Study Results:",
# "Who was studied?", "What the Research Found"
_STUDY_PART = re.compile(r"^\W*(?:(?:the )?study(?:'s)? (?:details|results|findings|design|"
                         r"population)|(?:who|what) (?:was|were) (?:studied|the (?:results|"
                         r"findings))|how was it studied|what (?:the )?(?:research|study|"
                         r"researchers) (?:found|showed)|results?|findings)\W*$", re.I)


def _under_study_heading(unit: cl.Unit) -> bool:
    """A sentence under a heading or lead-in of a study's parts, on a page telling of one."""
    return any(ctx and _STUDY_PART.match(ctx) for ctx in (unit.section, unit.lead_in))


SAME_STUDY = re.compile(r"\b(in|from) the same (study|trial)\b|\bthe (same )?(study|trial|"
                        r"researchers) also\b|\b(in|from|used in) (that|this) (study|trial)\b",
                        re.I)


class Extractor:
    """Holds the pipeline for one run; `extract(doc)` is otherwise a pure function."""

    def __init__(self, batch_size: int = 128):
        from evidence.extract.pipeline import build_nlp

        self.nlp = build_nlp()
        self.batch_size = batch_size
        self.name = f"{EXTRACTOR}+" + "+".join(self.nlp.pipe_names)

    def extract(self, doc: RawDocument) -> ExtractionResult:
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[RawDocument]) -> Iterator[ExtractionResult]:
        for doc in docs:
            yield self._extract(doc)

    # --- internals -------------------------------------------------------

    def _segments(self, doc: RawDocument) -> list[tuple[int, Block]]:
        """(start offset, block) of every paragraph and bullet body, chunked for spaCy."""
        out = []
        for b in doc.blocks:
            if b.kind not in ("paragraph", "bullet"):
                continue
            s, e = b.body_start, b.end
            while e - s > MAX_CHUNK:
                cut = doc.text.rfind(". ", s, s + MAX_CHUNK)
                cut = cut + 2 if cut > s else s + MAX_CHUNK
                out.append((s, Block(b.kind, s, cut, b.level)))
                s = cut
            out.append((s, Block(b.kind, s, e, b.level, content_start=s)))
        return out

    def _extract(self, stored_doc: RawDocument) -> ExtractionResult:
        # read with words a line break hyphenated made whole; keep the stored text's words
        doc, stored = read_as_view(stored_doc)
        result = self._extract_view(doc)
        return result if doc is stored_doc else restore(result, stored)

    def _extract_view(self, doc: RawDocument) -> ExtractionResult:
        segments = self._segments(doc)
        sdocs = self.nlp.pipe((doc.text[s:b.end] for s, b in segments), batch_size=self.batch_size)
        sentences = {s: _sentences(sdoc, doc.text, s, b.end)
                     for (s, b), sdoc in zip(segments, sdocs, strict=True)}
        units = list(_units(doc, segments, sentences))
        studies: list[StudyRecord] = []
        own = self._own_study(doc, units)
        if own:
            studies.append(own)
        topic = None if doc.kind in STUDY_KINDS else document_topic(doc)
        doc_agency = lx.agency_in(" ".join(filter(None, [doc.meta.title, doc.meta.publisher,
                                                         doc.text[:1500]]))) \
            if doc.kind == "regulatory" else None
        # a news item that opens on a regulator's action tells what that regulator found
        reported_by = _regulator_lead(doc) if doc.kind == "news" else None
        claims: list[Claim] = []
        stub_for_lead: dict[str, str] = {}
        last_stub: str | None = None
        last_stub_end = 0
        for unit, qs in units:
            described: StudyRecord | None = None  # the study a design sentence gives, read once
            decision = cl.decide(unit, doc.kind, qs)
            if not decision.is_claim:
                if own is None and _CITED_BY_ID.search(unit.text):
                    # a reference printed with its identifier: the study the page cites, read
                    # from the whole line (its authors, title and journal go with the DOI)
                    line = doc.text.rfind("\n", 0, unit.start) + 1
                    stub = read_study(f"stub{len(studies)}", doc.text[line:unit.end], line,
                                      own=False)
                    stub.evidence["descriptor"] = [Span(line, unit.end, doc.text[line:unit.end])]
                    studies.append(stub)
                    last_stub, last_stub_end = stub.key, unit.end
                elif own is None and _introduces_study(unit):
                    # "One 2015 trial pitted the oil against minoxidil.": no claim, but the
                    # study the next sentences tell of ("Results showed ...")
                    stub = read_study(f"stub{len(studies)}", unit.text, unit.start, own=False,
                                      quantities=qs)
                    studies.append(stub)
                    last_stub, last_stub_end = stub.key, unit.end
                continue
            # how common a condition is among people at large: no study's finding
            prevalence = lx.tells_prevalence(unit.text)
            claim = _make_claim(doc, unit, qs, decision, topic, doc_agency, prevalence)
            if reported_by and claim.kind in ("other", "efficacy", "safety", "protocol") \
                    and claim.attribution is None and (_REGULATOR_COUNTED.search(unit.text)
                                                       or cl.REGULATOR_SPEAKS_AGAIN.match(unit.text)):
                # "Most adverse events occurred when ...", "41 cases were confirmed": the
                # reports the regulator counted, told in a news item on its action
                claim.kind, claim.agency = "regulatory", claim.agency or reported_by
            if own is not None and not cl.in_background(unit) and not (
                    unit.section and _OPINION_SECTION.match(unit.section)) and not prevalence:
                claim.study_ref = own.key
            elif last_stub and (SAME_STUDY.search(unit.text) or (
                    unit.start - last_stub_end <= CONTINUATION and not prevalence and (
                        claim.attribution is None or cl.TEAM_WHO.match(claim.attribution))
                    and (STUDY_TELLING.search(unit.text) or _figure_of_the_story(doc, claim)
                         or _next_finding(unit, claim, last_stub_end)
                         or _under_study_heading(unit)))):
                # "A 2015 study compared X with Y." then "Some 44% of participants improved":
                # the sentences after a described study go on telling of it
                claim.study_ref = last_stub
                # an item listed under the study's lead-in is named as the lead-in names it
                claim.attribution = claim.attribution or (
                    _study_name(unit.lead_in) if unit.lead_in in stub_for_lead
                    else "the same study")
                claim.attribution_kind = "study"
                last_stub_end = unit.end
                # "At the end of the 12 weeks, the researchers observed:" heads a list of
                # that study's results
                stub_for_lead[unit.text] = last_stub
                _tell_more(next(st for st in studies if st.key == last_stub), unit, qs)
            elif unit.block_kind != "bullet" and (claim.attribution_kind == "study" or (
                    own is None and claim.attribution is None and claim.kind == "study_design"
                    and _describes_a_study(described := read_study(
                        f"stub{len(studies)}", unit.text, unit.start, own=False,
                        quantities=qs)))):
                # "Patients (n=535) were randomized to ..." on a page that is not the study's
                # own report describes a study, named or not: the page's account of it
                if claim.attribution is None:
                    claim.attribution, claim.attribution_kind = "a study the page describes", "study"
                stub = described or read_study(f"stub{len(studies)}", unit.text, unit.start,
                                               own=False, quantities=qs)
                studies.append(stub)
                claim.study_ref = stub.key
                stub_for_lead[unit.text] = stub.key
                last_stub, last_stub_end = stub.key, unit.end
            elif unit.lead_in and unit.lead_in in stub_for_lead:
                claim.study_ref = stub_for_lead[unit.lead_in]
                claim.attribution = claim.attribution or _study_name(unit.lead_in)
                claim.attribution_kind = claim.attribution_kind or "study"
            elif claim.attribution is None and cl.FOUND_BY_THEM.match(unit.text):
                # "It was found that ...", "And they discovered that ...", told of no study
                # the page described just before: research's finding, its finders unnamed
                claim.attribution, claim.attribution_kind = "research the page tells of", \
                    "publication"
            claims.append(claim)
        return ExtractionResult(claims, studies, EXTRACTOR)

    def _own_study(self, doc: RawDocument, units: list) -> StudyRecord | None:
        if doc.kind not in STUDY_KINDS:
            return None
        # a summary site's own sections speak for the site; a journal's "Summary" is its
        # abstract (as The Lancet and Cell print theirs)
        site = doc.kind == "paper_summary"
        body = [(u, qs) for u, qs in units
                if u.block_kind in ("paragraph", "table_cell") and not (u.section and (
                    cl.SKIP_SECTIONS.match(u.section)
                    or (site and cl.SITE_VOICE_SECTIONS.match(u.section))))]
        if not body:
            body = list(units)
        design_units = [(u, qs) for u, qs in body
                        if cl.classify_kind(u.text) in ("study_design", "protocol")] or body
        # read the study from its design sentences in text order, as one span of evidence
        first = design_units[0][0]
        start = first.start
        end = max(u.end for u, _ in design_units)
        joined = doc.text[start:end]
        qs = [q for _u, qq in design_units for q in qq]
        st = read_study("own", joined, start, own=True, quantities=qs)
        whole = " ".join(u.text for u, _ in body)
        titled = design_of(doc.meta.title)[:2] if doc.meta.title else ("unknown", "")
        if doc.kind == "trial_registry":
            read_registry(st, doc.text)
        elif titled[0] != "unknown" and not (titled[0] == "non_randomized_trial"
                                            and st.design == "rct") \
                and not (titled[0] in ("rct", "non_randomized_trial") and review_design(whole)):
            # a report names its own design in its title; its body also names the designs
            # of the studies it cites or includes (a "pilot study" that its methods say was
            # randomized stays a randomized trial)
            st.design, st.design_reason = titled[0], f"title: {titled[1]}"
        elif st.design in ("unknown", "rct", "cohort") and (review := review_design(whole)):
            st.design, st.design_reason = review
        elif st.design == "unknown":
            design, why, _m = design_of(whole)
            st.design, st.design_reason = design, why
        if st.design == "unknown" and not st.within_subject and (m := TREATED.search(whole)):
            st.design = "non_randomized_trial"
            st.design_reason = f"people treated ('{m.group(0)}') with no comparison or randomization named"
        if doc.meta.title and doc.kind != "trial_registry":
            read_title(st, doc.meta.title)
        if st.design in REVIEW_DESIGNS:
            st.randomized = False  # a review pools trials; it randomizes no one
        if st.participants is None:
            read_participants(st, body)
        else:
            read_held_groups(st, body)
        if doc.meta.registrations and not st.registrations:
            st.registrations = list(doc.meta.registrations)
        st.citation = {k: v for k, v in {
            "doi": doc.meta.doi, "pmid": doc.meta.pmid, "pmcid": doc.meta.pmcid,
            "title": doc.meta.title, "first_author": (doc.meta.authors or [None])[0],
            "year": (doc.meta.published or "")[:4] or None}.items() if v}
        st.extractor = STUDIES_VERSION
        return st


# A summary site's own opinion of the paper, which no study stands behind
_OPINION_SECTION = re.compile(r"^\W*(our (take|view|verdict|opinion)|editor'?s? (note|comment)|"
                              r"opinion|commentary|comment)\b", re.I)
# The label a structured abstract gives a paragraph: "Background: ...", "Results. ..."
_PARAGRAPH_LABEL = re.compile(r"\W*([A-Z][a-z]+(?: and [a-z]+)?)\s*[:.]\s+(?=\S)")
# ... and the labels that may follow inside one paragraph, where a copy ran an abstract's
# sections together ("Background: ... Objective: ... Design: ... Results: ...")
_RUN_ON_LABEL = re.compile(r"(?:background|introduction|context|objectives?|aims?|purpose|"
                           r"methods?|design|setting|participants|interventions?|results?|"
                           r"findings|conclusions?|interpretation|limitations)", re.I)


def _sentences(sdoc, text: str, offset: int,  # type: ignore[no-untyped-def]
               end: int) -> list[tuple[int, int, list[Quantity]]]:
    """(start, end, quantities) of each sentence of the segment `text[offset:end]`, in
    document offsets.

    The sentences are the splitter's, as the pipeline marked them on the tokens;
    leading white space is a sentence of its own there, so it is one here too."""
    ext = sdoc._
    spans = ext.sentences
    if end > offset and text[offset].isspace():
        spans = [(0, 0), *spans]
    qs = ext.quantities or []
    inside: list[list[Quantity]] = [[] for _ in spans]
    starts = [a for a, _ in spans]  # sentences are disjoint and in order: one bisect each
    for q in qs:
        i = bisect_right(starts, q.start) - 1
        while i > 0 and spans[i][0] == spans[i][1]:  # an empty sentence holds nothing
            i -= 1
        if i >= 0 and spans[i][0] <= q.start and q.end <= spans[i][1]:
            inside[i].append(_shift(q, offset))
    return [(offset + a, offset + z, found) for (a, z), found in zip(spans, inside, strict=True)]


_TOLD_LATER = ("participants", "arms", "duration", "sessions", "randomized", "within_subject",
               "blinding")


def _figure_of_the_story(doc: RawDocument, claim: Claim) -> bool:
    """A figure a news item gives just after the study it reports, credited to no one else
    ("Sneezing ended 1.5 days earlier", "The incidence rates were 2.39 and 2.41"): a news
    story goes on telling of the study it is about until it names another."""
    return doc.kind == "news" and claim.attribution is None and claim.kind != "regulatory" \
        and any(q.unit and q.role not in ("p_value", "ci") for q in claim.numbers)


NEXT_FINDING = 250  # characters after a described study in which a bare result is still its result
# the page speaking for itself or to its reader: its own promise, not the study's finding
_PAGE_VOICE = re.compile(r"\b(?:we|our|us|you|your)\b", re.I)
# a result told as what happened: the past of the verbs that tell how things came out
_TOLD_AS_HAPPENED = re.compile(
    r"\b(?:was|were|had|did|showed|reported|saw|observed|experienced|improved|increased|"
    r"decreased|reduced|lowered|raised|rose|fell|lost|gained|achieved|produced|led|resulted|"
    r"restored|developed)\b", re.I)


def _next_finding(unit: cl.Unit, claim: Claim, stub_end: int) -> bool:
    """A result told as what happened, credited to no one, in the sentence or two after a
    described study ("A 2014 trial gave bee venom or a placebo." then "The bee treatment was
    more effective ..."): the page goes on telling that study's result, even when it names
    neither its people nor its groups. A page's own voice ("our clients saw ...") and what
    is so in general ("Fatty liver is a serious condition") are not that study's."""
    return unit.start - stub_end <= NEXT_FINDING and claim.attribution is None \
        and claim.kind in ("efficacy", "safety") and not _PAGE_VOICE.search(unit.text) \
        and _TOLD_AS_HAPPENED.search(unit.text) is not None


def _tell_more(stub: StudyRecord, unit: cl.Unit, qs: list[Quantity]) -> None:
    """Fill what a described study left unsaid from a sentence that goes on telling of it
    ("A 2015 study compared X with Y." then "People with Z received X or Y for 6 months."):
    its length, head count, groups, design. What the study's own sentence said stands."""
    more = read_study("more", unit.text, unit.start, own=False, quantities=qs)
    for name in _TOLD_LATER:
        if getattr(stub, name) is None and getattr(more, name) is not None:
            setattr(stub, name, getattr(more, name))
            if name in more.evidence:
                stub.evidence[name] = more.evidence[name]
    if stub.design == "unknown" and more.design != "unknown":
        stub.design, stub.design_reason = more.design, more.design_reason
        if "design" in more.evidence:
            stub.evidence["design"] = more.evidence["design"]


def _shift(q: Quantity, by: int) -> Quantity:
    return Quantity(unit=q.unit, start=q.start + by, end=q.end + by, text=q.text, value=q.value,
                    low=q.low, high=q.high, role=q.role, comparator=q.comparator)


# what a regulator does that news reports: a warning, a crackdown, a recall, a seizure
_REGULATOR_ACTION = re.compile(r"\b(warn\w*|crack\w* down|recall\w*|seiz\w+|alert\w*|"
                               r"ban(s|ned|ning)?|fin(ed|es)|order(s|ed)?)\b", re.I)
# what a regulator counts: reports, cases, adverse events, hospital stays, deaths
_REGULATOR_COUNTED = re.compile(r"\b(reports?|cases|adverse (events?|reactions?)|"
                                r"hospitali[sz]\w+|deaths?|complaints?)\b", re.I)
REGULATOR_LEAD = 400  # characters of a news item's opening where it names the regulator acting


def _regulator_lead(doc: RawDocument) -> str | None:
    """The regulator a news item's opening shows acting ("The FDA is warning ...", "The UK's
    medicines watchdog is cracking down ..."), if it opens so."""
    lead = doc.text[:REGULATOR_LEAD]
    named = lx.agency_in(lead)
    if not _REGULATOR_ACTION.search(lead) or not (named or cl.REGULATOR_NOUN.search(lead)):
        return None
    return named or lx.agency_in(doc.text[:REGULATOR_LEAD * 3])


# a reference a page prints with its identifier: "... Phytother Res. 2011. doi: 10.1002/ptr.3360."
_CITED_BY_ID = re.compile(r"\b(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+|"
                          r"\bPMID:?\s*\d{6,9}\b", re.I)


# a study named as what a journal published: "the Journal of X published a review of ..."
_PUBLISHED = re.compile(r"\bpublished\s+$", re.I)


def _introduces_study(unit) -> bool:  # type: ignore[no-untyped-def]
    """A sentence (not a list item) whose subject is one study: "One 2015 trial pitted ..."."""
    low = unit.text[:120].lower()
    if unit.block_kind == "bullet" or not any(w in low for w in ("stud", "trial", "review")):
        return False
    m = lx.STUDY_DESCRIPTOR.search(unit.text)
    # ... or its object, published by the journal the sentence opens on ("In 2022, the
    # Journal of X published a review of ...")
    return m is not None and (m.start() < 40 or _PUBLISHED.search(unit.text, 0, m.start())
                              is not None) and cl.attribution_of(unit.text)[1] == "study"



def _describes_a_study(st: StudyRecord) -> bool:
    """Whether a design sentence's study (`read_study`) has facts of its own: randomization or
    blinding, or the people it counted, not the word "study" alone."""
    return bool(st.randomized or st.blinding or st.participants or st.within_subject)


def _study_name(lead_in: str) -> str:
    m = lx.STUDY_DESCRIPTOR.search(lead_in)
    return cl.study_descriptor(m.group(0)) if m else lead_in[:80]


def _units(doc: RawDocument, segments: list[tuple[int, Block]],
           sentences: dict[int, list[tuple[int, int, list[Quantity]]]]):  # type: ignore[no-untyped-def]
    """Yield (Unit, quantities) in text order, with section, lead-in, label and headers."""
    text = doc.text
    subject = page_subject(doc)
    seg_starts = sorted(s for s, _b in segments)
    section: str | None = None
    heading_subject: str | None = None
    lead_in: str | None = None
    previous: str | None = None
    cells = _table_cells(doc)
    blocks = doc.blocks
    for bi, b in enumerate(blocks):
        if b.kind == "heading":
            section = text[b.body_start:b.end].strip().strip("#*_ ").strip()
            heading_subject = section
            lead_in = None
            continue
        if b.kind == "table_cell":
            unit = cells.get((b.start, b.end))
            if unit is not None:
                unit.section = section
                yield unit, _cell_quantities(unit)
            continue
        if b.kind not in ("paragraph", "bullet"):
            continue
        kind = b.kind
        if kind == "paragraph" and lead_in and text[b.body_start:b.end].lstrip()[:1].islower():
            # a list flattened into lines: "The order also:" then "requires ...;" on the next
            # line is an item of that list, not the tail of a sentence a page break cut
            kind = "bullet"
        label = None
        if kind == "bullet":
            m = lx.LABEL.match(text[b.body_start:b.end])
            label = m.group(1).strip() if m else None
        lo, hi = bisect_left(seg_starts, b.body_start), bisect_left(seg_starts, b.end)
        starts = seg_starts[lo:hi] or [b.body_start]
        sents = [x for s in starts for x in sentences.get(s, [])]
        para = _PARAGRAPH_LABEL.match(text, b.body_start, b.end) if kind == "paragraph" else None
        after = blocks[bi + 1] if bi + 1 < len(blocks) else None
        sig = lx.SIGNATURE.match(text[after.body_start:after.end]) \
            if after is not None and after.kind == "paragraph" and after.end - after.start < 80 \
            else None
        para_label = para.group(1) if para else None
        for i, (s, e, qs) in enumerate(sents):
            sent = text[s:e]
            if i and kind == "paragraph" and (run_on := _PARAGRAPH_LABEL.match(sent)) \
                    and _RUN_ON_LABEL.fullmatch(run_on.group(1)):
                para_label = run_on.group(1)
            unit = cl.Unit(s, e, sent, kind, section=section,
                           label=label if i == 0 else None,
                           lead_in=lead_in if kind == "bullet" else None,
                           previous=previous, heading_subject=heading_subject,
                           paragraph_label=para_label,
                           signed_by=sig.group("who") if sig else None,
                           cut_by_page=i == len(sents) - 1 and after is not None
                           and after.kind == "furniture", topic=subject)
            yield unit, qs
            previous = sent
        if kind == "paragraph":
            last = text[sents[-1][0]:sents[-1][1]] if sents else ""
            lead_in = last if last.rstrip().endswith(":") else None


# What a header says of the bare numbers under it: "Sessions" over "3–6"
_HEADER_UNITS = [
    (re.compile(r"\b(sessions?|treatments?|visits?)\b", re.I), "sessions"),
    (re.compile(r"\b(participants?|patients?|subjects?|sample size|enrol?led)\b|^n$", re.I),
     "participants"),
    (re.compile(r"\(%\)|%$|\bper ?cent\b", re.I), "%"),
    (re.compile(r"\(days?\)|\bdays\b", re.I), "days"),
    (re.compile(r"\(weeks?\)|\bweeks\b", re.I), "weeks"),
    (re.compile(r"\(hours?\)|\bhours\b", re.I), "hours"),
    (re.compile(r"\(mm\)|\bdepth\b", re.I), "mm"),
]
_BARE_CELL = re.compile(r"\s*(?P<a>\d+(?:[.,]\d+)?)(?:\s*(?:–|—|-|to)\s*(?P<b>\d+(?:[.,]\d+)?))?"
                        r"\s*(?P<plus>\+)?\s*")


def _cell_quantities(unit: cl.Unit) -> list[Quantity]:
    """A cell's numbers; a bare number or range takes its unit from the column or row header."""
    from evidence.extract.numbers import find_quantities, parse_number, role_for

    found = find_quantities(unit.text, unit.start)
    if any(q.unit for q in found):
        return found
    m = _BARE_CELL.fullmatch(unit.text)
    if not m:
        return found
    for header in (unit.col_header, unit.row_header):
        for rx, u in _HEADER_UNITS:
            if header and rx.search(header):
                a, b = parse_number(m.group("a")), parse_number(m.group("b") or "")
                last = "plus" if m.group("plus") else "b" if m.group("b") else "a"
                ranged = b is not None or bool(m.group("plus"))
                return [Quantity(unit=u, start=unit.start + m.start("a"),
                                 end=unit.start + m.end(last),
                                 text=unit.text[m.start("a"):m.end(last)],
                                 value=None if ranged else a, low=a if ranged else None,
                                 high=b, role=role_for(u))]
    return found


def _table_cells(doc: RawDocument) -> dict[tuple[int, int], cl.Unit]:
    """Data cells (not in the header row or the first column) with their headers."""
    text = doc.text
    tables: dict[int, dict[tuple[int, int], Block]] = {}
    for b in doc.blocks:
        if b.kind == "table_cell" and b.table is not None:
            tables.setdefault(b.table, {})[(b.row or 0, b.col or 0)] = b
    out: dict[tuple[int, int], cl.Unit] = {}
    for cells in tables.values():
        ncols = 1 + max(c for _r, c in cells)
        if ncols < 2:
            continue
        for (r, c), b in cells.items():
            if r == 0 or c == 0 or b.end <= b.start:
                continue
            row_h = _cell_text(text, cells.get((r, 0)))
            col_h = _cell_text(text, cells.get((0, c)))
            out[(b.start, b.end)] = cl.Unit(
                b.start, b.end, text[b.start:b.end], "table_cell", row_header=row_h,
                col_header=col_h, headers=[h for h in (col_h, row_h) if h])
    return out


def _cell_text(text: str, b: Block | None) -> str | None:
    if b is None:
        return None
    return re.sub(r"\s+", " ", text[b.start:b.end]).strip() or None


# Where a title's treatment ends: "Microneedling with PRP for Acne Scars",
# "Exosome facials: what the evidence says", "PRP – hair restoration"
_TOPIC_END = re.compile(r"\s+(?:for|in|to treat|versus|vs\.?)\s+|\s*[:–—|(?]\s*|\s+-\s+", re.I)
TOPIC_KINDS = {"efficacy", "safety", "recovery", "protocol", "mechanism"}


SUBJECT_HEAD = 4000  # characters of a page read for the words it keeps coming back to
SUBJECT_WORDS = 3  # the most repeated words that join the title as what a page is about
_SUBJECT_WORD = re.compile(r"[a-z][a-z0-9+-]{4,}")
# words every page repeats, whatever it is about
_COMMON = frozenset(str.split("""
about after again because before being between could during every first other their there
these those through under which while would should still where study studies research
patients people participants results health treatment treatments effects effect benefits
clinical trial trials group groups women adults including however found
"""))


def page_subject(doc: RawDocument) -> str | None:
    """What a page is about: its title and the words it keeps coming back to ("kombucha",
    "plunge", "montelukast" on a page titled "Key Takeaways" or "Kids and Singulair"), so
    that a sentence naming its subject in words the vocabulary does not know is read as
    said of it."""
    counts = Counter(w for w in _SUBJECT_WORD.findall(doc.text[:SUBJECT_HEAD].lower())
                     if w not in _COMMON)
    repeated = [w for w, n in counts.most_common(SUBJECT_WORDS) if n >= 3]
    return " ".join(filter(None, [doc.meta.title, *repeated])) or None


def document_topic(doc: RawDocument) -> str | None:
    """The treatment a page is about, from its title: the words before "for ...", a colon or
    a dash when they name a treatment, else the first treatment the title names."""
    title = " ".join((doc.meta.title or "").split())
    if not title:
        return None
    head = _TOPIC_END.split(title, maxsplit=1)[0].strip()
    if head and len(head.split()) <= 6 and lx.treatments(head):
        return head
    found = lx.treatments(title)
    return found[0].group(1) if found else None


def _make_claim(doc: RawDocument, unit: cl.Unit, qs: list[Quantity],
                decision: cl.Decision, topic: str | None = None,
                doc_agency: str | None = None, prevalence: bool = False) -> Claim:
    t = unit.text
    kind = decision.kind
    probe = decision.probe if decision.probe is not None and decision.probe.text == t else Probe(t)
    who, who_kind = decision.attribution or cl.attribution_of(probe, unit.previous)
    hedges = cl.hedges_in(probe, kind)
    agency = lx.agency_in(probe)
    if agency is None and kind == "regulatory":
        # a regulator's own notice speaks for that regulator
        agency = lx.jurisdiction_agency(t) or doc_agency
    subject = None
    if unit.block_kind in ("table_cell", "bullet") or cl.PRONOUN_SUBJECT.match(cl.main_clause(t)):
        subject = cl.resolve_subject(unit)
    if subject is None and topic and kind in TOPIC_KINDS and unit.block_kind != "table_cell" \
            and not lx.treatments(probe):
        # "Downtime is just 24 hours" on a page about one treatment is said of that treatment
        subject = topic
    site_voice = bool(doc.kind == "paper_summary" and unit.section
                      and cl.SITE_VOICE_SECTIONS.match(unit.section))
    return Claim(
        start=unit.start, end=unit.end, text=t, kind=kind, section=unit.section,
        subject=subject, hedged=bool(hedges), hedges=hedges, absolute=cl.absolute_in(probe),
        negated=cl.is_negated(t), numbers=_claim_numbers(t, unit.start, qs),
        attribution=who, attribution_kind=who_kind, agency=agency,
        regulatory_status=cl.regulatory_status(probe) if kind == "regulatory" else None,
        block_kind=unit.block_kind, site_voice=site_voice, extractor=EXTRACTOR,
        background=doc.kind in cl.STUDY_VOICE_KINDS and (
            cl.before_findings(unit) or prevalence),
        outcome_terms=lx.outcomes(probe), population_terms=lx.populations(probe),
        intervention_terms=sorted({m.group(1).lower() for m in lx.treatments(probe)}),
    )


def _claim_numbers(text: str, start: int, qs: list[Quantity]) -> list[Quantity]:
    """The claim's quantities and, after them in text order, every other figure it states:
    a claim is checked against all its numbers, not only those a reader could place."""
    kept = [q for q in qs if q.unit or q.role]
    # a bare quantity ("20.4 ± 5.0", a mean with no unit) is read again as figures: the mean
    # as a figure, what follows its "±" as a spread
    more = other_figures(text, kept, start)
    more += years_told(text, kept + more, start)
    more += dates_and_sections_told(text, kept + more, start)
    return sorted(kept + more, key=lambda q: q.start) if more else kept
