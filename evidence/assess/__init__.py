"""Assessment: evidence class, tracing and flags for every claim in the corpus.

`assess(corpus)` is a pure function of the stored documents (latest versions),
their claims and their study records. A claim's outcome depends only on its
own document and on the documents claims are traced to (those reporting their
own study, and regulators' notes), so after an ingest the store hands over the
documents not assessed yet with those (the whole corpus when one of those
changed) and a `Focus`: only the fresh documents, and those whose claims meet a
changed reference document among their candidates, are assessed again. The
order documents arrive in never changes the outcome.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import replace
from typing import cast

from evidence.assess import checks
from evidence.assess.classify import STUDY_SOURCE_KINDS, base_class, describe, study_class
from evidence.assess.journals import journals_told
from evidence.assess.trace import (
    SLACK,
    THRESHOLD,
    CitingText,
    ClaimSide,
    Match,
    StudySide,
    Target,
    TargetIndex,
    best_of,
    candidate_pool,
    ceiling,
    cited_report,
    claim_side,
    compared,
    key_terms,
    outranks,
    page_words,
    score_side,
    side_from_json,
    side_to_json,
)
from evidence.extract import STUDY_TELLING
from evidence.extract import lexicon as lx
from evidence.extract.reading import reading_view
from evidence.models import (
    Assessment,
    Claim,
    ClaimAssessment,
    Corpus,
    CorpusClaim,
    CorpusSource,
    CorpusStudy,
    Flag,
    Focus,
    LinkResult,
    Quantity,
    StudyRecord,
)
from evidence.parse.metadata import issue_date
from evidence.parse.scan import Cue

VERSION = "evidence.assess.v37"  # v37: a report naming another by its title or DOI and agreeing on a fact of the study, contradicting none, tells the same study: its own study is linked to the other's; v36: trace v36; v35: a study the page calls "this study" is the page's own or none, never a weaker likeness to another report; trace v35; v34: checks v3 (lengths of time compared by value only); v33: how common a condition is among people at large is no figure of the study a page retells; v32: an article's background or aims is not the hedge of its findings a retelling drops; v31: checks v2 (numbers compared by size and rounding; rivals of like size and measure); v30: a claim credited to a regulator is its note (classify v2); v29: two reports that are one text (a seller's reprint of an abstract and the paper) are linked both ways; v28: tracing v31 (more words every report uses); v27: tracing v30 (phrases count half); a page retells the study it describes when that matches a report more surely than its head does; v26: tracing v25 (hyphenated words whole); v25: tracing v24 (names are no quotation); v24: tracing v23 (another dose); v23: tracing v22 (titles cited past their design words); v22: tracing v21 (near head counts); v21: tracing v20 (more facts win a tie); a credited finding fitting the page's study is that study's, however surely another matches by facts; v20: tracing v19 (author manuscripts' journals); v19: tracing v18 (lengths in other units); v18: tracing v17 (one arm's count as the trial's); v17: a described study matching another report by facts alone, however many, is not cited: the page's own study still claims it; v16: tracing v16 (topics apart); v15: tracing v14 (words beyond the third); v14: tracing v13 (blood pressures); v13: tracing v12 (product codes); v12: tracing v11 (figures counted once; index-form bylines); v11: tracing v10 (journals over issue lines); v10: tracing v9 (a head count agreeing with a group a report counts); v9: a finding told of the retold study's people, groups or researchers is that study's; v8: tracing v8 (results agreeing beyond the third, blood levels compared); v7: a finding told in the researchers' voice on a page retelling one study is that study's; v6: a study described on a page retelling another, fitting it, is that one; a page naming several years claims none; v5: a finding given just after the page names its study's journal or trial is that study's; v4: a study described on a page retelling one is that one when it fits (v3), or when the page speaks of it as its own
RECOVERY_UNITS = ("days", "hours", "weeks")
# The measure compared for internal conflicts: time until normal life resumes
DOWNTIME = re.compile(r"\b(downtime|recovery|back (at|to) work|return(s|ed)? to (work|normal))",
                      re.I)


# What a pass stores of each traced subject, so the next pass can tell whether a new study
# changes it: ("stub", study id), ("claim", claim id) or ("page", source id), mapped to the
# study its best match is and that match's confidence ((None, 0.0) when none passes)
Subject = tuple[str, int]
Traced = tuple[int | None, float]
# What a pass stores of a document's subjects: each one's best match and side (as JSON)
Trace = tuple[int | None, float, dict[str, object]]
# The sides earlier passes stored, by document, as stored (`side_to_json`): read back only
# when a changed document is to be scored against them
Sides = dict[int, dict[Subject, dict[str, object]]]


def assess(corpus: Corpus, exhaustive: bool = False,
           prior: dict[Subject, Traced] | None = None) -> Assessment:
    """Assess every claim of `corpus`. Tracing scores each claim against the targets a
    `TargetIndex` names as able to pass; `exhaustive` scores every target instead, which
    gives the same outcome and is kept to show it. `prior`: see `assess_traced`."""
    return assess_traced(corpus, exhaustive, prior)[0]


def assess_traced(corpus: Corpus, exhaustive: bool = False,
                  prior: dict[Subject, Traced] | None = None, sides: Sides | None = None,
                  targets: list[Target] | None = None,
                  ) -> tuple[Assessment, dict[int, dict[Subject, Trace]]]:
    """`assess`, with what it traced, by document: each subject's best match and side.

    `prior` is what earlier passes stored of each subject's best match (for the current
    trace rule, `trace.VERSION`), and `sides` the subjects' sides they stored, by document.
    Given `prior`, a focused pass scores the documents not assessed again only against the
    changed reference documents: a document whose subjects none of those beats keeps its
    stored outcome and is neither traced in full nor assessed (see `_affected`). Without
    it, every document meeting a changed one among its candidates is assessed again.
    `targets`: those `tracing_targets` gave for this corpus, if already built."""
    by_source: dict[int, list[CorpusClaim]] = defaultdict(list)
    for cc in corpus.claims:
        by_source[cc.source_id].append(cc)
    by_start = {sid: _ByStart(claims) for sid, claims in by_source.items()}
    studies = {s.id: s for s in corpus.studies}
    all_targets = targets if targets is not None else _targets(corpus, by_source)
    focus = corpus.focus
    if focus is None:
        keep = set(corpus.sources)
    else:
        stored = sides or {}
        # sides not stored are read from the documents, when a changed document may meet them
        unread = {sid for sid in corpus.sources if sid not in focus.fresh and sid not in stored
                  } if focus.changed else set()
        told: dict[Subject, tuple[int, ClaimSide | CitingText | dict[str, object], int]] = dict(
            _subjects(corpus, by_source, by_start, studies, unread))
        told.update({key: (sid, side, _hits(key)) for sid, subs in stored.items()
                     if sid in corpus.sources and sid not in focus.fresh
                     for key, side in subs.items()})
        keep = set(focus.fresh) | _changed_by(focus, told, all_targets, exhaustive, prior)
        if _regulator_changed(corpus, focus, by_source):
            keep |= {sid for sid, claims in by_source.items()
                     if any(cc.claim.kind == "regulatory" for cc in claims)}
    index: list[Target] | TargetIndex = all_targets if exhaustive else TargetIndex(all_targets)
    copies = _copies(all_targets, index if isinstance(index, TargetIndex)
                     else TargetIndex(all_targets), keep)
    subjects = _subjects(corpus, by_source, by_start, studies, keep)
    raw: dict[Subject, Match | None] = {
        key: best_of(side, index, exclude_source=sid, min_hits=hits)
        for key, (sid, side, hits) in subjects.items() if isinstance(side, ClaimSide)}
    named = {key: cited_report(side, index, exclude_source=sid)
             for key, (sid, side, _) in subjects.items() if isinstance(side, CitingText)}
    traces: dict[int, dict[Subject, Trace]] = {sid: {} for sid in keep if sid in corpus.sources}
    for key, m in raw.items():
        sid, side, _ = subjects[key]
        traces[sid][key] = (m.target.study_id if m else None, m.confidence if m else 0.0,
                            side_to_json(cast(ClaimSide, side)))  # raw holds claim sides
    for key, found in named.items():
        sid, side, _ = subjects[key]
        traces[sid][key] = (found[0].target.study_id if found else None,
                            1.0 if found else 0.0, {"citing": side.text})

    links: list[LinkResult] = []
    stub_traces: dict[int, int | None] = {}
    traced_to: dict[int, Match] = {}  # stub id -> match
    retold = _retold(raw, studies)
    for cs in corpus.studies:
        if cs.study.reported_in_own_source or cs.source_id not in keep:
            continue
        m = raw[("stub", cs.id)]
        if m and not m.cited and corpus.sources[cs.source_id].kind in STUDY_SOURCE_KINDS:
            # a report describing other work names it by its references, which a saved copy
            # rarely keeps; two reports alike in topic are not one study without a citation
            m = None
        page = retold.get(cs.source_id)
        if m is not None and page is not None:
            m = _fitting_page_study(m, subjects[("stub", cs.id)][1], page)
        if m is None and page is not None:
            m = _page_study(subjects[("stub", cs.id)][1], page)
        stub_traces[cs.id] = m.target.study_id if m else None
        if m:
            traced_to[cs.id] = m
    credited = {cid: m for (what, cid), m in raw.items() if what == "claim"}
    primary_notes = _primary_notes(corpus, by_source)
    out: dict[int, ClaimAssessment] = {}
    for source_id, claims in sorted(by_source.items()):
        if source_id not in keep:
            continue
        src = corpus.sources[source_id]
        topic_pops = _topic_populations(src)
        doc_topic = lx.canonical_treatments(src.title or "") or _dominant_treatments(claims)
        conflict_items = []
        own_hedged = [(cc.id, cc.claim.start, cc.claim.end, cc.claim.text) for cc in claims
                      if cc.claim.hedged and cc.claim.kind == "efficacy" and not cc.claim.site_voice
                      and not cc.claim.background]
        page = retold.get(source_id)
        named_at = _naming_end(src, page) if page is not None else None
        for cc in claims:
            c = cc.claim
            local = studies.get(cc.study_id) if cc.study_id else None
            own = local.study if local and local.study.reported_in_own_source else None
            cls, reason = base_class(c, src.kind, own)
            flags: list[Flag] = checks.absolute_language(c, src.kind)
            match: Match | None = None
            behind = local.study if local else None
            if local and not local.study.reported_in_own_source:
                match = traced_to.get(local.id)
            elif c.attribution_kind in ("publication", "study") and src.kind not in STUDY_SOURCE_KINDS:
                match = credited[cc.id]
                if match is not None and page is not None and match.confidence >= 1.0:
                    # as for a described study (a weaker match is dropped just below)
                    match = _fitting_page_study(match, subjects[("claim", cc.id)][1], page)
            page_wide = False
            if match is not None and page is not None and match.confidence < 1.0 \
                    and match.target.study_id != page.target.study_id:
                # a page that retells one study is read as speaking of it: a weaker, uncited
                # likeness to another study does not outweigh the whole page
                match = None
            if match is None and page is not None and not lx.tells_prevalence(c.text) and (
                    _tells_of(c, page.target) or _told_after_naming(c, named_at)
                    or _reports_finding(c)):
                # the page retells that study without crediting it here: the figures are
                # checked against it, and the claim keeps the standing its page gives it
                match, page_wide = page, True
            traced_id = None
            if match is not None and cls not in ("regulatory",):
                t = match.target
                traced_id = t.study_id
                behind = t.study
                if not page_wide:
                    # a page retelling a trial speaks for it, it is not the trial's report:
                    # it stays attributed, now to a study found (the reason names it)
                    cls = "attributed" if src.kind not in STUDY_SOURCE_KINDS \
                        else study_class(t.study)
                    reason = (f"attributed → traced to {describe(t.study)} "
                              f"({t.source.title or t.source.location})")
                elif cls == "unverified":
                    # a page retelling a study gives its figures as the study's, uncredited
                    cls = "attributed"
                    reason = (f"the page retells {describe(t.study)} "
                              f"({t.source.title or t.source.location}) and gives this figure")
                nflags, matched, mism = checks.compare_numbers(c, t.numbers_side, t.source.id)
                if not page_wide or c.kind in RETOLD_FINDINGS:
                    # a page's background figure is linked to the study, but only its
                    # findings are held to the study's words
                    flags += nflags
                    flags += checks.outcome_changed(c, t.outcomes, t.source.id)
                    flags += checks.population_changed(c, t.populations, other_source=t.source.id)
                    flags += checks.hedge_dropped(c, t.hedged, t.source.id)
                    flags += checks.design_upgraded(c, t.study, other_source=t.source.id)
                if local and not local.study.reported_in_own_source:
                    flags += checks.design_upgraded(c, t.study, stub=local.study,
                                                    other_source=t.source.id)
                links.append(LinkResult(
                    to_study=t.study_id, confidence=round(match.confidence, 3),
                    matched_on=match.matched_on + ([f"numbers:{','.join(matched)}"]
                                                   if matched and not any(
                                                       m.startswith("numbers:") for m in match.matched_on)
                                                   else []),
                    mismatches=match.mismatches + mism, rule=VERSION, from_claim=cc.id))
            linked_note = None
            if c.kind == "regulatory" and src.kind != "regulatory":
                linked_note = _link_regulatory(c, cc, src, primary_notes, doc_topic)
                if linked_note:
                    links.append(linked_note)
                    reason = f"regulatory statement linked to a primary note of {c.agency or 'the regulator'}"
            flags += checks.unsourced_regulatory(c, src.kind, linked_note is not None)
            flags += checks.untraced_number(c, cls, traced_id is not None)
            if own is None or c.kind in ("efficacy", "safety", "recovery", "study_design"):
                flags += checks.small_sample(c, behind)
            flags += checks.no_control(c, behind)
            if c.site_voice:
                flags += checks.hedge_dropped(c, own_hedged, source_id)
            if c.attribution_kind in ("publication", "study") and traced_id is None:
                flags += checks.population_changed(c, topic_pops, where="this page")
            conflict_items += _conflict_items(cc, doc_topic, local.study if local else None)
            out[cc.id] = ClaimAssessment(cc.id, cls, reason, traced_id, _dedupe(flags))
        for cid, fl in checks.internal_conflicts(conflict_items).items():
            out[cid].flags = _dedupe(out[cid].flags + fl)

    for stub_id, m in traced_to.items():
        links.append(LinkResult(to_study=m.target.study_id, confidence=round(m.confidence, 3),
                                matched_on=m.matched_on, mismatches=m.mismatches, rule=VERSION,
                                from_study=stub_id))
    # a report read again as another's copy has its links from its own study written anew
    # (see `Store`): the report it names is read for it too, though it is not assessed again
    for study_id in copies:
        cs = studies[study_id]
        if ("own", study_id) not in named:
            named[("own", study_id)] = cited_report(_citing_text(corpus.sources[cs.source_id]),
                                                    index, exclude_source=cs.source_id)
    links += _same_study_told(named, studies, corpus, all_targets, copies)
    copied: dict[int, list[int]] = {}
    for study_id, found in sorted(copies.items()):
        copied[study_id] = [m.target.study_id for m in found]
        links += [LinkResult(to_study=m.target.study_id, confidence=round(m.confidence, 3),
                             matched_on=m.matched_on, mismatches=[], rule=VERSION,
                             from_study=study_id) for m in found]
    return Assessment(out, links, stub_traces, VERSION, copied), traces


# a line of a report's head that may cite another report: by its DOI or PubMed number, its
# authors, or as its reference or source
_CITING_LINE = re.compile(r"^.*(?:\bdoi\b|\b10\.\d{4,9}/|\bPMID|\bPMC\d|\bet al\b|"
                          r"\b(?:reference|citation|source|original (?:article|study))s?\b"
                          r"|\btrial\b).*$", re.I | re.M)

def _citing_text(src: CorpusSource) -> CitingText:
    """A report's title and the lines of its head that cite (`_CITING_LINE`)."""
    return CitingText("\n".join([src.title or ""]
                                + _CITING_LINE.findall(src.text[:RETELLING_HEAD])))


