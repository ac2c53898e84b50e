"""What kind of source a document is, with the reason.

The kind decides how much a document's own statements weigh: a regulator's
notice is a primary note, a journal article reports its own study, a paper
summary speaks for a paper, and a clinic page is a commercial claim maker.
Decided from the address, the metadata and cue phrases; the first rule that
fires wins, and its wording becomes `kind_reason`.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from evidence.models import DocumentMeta
from evidence.parse.genre import Genre, read_genre
from evidence.parse.scan import Cue, Probe
from evidence.parse.text import REPORTER_LINE

REGULATOR_HOSTS = {
    "fda.gov": "FDA", "tga.gov.au": "TGA", "ema.europa.eu": "EMA",
    "mhra.gov.uk": "MHRA", "canada.ca": "Health Canada", "hc-sc.gc.ca": "Health Canada",
    "hpra.ie": "HPRA", "medsafe.govt.nz": "Medsafe", "pmda.go.jp": "PMDA",
    "swissmedic.ch": "Swissmedic", "bfarm.de": "BfArM", "ansm.sante.fr": "ANSM",
    "ftc.gov": "FTC", "accc.gov.au": "ACCC", "asa.org.uk": "ASA", "hsa.gov.sg": "HSA",
}
REGISTRY_HOSTS = ("clinicaltrials.gov", "anzctr.org.au", "isrctn.com", "trialsearch.who.int",
                  "clinicaltrialsregister.eu", "irct.behdasht.gov.ir", "irct.ir", "chictr.org.cn")
PREPRINT_HOSTS = ("medrxiv.org", "biorxiv.org", "arxiv.org", "researchsquare.com",
                  "preprints.org", "ssrn.com")
NEWS_HOSTS = ("reuters.com", "bbc.", "nytimes.com", "theguardian.com", "cnn.com", "abc.net.au",
              "medicalnewstoday.com", "statnews.com", "healthline.com", "news.")
JOURNAL_HOSTS = ("ncbi.nlm.nih.gov", "pmc.ncbi", "pubmed", "europepmc.org", "mdpi.com",
                 "springer", "wiley.com", "sciencedirect.com", "nature.com", "jamanetwork.com",
                 "thelancet.com", "bmj.com", "nejm.org", "academic.oup.com", "tandfonline.com",
                 "frontiersin.org", "plos.org", "karger.com", "lww.com", "sagepub.com")

_REGULATOR_VOICE = re.compile(
    r"\b(safety (alert|communication|advisory)|warning letters?|consumer (update|warning)|"
    r"public (notice|advisory)|recall notice|regulatory (notice|decision)|"
    r"we are (warning|advising|alerting)|(this|the) (agency|administration) (is|has)|"
    r"medicines? regulator|enforcement action|drug safety update|yellow card|"
    r"(is |are )?(advising|reminding|warning) (canadians|australians|consumers|the public|"
    r"patients|healthcare professionals)|advises (consumers|the public|patients)|"
    r"(information|advice) for (consumers|patients|healthcare professionals))\b",
    re.I,
)
_REGULATOR_NAME = Cue(re.compile(
    r"\b((U\.?S\.?|United States) Food and Drug Administration|Food and Drug Administration \(FDA\)|"
    r"Center for (Biologics|Drug|Devices and Radiological) Evaluation|Therapeutic Goods Administration|"
    r"European Medicines Agency|Medicines and Healthcare products Regulatory Agency|"
    r"Health Canada|Health Products Regulatory Authority|Medsafe|Federal Trade Commission|"
    r"UK Health Security Agency)\b",
    re.I,
))
# a notice's advice to its readers, in the passive ("Consumers and health professionals are
# advised that ..."; a clinic's "patients are advised to" is aftercare, not a notice)
_ADVISED = re.compile(r"\b(?:consumers|the public|(?:health ?care|health) professionals)\b"
                      r"[^.;]{0,40}\b(?:are|is) (?:being )?(?:advised|reminded|warned|urged)\b",
                      re.I)
# the regulators a page names by their acronyms
_REGULATOR_ACRONYMS = r"FDA|TGA|MHRA|FTC|EMA|UKHSA|HPRA|ACCC|Medsafe"
_REGULATOR_ACRONYM = re.compile(rf"\b(?:{_REGULATOR_ACRONYMS})\b")
_AGENCY = r"(?:the (?:federal |U\.?S\.? )?(?:agency|regulator|watchdog)|" + _REGULATOR_ACRONYMS + \
    r"|Health Canada)"
# the agency as the one whose words or warnings are told: "the agency said", "FDA noted",
# "said the FDA", "Health Canada has issued a warning", "according to a public advisory"
# (a notice speaks its warning; a report tells that one was issued)
_AGENCY_SPEAKS = Cue(re.compile(
    r"\b" + _AGENCY + r"(?:\s+(?:on \w+day|also|has|had|then|later|previously))?\s+"
    r"(?:said|says|noted|indicated|told|added|stated|explained|claims|"
    r"issued (?:an? |its |multiple |several )?(?:warnings?|advisor(?:y|ies)|alerts?))\b"
    r"|\b(?:said|says|according to) (?:the )?" + _AGENCY.replace("(?:the ", "(?:") + r"\b"
    r"|\b[Aa]ccording to (?:an?|the|its) (?:public |safety )?(?:advisory|notice|alert|warning)\b"))
_REPORTED_SPEECH = re.compile(r"\b(said|told|adding|added|[Aa]ccording to)\b")
# a quotation opened in any of the ways copies print one: curly, straight or single curly
_QUOTES = ("“", '"', "‘")
# the mark of a wire service or a press office: "(HealthDay News)", "(Reuters)", "Media
# release", "EXPERT REACTION", "(PRWEB)"
_WIRE = re.compile(r"\((?:HealthDay News|HealthDay|PRWEB|PRNewswire|Business Wire)\)|"
                   # a short agency tag opens a dateline's story ("PORTLAND, Ore. (AP) — "), where
                   # an abbreviation in brackets ("Authorised Prescriber (AP) scheme") does not
                   r"\((?:Reuters|AP|AFP|UPI)\)\s*(?:—|–|--?|:)|"
                   r"\b(?:Media release|Press release|EXPERT REACTION|FOR IMMEDIATE RELEASE|"
                   r"Publicly released)\b")
# a newsroom dates what happened by the day of the week: "said Thursday", "released Monday"
_NEWS_DAY = re.compile(r"\b(?:said|says|announced|released|published|reported|told|issued|"
                       r"warned|ordered)(?: on)? (?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                       r"Saturday|Sunday)\b|\b(?:on|this|last) (?:Monday|Tuesday|Wednesday|"
                       r"Thursday|Friday)\b")
# a report's own voice: "We investigated whether ...", "we randomly assigned ..."
_OWN_STUDY_VOICE = re.compile(
    r"(?<![“\"‘])\b[Ww]e (?:investigated|examined|evaluated|assessed|conducted|performed|"
    r"randomly assigned|randomi[sz]ed|enrolled|recruited|analy[sz]ed|compared|aimed|sought|"
    r"hypothesi[sz]ed|report|describe|searched|included|treated|studied|tested|measured|"
    r"demonstrate|demonstrated|observed|identified)\b")
# the statistics a report gives: odds and risk ratios, confidence intervals, P values
_STATISTICS = re.compile(r"\b(?:odds ratio|hazard ratio|relative risk|risk ratio|OR|RR|HR)\b|"
                         r"\b95\s*%\s*(?:CI|confidence)|\b[Pp]\s*[<=>≤]\s*0?[.·]\d")
_WROTE = re.compile(r"\b(?:the\s+)?(?:researchers|authors|investigators)\s+(?:also\s+)?"
                    r"(?:wrote|write|noted|notes?|found|finds?|observed|reported|reports?|"
                    r"concluded|conclude|explained|say|suggest)\b|"
                    r"\b(?:says|explained|explains|notes)\b", re.I)
# what a retelling says the researchers did: "The investigators performed a randomized ...",
# "suggests a recent study"
_THEY_DID = re.compile(r"\b(?:(?:the\s+)?(?:researchers|investigators|study authors|research team)|"
                       r"(?:[Ss]he|[Hh]e) and (?:her |his )?colleagues)\s+"
                       r"(?:also\s+)?(?:performed|conducted|carried out|enrolled|recruited|"
                       r"randomi[sz]ed|followed|studied|analy[sz]ed|looked at|compared|tested)\b|"
                       r"\b(?:suggests|shows|finds) (?:a|the) (?:recent|new|latest) (?:study|trial|"
                       r"research)\b|"
                       # its authors in the third person: "Authors surmise", "the authors noted"
                       r"\b(?:the |study |its )?authors (?:surmise[sd]?|conclude[sd]?|suggest(?:ed)?|"
                       r"found|noted?|reported|believe[sd]?|wrote)\b", re.I)
# a page telling of someone else's study: "In one study, ...", "study participants", "led
# researchers to conduct ...", what the researchers did (`_THEY_DID`)
_OTHERS_STUDY = re.compile(r"\b(?:in|from) (?:one|another) (?:recent |small |new |clinical )?"
                           r"(?:study|trial)\b|\bstudy participants\b|\bresearchers to "
                           r"(?:conduct|carry out|run|test|design)\b", re.I)
# a report of others' research: researchers, a lead author, "and colleagues"
_THIRD_PERSON_RESEARCH = re.compile(r"\b(?:researchers?|investigators?|lead author|study author|"
                                    r"research team|"
                                    r"and colleagues)\b", re.I)
_SUMMARY_CUES = Cue(re.compile(
    r"(?mi)^\s*#*\s*(TL;?DR|key findings|contribution|plain[- ]language summary|"
    r"summary view|at a glance|why it matters|what (was studied|they found|the (study|trial|"
    r"researchers) found)|our take|in plain (english|language))\b|summary view|complete paper|"
    r"full paper"
))
_ARTICLE_SECTIONS = Cue(re.compile(
    r"(?mi)^\s*#*\s*(abstract|background|methods?|results|conclusions?|introduction|discussion)\b"
))
# A structured abstract's labels, however the copy joined them to the text around them:
# "Methods: ...", "RESULTS ...", "...fractional laserResults" (a label glued to the line before),
# "... osteoarthritis. Methods We randomly ..." (a flattened page, its labels run into the text)
_ABSTRACT_LABELS = re.compile(
    r"(?:^|\n|(?<=[a-z.)\]]))[ \t#*]*(Background|Objectives?|Aims?|Purpose|Importance|"
    r"Methods|Materials and methods|Research design and methods|Design|Results|Findings|"
    r"Conclusions?|Limitations|BACKGROUND|OBJECTIVES?|AIMS?|PURPOSE|IMPORTANCE|METHODS|"
    r"RESEARCH DESIGN AND METHODS|DESIGN|RESULTS|FINDINGS|CONCLUSIONS?|"
    # a systematic review's own headings, as its structured abstract prints them
    r"Data [Ss]ources?|Study [Ss]election|Data [Ee]xtraction|Data [Ss]ynthesis|"
    r"DATA SOURCES?|STUDY SELECTION|DATA EXTRACTION|DATA SYNTHESIS|"
    # the headings of a clinical journal's abstract: whom it took, where, what it measured
    # (in capitals: a seller's study card heads its own lines "Participants:" too)
    r"Design and [Ss]etting|Main [Oo]utcome [Mm]easures?|DESIGN AND SETTING|SETTING|"
    r"PARTICIPANTS|PATIENTS|INTERVENTIONS?|HYPOTHESIS|MAIN OUTCOME MEASURES?)"
    r"(?:\s*[:.]\s|\s*\n|\s+[-–—]\s|(?=[A-Z][a-z])|[ \t](?=[A-Z][a-z]*(?:[ \t]+[^\s]+){4})|"
    # a heading in capitals run into its text ("RESULTS A total of ...")
    r"(?<=[A-Z]{4})[ \t]+(?=[A-Z0-9]))")
# the labels that tell a study's methods and its results, a review's headings among them
# (where it searched and whom it took are its methods, what it pooled its results)
_METHOD_LABELS = {"method", "design", "data source", "study selection", "data extraction"}
_RESULT_LABELS = {"result", "data synthesis"}
# What a publisher prints around an article and nobody else prints at a page's top: its
# history, its byline's furniture, its type, its issue. A reference list cites an issue too,
# so a page needs two of these kinds (a DOI on its own line is one) before the marks speak.
_PUBLISHER_MARKS = {
    "history": re.compile(r"(?mi)\b(?:received|accepted|revised)\s*:?\s*(?:\d{1,2}\s+[A-Z][a-z]+|"
                          r"[A-Z][a-z]+\s+\d{1,2},?)\s+\d{4}|\bfirst published\b|"
                          r"\bpublished online\b|\barticle history\b"),
    "byline": re.compile(r"(?i)\bcorresponding author\b|\bsearch for more papers by this author\b|"
                         r"\bauthor information\b|\bauthor affiliations\b"),
    "type": re.compile(r"(?m)^\s*(?:(?:Research|Original|Review) (?:Article|Research|Paper)|"
                       r"Journal Article)\s*$"),
    # on a line of its own: within a reference's run of text an issue is a citation
    "issue": re.compile(r"(?im)^[^\n]{0,30}\b(?:vol(?:ume)?\.?\s*\d+\s*,?\s*(?:issue|no\.?)\s*\d+|"
                        r"pp?\.\s*\d+\s*[-–]\s*\d+)[^\n]{0,30}$|"
                        # an index's citation ending its line: "... Rep. 2018; 67(30): 815-818."
                        r"\b(?:19|20)\d{2}\s*;\s*\d+\s*\(\d+\)\s*:\s*\d+\s*[-–]\s*\d+\.?[ \t]*$"),
    "DOI": re.compile(r"(?im)^[^\n]{0,20}\b10\.\d{4,9}/\S+\s*$"),
    # a publisher's masthead over the article, as Elsevier prints it on every first page
    "masthead": re.compile(r"\bContents lists available at\b|\bjournal homepage:\s*\S"),
    # the article tools a journal's page sets by it, each on a line of its own
    "tools": re.compile(r"(?mi)^\s*(?:article metrics|altmetric:?|view suggested citation|"
                        r"cite this article|download citation|citations:)\s*$"),
    # a literature database's page: PubMed Central's journal logo link, its id labels
    "logo": re.compile(r"\S logoLink to \S"),
    "ids": re.compile(r"(?:^|\s)(?:PMCID|PMID)\s*:\s*(?:PMC)?\d{5,}"),
}
PUBLISHER_HEAD = 3000  # characters: a publisher's furniture stands above the abstract
LITERATURE_DATABASES = ("pubmed", "ncbi.nlm.nih.gov", "europepmc.org")
_REGISTRY_CUES = Cue(re.compile(
    r"\b(recruitment status|study type:\s*interventional|primary outcome measures?(?=\s*[:\n])|"
    r"estimated (primary )?completion date|enrollment \(estimated\)|sponsor:)\b",
    re.I,
))
# The labelled fields of a trial registry record, however the page around it was saved
_REGISTRY_FIELDS = re.compile(
    r"(?mi)^\s*(study type|allocation|intervention model|masking|primary purpose|official title|"
    r"enrol?lment|study start(?: date)?|recruitment status|primary outcome measures?|"
    r"sponsor|phase|eligibility criteria|study completion(?: date)?)\s*(?:\([^)]*\))?\s*:")
_PREPRINT_CUES = Cue(re.compile(r"\b(preprint|not (yet )?(been )?peer[- ]reviewed)\b", re.I))
_COMMERCIAL_CUES = [(Cue(rx), label) for rx, label in [
    (re.compile(r"\b(book (a|an|your) (consultation|appointment)|book now|buy now|add to cart|"
                r"shop now|order now|call us|contact us|get in touch|enquire|free consultation)\b",
                re.I), "call to action"),
    (re.compile(r"\b(our (clinic|team|practice|treatments?|products?|services|article|blog)|"
                r"we offer|our [A-Z][\w-]+ (article|blog|clinic))\b", re.I), "first-person business"),
    (re.compile(r"(?m)^\s*[\w&.' -]{2,40} Team\s*$"), "brand sign-off"),
    (re.compile(r"\b(practitioners?|clinics?|in-office|patients? (can|may) expect|"
                r"price|pricing|\$\d+|per session|packages?)\b", re.I), "practice or pricing"),
    (re.compile(r"\b(cutting-edge|paradigm shift|revolutionary|breakthrough|game[- ]changer|"
                r"great (way|option)|leading choice|state-of-the-art|no downtime|"
                r"little to no|safer, non-invasive)\b", re.I), "promotional wording"),
    # a shop's furniture, and the disclaimer a supplement seller must print
    (re.compile(r"\b(free shipping|shipping on orders|add to (cart|bag)|in stock|out of stock|"
                r"subscribe (&|and) save|checkout)\b|\bnot been evaluated by the (Food and Drug "
                r"Administration|FDA)\b", re.I), "a shop"),
]]

# The labelled fields of a card summing up someone else's study ("Number of Subjects 128",
# "Study Title: ...", "Peer Reviewed: Yes"), as supplement and evidence-database sites print
# them: a report describes its own study in prose under its abstract's headings instead
_STUDY_CARD_FIELDS = re.compile(
    r"(?mi)^[ \t]*(study title|study abstract|study information|study design|trial design|type of study|number of "
    r"(?:subjects|participants|patients)|sample size|trial length|length of (?:the )?study|"
    r"study (?:length|duration)|peer[- ]reviewed)(?:[ \t]*:|[ \t]*$|[ \t]+(?=(?-i:[A-Z0-9\"“])))")
STUDY_CARD_FIELDS = 2  # distinct fields that make a card rather than a heading


def study_card(head: str) -> list[str]:
    """The study-card fields of a page's head, when it has at least STUDY_CARD_FIELDS kinds."""
    fields = sorted({re.sub(r"\s+", " ", m.group(1).lower())
                     for m in _STUDY_CARD_FIELDS.finditer(head)})
    return fields if len(fields) >= STUDY_CARD_FIELDS else []