# the facts of a study two reports must share, beyond a citation, to be one study told twice
_SAME_STUDY_FACTS = ("participants", "duration", "author", "quoted", "arms")


def _same_study_told(named: dict[Subject, list[Match]], studies: dict[int, CorpusStudy],
                     corpus: Corpus, targets: list[Target],
                     copies: dict[int, list[Match]]) -> list[LinkResult]:
    """Links from a report's own study to the report it cites, where the two tell one
    study: a summary site's or a magazine's account of a paper, read as a report because it
    reads like one ("This double-blind trial of 45 women ..."), and naming the paper by its
    title or DOI. The cited report must agree on a fact of the study (its head count, length,
    authors, a quoted sentence) and contradict it in none; a paper citing another study of
    its field differs from it in its head count or its year, and is not linked."""
    by_study = {t.study_id: t for t in targets}
    out = []
    for (_, study_id), found in sorted(named.items()):
        copied = {c.target.study_id for c in copies.get(study_id, ())}
        found = [m for m in found if m.target.study_id not in copied]
        if not found or study_id not in by_study:
            continue
        mine = by_study[study_id]
        src = corpus.sources[studies[study_id].source_id]
        side = claim_side(mine.study, reading_view(src.text[:RETELLING_HEAD]),
                          [s.q for s in mine.numbers_side], src.title or "")
        best: tuple[Match, Match] | None = None
        for m in found:
            full = score_side(side, m.target)
            if full.mismatches or not any(x.split(":")[0] in _SAME_STUDY_FACTS
                                          for x in full.matched_on):
                continue
            if best is None or outranks(full, best[1]):
                best = (m, full)
        if best is not None:
            m, full = best
            out.append(LinkResult(to_study=m.target.study_id, confidence=1.0,
                                  matched_on=[f"same study:{m.cited}"] + full.matched_on,
                                  mismatches=[], rule=VERSION, from_study=study_id))
    return out


def _copies(targets: list[Target], index: TargetIndex, keep: set[int]) -> dict[int, list[Match]]:
    """The reports each report of the documents `keep` is one text with (`copies_of`), by
    own study: a seller's page reprinting a paper's abstract is read as a report, as it
    reads like one, and is linked to the paper, and the paper to it (which of two copies is
    the original, their words cannot tell). The copies of a document in `keep` are read
    too, so that both links are made whichever of the two changed."""
    found = {i: index.copies_of(i) for i, t in enumerate(targets) if t.source.id in keep}
    for i in list(found):
        for j, _ in found[i]:
            if j not in found:
                found[j] = index.copies_of(j)
    out: dict[int, list[Match]] = {}
    for i, pairs in sorted(found.items()):
        t = targets[i]
        runs = len(t.head_grams())
        out[t.study_id] = [
            Match(targets[j], min(1.0, THRESHOLD + shared / max(1, min(
                runs, len(targets[j].head_grams())))), [f"copy:{shared} runs"])
            for j, shared in pairs]
    return out


# --- helpers ------------------------------------------------------------------------

def _retold(raw: dict[Subject, Match | None], studies: dict[int, CorpusStudy]) -> dict[int, Match]:
    """The study each page retells, by its source: the one its head is likest to, unless a
    study the page describes matches another one more surely. A page's head shares words
    and a year with many reports of its field; a study it describes, its head count and
    length with the one it means."""
    retold = {sid: m for (what, sid), m in raw.items() if what == "page" and m}
    for (what, key), m in sorted(raw.items()):
        if what != "stub" or m is None:
            continue
        sid = studies[key].source_id
        page = retold.get(sid)
        if page is not None and m.target.study_id != page.target.study_id and outranks(m, page):
            retold[sid] = m
    return retold