# The content model speaks only on a page long enough to show its habits, and only when sure
GENRE_MIN_WORDS = 60
GENRE_MIN_P = 0.7
GENRE_FALLBACK_P = 0.5
BUSINESS_PAGE_CUES = 3  # kinds of business cue that make a page a business's whatever its style


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlparse(url).hostname or "").lower()
    except ValueError:
        return ""


def _host_in(host: str, suffixes: tuple[str, ...] | set[str] | dict) -> str | None:
    for s in suffixes:
        if host == s or host.endswith("." + s) or (s.endswith(".") and s in host) or s in host:
            return s
    return None


def classify_source(text: str, meta: DocumentMeta, location: str) -> tuple[str, str]:
    """(kind, reason) for a document."""
    hosts = [h for h in {_host(location), _host(meta.url), _host(meta.site and "//" + meta.site)} if h]
    for h in hosts:
        reg = _host_in(h, REGULATOR_HOSTS)
        if reg:
            return "regulatory", f"published on a regulator's site ({REGULATOR_HOSTS[reg]}, {h})"
    for h in hosts:
        if _host_in(h, REGISTRY_HOSTS):
            return "trial_registry", f"a trial registry page ({h})"
    whole = Probe(text)  # read once for the cues searched in the whole text
    head = text[:6000]
    # a report telling what the agency said, more than once, is about a notice, not one
    told_by_agency = len(_AGENCY_SPEAKS.findall(head)) >= 2
    # one wording told twice ("a warning letter", "warning letters") is one mark of a notice
    notice = {} if told_by_agency else \
        {m.group(0).lower().removesuffix("s"): m.group(0).lower()
         for m in _REGULATOR_VOICE.finditer(head)}
    if notice and _REGULATOR_NAME.search(head[:1500]):
        return "regulatory", "written in a regulator's voice (notice/advisory wording and the agency's name)"
    if not told_by_agency and _ADVISED.search(head[:1500]) and (
            _REGULATOR_NAME.search(head[:1500]) or _REGULATOR_ACRONYM.search(head[:1500])):
        # a saved notice advising its readers, the regulator named by its acronym
        return "regulatory", "advises consumers or professionals, a regulator named"
    if len(notice) >= 2:  # a saved notice that lost its masthead still speaks as one
        return "regulatory", "written in a regulator's voice (" + ", ".join(sorted(notice.values())[:2]) + ")"
    if meta.registrations and _REGISTRY_CUES.search(head):
        return "trial_registry", f"registry fields for {meta.registrations[0]}"
    fields = {m.group(1).lower() for m in _REGISTRY_FIELDS.finditer(head)}
    if len(fields) >= 4:
        return "trial_registry", "a registry record's labelled fields (" + \
            ", ".join(sorted(fields)[:4]) + ")"
    for h in hosts:
        if _host_in(h, PREPRINT_HOSTS):
            return "preprint", f"a preprint server ({h})"
    scholarly = meta.doi or meta.pmcid or meta.pmid or meta.citation_meta
    if scholarly and _SUMMARY_CUES.search(whole):
        ident = meta.doi and f"DOI {meta.doi}" or meta.pmcid or meta.pmid or "citation tags"
        return "paper_summary", f"summarises a paper ({ident}) with the site's own summary sections"
    if scholarly and _PREPRINT_CUES.search(head):
        return "preprint", "calls itself a preprint / not peer reviewed"
    cues = [label for rx, label in _COMMERCIAL_CUES if rx.search(whole)]
    if study_card(head):
        cues.append("a study card")
    has_ids = bool(meta.doi or meta.pmid or meta.pmcid)
    if (meta.citation_meta or any("ScholarlyArticle" in t for t in meta.jsonld_types)) and (
            has_ids or len(cues) < 2):
        return "journal_article", "scholarly article metadata (citation_* tags or ScholarlyArticle)"
    for h in hosts:
        if _host_in(h, JOURNAL_HOSTS) and (scholarly or _host_in(h, LITERATURE_DATABASES)):
            return "journal_article", f"a journal or literature database page ({h})"
    # "research design and methods", "main outcome measures" are methods; "design and
    # setting" a design
    labels = {"method" if "method" in (lab := m.group(1).lower()) or "outcome" in lab
              else "design" if lab.startswith("design") else _singular(lab)
              for m in _ABSTRACT_LABELS.finditer(head)}
    # a seller reprinting an abstract, or a business inviting the reader to call, is still a seller
    shop = bool({"a shop", "call to action", "a study card"} & set(cues))
    if labels & _RESULT_LABELS and labels & _METHOD_LABELS and len(labels) >= 3 and not shop:
        return "journal_article", "a structured abstract (" + ", ".join(sorted(labels)) + ")"
    if scholarly and not shop and \
            len(set(m.group(1).lower() for m in _ARTICLE_SECTIONS.finditer(whole))) >= 2:
        return "journal_article", "identifiers and the sections of a research article"
    if any("NewsArticle" in t for t in meta.jsonld_types):
        return "news", "JSON-LD NewsArticle"
    for h in hosts:
        if _host_in(h, NEWS_HOSTS):
            return "news", f"a news site ({h})"
    # a publisher's or an index's furniture speaks over a site's "Contact us" alone
    if cues in ([], ["call to action"]):
        marks = [name for name, rx in _PUBLISHER_MARKS.items() if rx.search(head[:PUBLISHER_HEAD])]
        if len(marks) >= 2:
            return "journal_article", "a publisher's page furniture (" + ", ".join(marks) + ")"
    if not cues:  # with no business cue, what the text is in voice and marks
        if wire := _WIRE.search(head[:3000]):
            return "news", f"a wire service's or press office's mark ({wire.group(0).strip('()—–-: ')})"
        if day := _NEWS_DAY.search(head):
            return "news", f"dates what happened by the day of the week, as newsrooms do ('{day.group(0)}')"
        voice = {m.group(0).lower() for m in _OWN_STUDY_VOICE.finditer(head)}
        if voice and len(_STATISTICS.findall(head)) >= 2:
            return "journal_article", "reports its own study in the first person, with its statistics"
        if len(voice) >= 2:
            return "journal_article", "tells what its authors did in the first person (" + \
                ", ".join(sorted(voice)[:3]) + ")"
        told = len(_REPORTED_SPEECH.findall(text)) + len(_WROTE.findall(text))
        if told >= 2 and any(q in text for q in _QUOTES) and _THIRD_PERSON_RESEARCH.search(text):
            return "news", "tells what researchers found and said, in their words, with no business cues"
        if told + len(_THEY_DID.findall(text)) >= 3 and not _OWN_STUDY_VOICE.search(text):
            return "news", "tells what the researchers did and found, in the third person"
    genre = read_genre(text) if len(text.split()) >= GENRE_MIN_WORDS else None
    if genre is not None and genre.kind == "regulatory" and told_by_agency:
        # worded like a notice, but telling twice what the agency said or issued: a page
        # about a notice, a newsroom's or a business's
        return _web_page(genre, "tells what the agency said or issued, more than once")
    if genre is not None and genre.kind == "journal_article" \
            and (told := _tells_of_others_study(head)):
        # written like a paper, but of someone else's study: a page retelling a study,
        # whoever publishes it, even when it prints the paper's identifiers beside its summary
        # (a report never speaks of its own authors in the third person)
        if not cues:
            ids = "with the paper's identifiers" if has_ids else "with no identifiers"
            return _web_page(genre, f"tells of someone else's study ('{told}'), {ids}")
        genre = None
    if genre is not None and genre.kind == "journal_article" and (
            shop and not has_ids or "a study card" in cues):
        # a seller's copy of an abstract, with none of the paper's identifiers, or any copy
        # set out as a card of someone else's study (the identifiers it prints are the paper's)
        genre = None
    if genre is not None and genre.kind != "other" and genre.probability >= GENRE_MIN_P \
            and (len(cues) < BUSINESS_PAGE_CUES or genre.kind == "commercial"):
        # (a page with three kinds of business cue is a business's, however it is written)
        return genre.kind, _genre_reason(genre)
    if (meta.og_type or "").lower() == "article" and len(cues) < 2 \
            and len(_REPORTED_SPEECH.findall(text)) >= 3 and ("“" in text or '"' in text):
        return "news", "an article that reports what people said, with no business cues"
    if REPORTER_LINE.search(head[:1500]) and len(cues) < 3 \
            and len(_REPORTED_SPEECH.findall(text)) >= 2 and ("“" in text or '"' in text):
        return "news", "a reporter's byline over what people said"
    if len(cues) >= 2:
        return "commercial", "a business page: " + ", ".join(cues)
    if cues == ["practice or pricing"] and genre is not None \
            and genre.kind == "journal_article" and genre.probability >= GENRE_FALLBACK_P:
        # a paper names the clinic it ran in and the sessions it gave: that word alone, where
        # the whole wording reads more like a paper's than not, makes no business page
        return genre.kind, _genre_reason(genre)
    if cues:
        return "commercial", f"no scholarly identifiers; {cues[0]}"
    if genre is not None and genre.kind != "other" and genre.probability >= GENRE_FALLBACK_P:
        # no rule speaks at all: the content's habits, on the model's more likely than not
        return genre.kind, _genre_reason(genre)
    if genre is not None:
        return _web_page(genre, "no scholarly identifiers, regulator, registry, news or business cues")
    return "other", "no scholarly identifiers, regulator, registry, news or business cues"