RETELLING_WINDOW = 700  # characters after a described study that still tell of it
RETELLING_KINDS = ("commercial", "news", "other")
RETELLING_HEAD = 4000  # characters of a page read for the study it retells
RETELLING_LEAD = 500  # a page's lead, where it names the journal of the studies it tells of
RETOLD_FINDINGS = ("efficacy", "safety", "recovery", "study_design")


def tracing_targets(corpus: Corpus) -> list[Target]:
    """The studies of `corpus` a claim may trace to (see `assess_traced`)."""
    by_source: dict[int, list[CorpusClaim]] = defaultdict(list)
    for cc in corpus.claims:
        by_source[cc.source_id].append(cc)
    return _targets(corpus, by_source)


def sources_to_read(corpus: Corpus, targets: list[Target], prior: dict[Subject, Traced],
                    sides: Sides, outside: set[int], regulatory: set[int]) -> set[int]:
    """Of the latest documents a focused pass left out of `corpus` (`outside`), those it
    must read after all: those whose subjects were never stored (for this trace rule), those
    a changed reference document may change (`_changed_by`, on their stored sides), and,
    when a regulator's note changed, those with a statement about a regulator (`regulatory`).
    The others keep their stored outcome."""
    focus = corpus.focus
    if focus is None:
        return set(outside)
    need = {sid for sid in outside if sid not in sides}
    told = {key: (sid, side, _hits(key)) for sid in outside - need
            for key, side in sides[sid].items()}
    need |= _changed_by(focus, told, targets, False, prior)
    if _regulator_changed(corpus, focus):
        need |= outside & regulatory
    return need


def merged(a: Corpus, b: Corpus) -> Corpus:
    """`a` with the documents of `b`, in the order `Store.corpus` gives (by id)."""
    return Corpus(dict(sorted({**a.sources, **b.sources}.items())),
                  sorted(a.studies + b.studies, key=lambda s: s.id),
                  sorted(a.claims + b.claims, key=lambda c: c.id), a.focus)


def _hits(key: Subject) -> int:
    """How many figures must agree for a subject to trace without a citation: two for a
    whole page, one otherwise (see `score_side`)."""
    return 2 if key[0] == "page" else 1


def _subjects(corpus: Corpus, by_source: dict[int, list[CorpusClaim]],
              by_start: dict[int, _ByStart], studies: dict[int, CorpusStudy],
              only: set[int]) -> dict[Subject, tuple[int, ClaimSide | CitingText, int]]:
    """What a pass traces in the documents `only`, each read once: its document, its side,
    and how many figures must agree (`_hits`). Described studies (stubs) with what the next
    sentences tell of them; each page that may retell one study, by its head; and the
    claims a page credits to a publication or a study without describing it."""
    out: dict[Subject, tuple[int, ClaimSide | CitingText, int]] = {}
    if not only:
        return out
    leads: dict[int, frozenset[str]] = {}
    pages: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def lead_journals(sid: int, src: CorpusSource) -> frozenset[str]:
        # the journals a page's lead names, read once for all the studies it describes
        if sid not in leads:
            leads[sid] = journals_told(src.text[:RETELLING_LEAD])
        return leads[sid]

    def page(sid: int, src: CorpusSource) -> tuple[frozenset[str], frozenset[str]]:
        # the page's topic and words, read once for all it tells of
        if sid not in pages:
            pages[sid] = page_words(reading_view(src.text[:RETELLING_HEAD]))
        return pages[sid]

    for cs in corpus.studies:
        if cs.study.reported_in_own_source or cs.source_id not in only:
            continue
        src = corpus.sources[cs.source_id]
        # (a page may describe a study and make no claim at all)
        index = by_start.get(cs.source_id) or _ByStart([])
        text, numbers = _retelling(src, by_source[cs.source_id], index, _stub_span(cs),
                                   cs.study.numbers)
        out[("stub", cs.id)] = (cs.source_id, claim_side(
            _told_after(cs.study, numbers), text, numbers, src.title or "",
            lead_journals(cs.source_id, src), page(cs.source_id, src)), 1)
    for cs in corpus.studies:
        if not cs.study.reported_in_own_source or cs.source_id not in only:
            continue
        # the report a report names (`cited_report`): read for its citations alone, in its
        # title and the lines of its head that cite
        src = corpus.sources[cs.source_id]
        out[("own", cs.id)] = (cs.source_id, _citing_text(src), 1)
    for sid, src in corpus.sources.items():
        if src.kind not in RETELLING_KINDS or sid not in only:
            continue
        # the study a whole page retells, when the page names what it was about and shares
        # its facts (head count, figures, year) though no sentence cites it
        numbers = [q for cc in by_source.get(sid, ()) if cc.claim.start < RETELLING_HEAD
                   for q in cc.claim.numbers]
        if numbers:
            side = claim_side(None, src.text[:RETELLING_HEAD], numbers, src.title or "",
                              page=page(sid, src))
            if len(side.years) > 1:
                # a page naming several years tells of several studies: no year is its own
                side = replace(side, years=frozenset())
            out[("page", sid)] = (sid, side, 2)
    for sid, claims in by_source.items():
        src = corpus.sources[sid]
        if src.kind in STUDY_SOURCE_KINDS or sid not in only:
            continue
        for cc in claims:
            local = studies.get(cc.study_id) if cc.study_id else None
            if (local and not local.study.reported_in_own_source) \
                    or cc.claim.attribution_kind not in ("publication", "study"):
                continue
            text, numbers = _retelling(src, claims, by_start[sid],
                                       (cc.claim.start, cc.claim.end), cc.claim.numbers)
            out[("claim", cc.id)] = (sid, claim_side(None, text, numbers, src.title or "",
                                                     lead_journals(sid, src), page(sid, src)), 1)
    return out


def _changed_by(focus: Focus,
                subjects: dict[Subject, tuple[int, ClaimSide | CitingText | dict[str, object], int]],
                targets: list[Target], exhaustive: bool,
                prior: dict[Subject, Traced] | None) -> set[int]:
    """The documents with a subject a changed reference document may change: without
    `prior`, one meeting it among its candidates; with it, one it beats or ties, one with
    no stored best that meets it, or one whose stored best is a replaced version.

    A subject's best match is the best over every target; a pass adds only the changed
    targets and removes only replaced versions, so a stored best that is still a target and
    that no changed target beats is still the best."""
    out: set[int] = set()
    changed_targets = [t for t in targets if t.source.id in focus.changed]
    changed: list[Target] | TargetIndex = changed_targets if exhaustive \
        else TargetIndex(changed_targets)
    by_study = {t.study_id: t for t in targets}
    for key, (sid, told, hits) in subjects.items():
        if sid in out:
            continue
        before = prior.get(key) if prior is not None else None
        if before is not None and before[0] is not None and before[0] not in by_study:
            out.add(sid)  # its best was a version since replaced
            continue
        if not changed_targets:
            continue
        if isinstance(told, CitingText) or (isinstance(told, dict) and "citing" in told):
            # a report read for the reports it names: the changed ones it names now
            citing = told if isinstance(told, CitingText) else CitingText(str(told["citing"]))
            if cited_report(citing, changed, exclude_source=sid):
                out.add(sid)
            continue
        side = told if isinstance(told, ClaimSide) else side_from_json(told)
        pool = [(t, cite) for t, cite in candidate_pool(side, changed, hits) if t.source.id != sid]
        if not pool:
            continue
        if before is None:
            out.add(sid)
            continue
        floor = THRESHOLD if before[0] is None else max(THRESHOLD, before[1])
        for t, cite in pool:
            if not exhaustive and not cite and ceiling(side, t) < floor - SLACK:
                continue  # it cannot reach the threshold, nor the stored best
            m = score_side(side, t, hits, cite)
            if m.confidence >= THRESHOLD and (before[0] is None
                                              or m.confidence >= before[1] - SLACK):
                # it beats the stored best, or ties with it (and may agree on more facts)
                out.add(sid)
                break
    return out