def _singular(label: str) -> str:
    """"Results" -> "result", "Data sources" -> "data source"; "Data synthesis" stays."""
    return label[:-1] if label.endswith("s") and not label.endswith("sis") else label


def _web_page(genre: Genre, why: str) -> tuple[str, str]:
    """A page with none of a paper's, a regulator's or a registry's marks, which no rule
    places: a web page, and of the two kinds of web page that tell of studies (a
    business's, a newsroom's) the one its content reads more like. Most such pages are one
    of the two, and the model's weaker leaning still beats naming neither."""
    kind = genre.likelier("commercial", "news")
    odds = dict(genre.odds)
    return kind, f"{why}; reads more like {kind} than " \
        f"{'news' if kind == 'commercial' else 'commercial'} ({odds.get(kind, 0):.2f}, {genre.version})"


def _tells_of_others_study(head: str) -> str | None:
    """What in a page's head tells of a study in the third person, where the page never
    speaks of one as its own ("we enrolled")."""
    if _OWN_STUDY_VOICE.search(head):
        return None
    m = _OTHERS_STUDY.search(head) or _THEY_DID.search(head)
    return m.group(0) if m else None


def _genre_reason(genre: Genre) -> str:
    why = ", ".join(s.replace("_", " ") for s in genre.signals) or "its wording"
    return f"reads as {genre.kind.replace('_', ' ')} ({why}; p={genre.probability:.2f}, " \
           f"{genre.version})"