def _regulator_changed(corpus: Corpus, focus: Focus,
                       by_source: dict[int, list[CorpusClaim]] | None = None) -> bool:
    """Whether a changed regulator's note may change where a statement about a regulator
    links: when it replaces an earlier version, or when it is among the notes statements
    are linked to (`_primary_notes`, over every note of `corpus`). A new note that repeats
    the agency and topic of an earlier-starting one is never picked, so the statements
    keep their links and are not assessed again."""
    notes = {s for s in focus.changed if s in corpus.sources
             and corpus.sources[s].kind == "regulatory"}
    if not notes:
        return False
    if notes & focus.renewed:
        return True
    if by_source is None:
        by_source = defaultdict(list)
        for cc in corpus.claims:
            by_source[cc.source_id].append(cc)
    return any(src.id in notes for src, _, _, _ in _primary_notes(corpus, by_source))


PAGE_STUDY_FLOOR = 0.4  # how well a study described on a page must fit the study it retells
# ... and a study the page speaks of as the one it is about ("this study", "the trial")
PAGE_STUDY_FLOOR_DEFINITE = 0.15
_DEFINITE = re.compile(r"\b(this|the|that)\s+(?:[\w-]+\s+){0,2}?(study|trial|research|paper)\b",
                       re.I)
_INDEFINITE = re.compile(r"\b(an?|another|one|other|earlier|previous|separate|recent|new)\s+"
                         r"(?:[\w-]+\s+){0,3}?(study|trial|studies|trials|research|paper)\b", re.I)


def _fitting_page_study(m: Match, side: ClaimSide, page: Match) -> Match:
    """`m`, or the study the page retells when `m` is an uncited likeness to another study,
    no surer than the page's, and the side fits the page's study (`_page_study`): facts
    alone, however many, are no citation, and do not outweigh the page."""
    if m.cited or m.target.study_id == page.target.study_id or m.confidence > page.confidence:
        return m
    fit = _page_study(side, page)
    if fit is None and _speaks_of_this_study(side):
        # "this study": the page's own, however like another report its figures are
        return None
    return fit or m


def _speaks_of_this_study(side: ClaimSide) -> bool:
    """Whether the side's first sentence calls its study "this study" (or "the trial"),
    not "another study" or "a 2019 trial"."""
    first = re.split(r"(?<=[.!?])\s", side.text, maxsplit=1)[0]
    return bool(_DEFINITE.search(first)) and not _INDEFINITE.search(first)


def _page_study(side: ClaimSide, page: Match) -> Match | None:
    """The study a page retells, for a study the page describes without enough facts to be
    traced on its own ("the study discovered..."): it is that study when it fits it fairly
    (`PAGE_STUDY_FLOOR`), or shares its words where the page speaks of it as the study it
    is about ("In this study, ..."), and contradicts it in nothing. A study that differs in
    a fact (its length, its head count, its year, what it gave), or that the page
    introduces as another ("In another study, ..."), is another one the page mentions;
    but where the page cites the report and speaks of "this study", a head count, a
    length or a year told otherwise is the page misquoting it, and is checked as such."""
    definite = _speaks_of_this_study(side)
    m = score_side(side, page.target)
    floor = PAGE_STUDY_FLOOR_DEFINITE if definite else PAGE_STUDY_FLOOR
    if definite and page.cited is not None:
        contradicts = [x for x in m.mismatches if not x.startswith(_MISQUOTABLE)]
    else:
        contradicts = m.mismatches
    return m if m.confidence >= floor and not contradicts else None


# what a page citing a report may tell otherwise of it and still mean it
_MISQUOTABLE = ("participants:", "duration:", "year:", "sessions:")


def _tells_of(c: Claim, t: Target) -> bool:
    """A statement of a retelling page that gives one of the study's own figures: a result
    or its head count, or for a finding, its length or dose too."""
    if c.kind in ("protocol", "regulatory"):
        return False
    finding = c.kind in RETOLD_FINDINGS
    return any(((q.unit in ("%", "kg") or (finding and compared(q))) and t.agrees(q))
               or (q.role == "participants" and q.value == t.study.participants)
               for q in c.numbers)


# a finding told in the research's voice: "They found that 71 percent ...", "A significant
# decrease was found in treated skin", "Results showed ..."
_FINDING_VOICE = re.compile(
    r"\b(?:they|researchers|scientists|investigators|the (?:study|trial|researchers|authors|"
    r"investigators))\s+(?:also\s+)?(?:found|showed|reported|observed|noted|saw)\b|"
    r"\b(?:was|were)\s+(?:found|observed|seen|reported)\s+(?:in|with|among|for|after)\b|"
    r"\bresults?\s+(?:showed|revealed|found)\b", re.I)
# a study other than the one the page retells
_ANOTHER_STUDY = re.compile(r"\b(?:another|a second|other|previous|earlier|older|a separate|"
                            r"an? (?:\d{4}|new|recent))\s+(?:study|trial|research|review)", re.I)


def _reports_finding(c: Claim) -> bool:
    """A finding a page retelling one study tells in the research's voice ("They found that
    71 percent ..."), or a finding told of the study's people, groups or researchers
    ("Those in the placebo group ...", "Researchers gave 322 patients ..."), and not of
    another study nor in a quoted clinician's words: the page gives it as that study's."""
    if c.kind in ("protocol", "regulatory") or _ANOTHER_STUDY.search(c.text) is not None:
        return False
    return _FINDING_VOICE.search(c.text) is not None or (
        c.kind in RETOLD_FINDINGS and c.attribution_kind not in ("expert", "testimonial")
        and STUDY_TELLING.search(c.text) is not None)


def _naming_end(src: CorpusSource, page: Match) -> int | None:
    """Where the page first finishes naming the study it retells, by the journal or the
    trial its match was made on; None when it names it by neither."""
    at = None
    for what in page.matched_on:
        kind, _, name = what.partition(":")
        if kind == "journal":
            m = re.search(r"\s+".join(re.escape(w) for w in name.split()), src.text)
        elif kind == "trial":
            m = re.search(rf"\b{re.escape(name)}\b", src.text)
        else:
            continue
        if m is not None and (at is None or m.end() < at):
            at = m.end()
    return at


def _told_after_naming(c: Claim, named_at: int | None) -> bool:
    """A finding given with its figures just after the page names the study it retells
    (`_naming_end`: "Published in <journal>, 2015 ... 60 women ... 32% more hairs"): the
    page gives them as that study's, whether or not the study bears them out."""
    return named_at is not None and c.kind in RETOLD_FINDINGS \
        and any(q.unit == "%" for q in c.numbers) \
        and named_at <= c.start <= named_at + RETELLING_WINDOW


def _retelling(src: CorpusSource, claims: list[CorpusClaim], index: _ByStart,
               span: tuple[int, int] | None, numbers: list[Quantity]) -> tuple[str, list[Quantity]]:
    """A described study with what the next sentences tell of it: a page says "A 2015 study
    compared X with Y." and gives the head count and the results after it."""
    if span is None:
        return "", numbers
    end = span[1] + RETELLING_WINDOW
    more = [q for cc in _starting_within(claims, index, span[1], end) for q in cc.claim.numbers]
    return src.text[span[0]:min(end, len(src.text))], numbers + more


class _ByStart:
    """A document's claims ordered by where they start, built once per claim list, so the
    claims starting in a window are found by bisection, not by a scan of every claim."""

    def __init__(self, claims: list[CorpusClaim]):
        order = sorted(range(len(claims)), key=lambda i: claims[i].claim.start)
        self.starts = [claims[i].claim.start for i in order]
        self.order = order


def _starting_within(claims: list[CorpusClaim], index: _ByStart, lo: int,
                     hi: int) -> list[CorpusClaim]:
    """The claims with lo <= start < hi, in list order."""
    a, b = bisect_left(index.starts, lo), bisect_left(index.starts, hi)
    return [claims[i] for i in sorted(index.order[a:b])]


def _told_after(stub: StudyRecord, numbers: list[Quantity]) -> StudyRecord:
    """The described study with the head count and length the next sentences give, where
    its own sentence left them unsaid (for scoring only; the stored stub is unchanged)."""
    people = stub.participants or next(
        (int(q.value) for q in numbers if q.role == "participants" and q.value), None)
    length = stub.duration or next(
        (f"{int(q.value) if float(q.value).is_integer() else q.value} {q.unit}" for q in numbers
         if q.unit in ("weeks", "months") and q.role is None and q.value), None)
    if people == stub.participants and length == stub.duration:
        return stub
    return replace(stub, participants=people, duration=length)


def _stub_span(cs: CorpusStudy) -> tuple[int, int] | None:
    """Where a described study is described: its descriptor sentence, or its evidence."""
    spans = cs.study.evidence.get("descriptor") or [s for v in cs.study.evidence.values() for s in v]
    if not spans:
        return None
    return min(s.start for s in spans), max(s.end for s in spans)


def _targets(corpus: Corpus, by_source: dict[int, list[CorpusClaim]]) -> list[Target]:
    out = []
    for cs in corpus.studies:
        if not cs.study.reported_in_own_source:
            continue
        src = corpus.sources[cs.source_id]
        claims = by_source.get(cs.source_id, [])
        side = [StudySide(q, cc.id, cc.claim.text, cc.claim.start, cc.claim.end)
                for cc in claims for q in cc.claim.numbers if q.unit]
        head = reading_view(src.text[:RETELLING_HEAD])  # hyphenated words whole
        topic, terms = page_words(head)
        out.append(Target(
            study_id=cs.id, source=src, study=cs.study,
            treatments=lx.canonical_treatments(" ".join(filter(None, [
                src.title, cs.study.intervention, cs.study.comparator,
                " ".join(cs.study.arm_descriptions)]))) or _dominant_treatments(claims),
            populations=set(lx.populations(src.text)),
            numbers_side=side,
            outcomes=set(lx.outcomes(src.text)),
            hedged=[(cc.id, cc.claim.start, cc.claim.end, cc.claim.text)
                    for cc in claims if cc.claim.hedged and cc.claim.kind == "efficacy"
                    and not cc.claim.background],
            year=(src.published or "")[:4] or _printed_year(src.text),
            terms=key_terms(" ".join(filter(None, [src.title, cs.study.intervention,
                                                   cs.study.comparator, head[:600],
                                                   _opening_claims(claims)]))),
            page_topic=topic, page_terms=terms,
        ))
    return out


def _opening_claims(claims: list[CorpusClaim], size: int = 600) -> str:
    """The report's first claims, about `size` characters of them: what the study is about
    in its own words, where a saved page opens with a site's banner and menus instead."""
    out: list[str] = []
    for cc in sorted(claims, key=lambda cc: cc.claim.start):
        if sum(map(len, out)) >= size:
            break
        out.append(cc.claim.text)
    return " ".join(out)


# "Arch Dermatol. 1991 May;127(5)", "Skinmed. 2015;13(1)": the year a citation line prints
_CITED_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)(?:\s+[A-Z][a-z]{2,8}(?:\s+\d{1,2})?)?\s*;\s*\d")


def _printed_year(text: str) -> str | None:
    """The year a study's report prints of itself: its citation line ("2019;12:34") or its
    journal issue (see `issue_date`)."""
    m = _CITED_YEAR.search(text[:3000])
    if m:
        return m.group(1)
    dated = issue_date(text[:1500])
    return dated[:4] if dated else None


def _dominant_treatments(claims: list[CorpusClaim]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for cc in claims:
        counts.update(lx.canonical_treatments(cc.claim.text))
    if not counts:
        return frozenset()
    top = counts.most_common(1)[0][1]
    return frozenset(k for k, v in counts.items() if v >= max(2, top * 0.5))


# Populations in the vocabulary's own order (the first that fits a place wins)
_TOPIC_POPULATIONS = Cue(re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(p) for p in lx.POPULATIONS) + r")(?![\w])", re.I))


def _topic_populations(src: CorpusSource) -> set[str]:
    counts = Counter(m.group(1).lower() for m in _TOPIC_POPULATIONS.finditer(src.text))
    return {p for p, n in counts.items() if n >= 2} - {"scars", "wounds"} or \
        ({"scars"} if counts.get("scars", 0) + counts.get("scar", 0) >= 2 else set())


def _conflict_items(cc: CorpusClaim, doc_topic: frozenset[str], stub) -> list:  # type: ignore[no-untyped-def]
    """Time figures of downtime/recovery statements, with the treatments they belong to."""
    c = cc.claim
    context = " ".join(filter(None, [c.text, c.subject]))
    if c.kind != "recovery" or not DOWNTIME.search(context):
        return []
    items = []
    for q in c.numbers:
        if q.unit not in RECOVERY_UNITS:
            continue
        who = _who(c, q, stub) or ""
        treat = lx.canonical_treatments(who) or (doc_topic if not who else frozenset())
        items.append((cc.id, c, treat, bool(lx.EXCLUSIVE.search(who)), q))
    return items


def _who(c, q: Quantity, stub) -> str | None:  # type: ignore[no-untyped-def]
    """The treatment a figure belongs to: its arm in a comparison, its table row, the subject."""
    if stub is not None and q.role == "intervention" and stub.intervention:
        return stub.intervention
    if stub is not None and q.role == "control" and stub.comparator:
        return stub.comparator
    if c.block_kind == "table_cell" and c.subject:
        return c.subject.split(" · ")[0]
    if lx.canonical_treatments(c.text):
        return c.text
    return c.subject


def _primary_notes(corpus: Corpus, by_source: dict[int, list[CorpusClaim]]) -> list[tuple[
        CorpusSource, CorpusClaim, str | None, frozenset[str]]]:
    """The regulators' notes a page's regulatory statement may be linked to, one per
    agency and topic: of the notes alike in both, `_link_regulatory` can only pick the
    first that starts earliest in its document, so only that one is kept (a base holding
    many notices then costs each statement a handful of comparisons, not one per note)."""
    best: dict[tuple[str | None, frozenset[str]], tuple[int, int, tuple[
        CorpusSource, CorpusClaim, str | None, frozenset[str]]]] = {}
    order = 0
    for sid, src in corpus.sources.items():
        if src.kind != "regulatory":
            continue
        src_agency = lx.agency_in((src.title or "") + " " + (src.publisher or "") + " "
                                  + (src.url or src.location) + " " + src.text[:2000])
        host_agency = _host_agency(src.url or src.location)
        for cc in by_source.get(sid, []):
            agency = cc.claim.agency or host_agency or src_agency
            topic = lx.canonical_treatments(cc.claim.text)
            kept = best.get((agency, topic))
            if kept is None or cc.claim.start < kept[1]:
                best[(agency, topic)] = (order, cc.claim.start, (src, cc, agency, topic))
            order += 1
    return [note for _, _, note in sorted(best.values(), key=lambda x: x[0])]


def _host_agency(url: str) -> str | None:
    from evidence.parse.kind import REGULATOR_HOSTS

    for host, name in REGULATOR_HOSTS.items():
        if host in url:
            return name
    return None


def _link_regulatory(c, cc: CorpusClaim, src: CorpusSource, notes, doc_topic) -> LinkResult | None:  # type: ignore[no-untyped-def]
    """Link a page's statement about a regulator to that regulator's own note on the topic."""
    topic = lx.canonical_treatments(c.text) or doc_topic
    best = None
    for note_src, note, agency, note_topic in notes:
        if c.agency and agency and c.agency != agency:
            continue
        shared = topic & note_topic
        if not shared:
            continue
        score = 0.5 + (0.25 if c.agency and agency == c.agency else 0) + 0.25 * min(1, len(shared))
        key = (score, len(shared), -note.claim.start)
        if best is None or key > best[0]:
            mism = []
            s1, s2 = c.regulatory_status, note.claim.regulatory_status
            if s1 and s2 and s1 != s2 and {s1, s2} & {"approved", "not_approved"} == {s1, s2}:
                mism.append(f"status: {s1} vs {s2}")
            best = (key, LinkResult(
                to_study=None, to_claim=note.id, to_source=note_src.id, kind="regulatory",
                confidence=score,
                matched_on=([f"agency:{agency}"] if agency else [])
                + [f"topic:{','.join(sorted(shared))}"], mismatches=mism, rule=VERSION,
                from_claim=cc.id))
    if best is None:
        return None
    ln = best[1]
    agency_part = [f"agency:{c.agency}"] if c.agency else []
    ln.matched_on = agency_part + [m for m in ln.matched_on if not m.startswith("agency:")]
    return ln


def _dedupe(flags: list[Flag]) -> list[Flag]:
    seen = set()
    out = []
    for f in flags:
        key = (f.code, f.start, f.end, f.other_start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
