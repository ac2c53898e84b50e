"""What kind of document a text reads as, from its content alone.

A saved copy of a page often carries no address and no metadata, so the kind
must come from how the text is written: a paper reports its methods and
statistics in the first person plural, a regulator names itself and speaks of
approval, enforcement and reporting, a news story quotes people, and a business
page addresses "you" and sells. Each of those habits is one broad, topic-free
signal here. Beside them, the model reads how often a page uses each of the
common words of its vocabulary ("said", "according", "while", "though", "our"):
a newsroom and a business retelling the same study choose their small words
differently. The vocabulary holds words used on many pages of every kind and none
that a labelled claim is about, so it carries style, not topic. A small multinomial
logistic regression, trained on labelled real pages (`devcorpus/train_genre.py`)
and shipped as `genre_model.json`, weighs both; a text under WORDS_IN_FULL words is
read by a second one, of the signals alone. Nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from evidence.parse.scan import Cue, Probe

MODEL_FILE = "genre_model.json"
HEAD = 8000  # characters read: the opening of a page says what it is

_I = re.I
_M = re.I | re.M
# name -> (pattern, how to count: "any" = present or not, "log" = log(1 + hits),
# "rate" = hits per 100 words, capped)
SIGNALS: dict[str, tuple[re.Pattern[str], str]] = {
    "abstract_heading": (re.compile(r"^\W*abstract\W*$|\S(?:Abstract|ABSTRACT)\s*$|"
                                    r"^\W*abstract\s*[:.]", _M), "any"),
    "structured_labels": (re.compile(
        r"(?:^|\n|(?<=[a-z.)]))\W{0,3}(background|objectives?|aims?|purpose|introduction|"
        r"methods?|materials and methods|design|setting|participants|interventions|"
        r"main outcome measures?|results|findings|conclusions?|limitations|importance)"
        r"(?:\s*[:.]\s|\s*\n)", _M), "labels"),
    "statistics": (re.compile(
        r"\bp\s*[<=>≤≥]\s*0?[.·]\d|\b95\s*%\s*(?:CI|confidence)|\bconfidence intervals?\b|"
        r"\b(?:odds|hazard|risk) ratio\b|\bmean difference\b|±|\(\s*n\s*=\s*\d|\bSD\b|"
        r"\bstatistically significant|\bsignificantly\b|\bIQR\b", _I), "log"),
    "we_study": (re.compile(
        r"\bwe (?:enrolled|randomi[sz]ed|conducted|performed|evaluated|investigated|assessed|"
        r"aimed|report|describe|analy[sz]ed|included|searched|examined|compared|studied|"
        r"present|sought|hypothesi[sz]ed|measured|recruited|retrospectively|prospectively)\b",
        _I), "log"),
    "passive_study": (re.compile(
        r"\b(?:patients|participants|subjects|volunteers|women|men|adults|individuals|"
        r"cases|mice|rats|animals)\s+(?:\w+\s+)?(?:were|was)\s+(?:\w+\s+)?(?:randomi[sz]ed|"
        r"enrolled|included|assigned|allocated|recruited|treated|divided|evaluated|"
        r"followed|analy[sz]ed|selected|instructed)\b", _I), "log"),
    "this_study": (re.compile(r"\b(?:this|the present|the current|our) (?:study|trial|review|"
                              r"meta-analysis|analysis|investigation|report)\b", _I), "log"),
    "study_design_words": (re.compile(
        r"\b(?:randomi[sz]ed|double-blind|placebo-controlled|prospective|retrospective|"
        r"cohort|case series|meta-analys[ie]s|systematic review|crossover|open-label|"
        r"single-arm|cross-sectional|case-control|vehicle-controlled|multicent(?:er|re)|"
        r"pilot study|split-face|controlled (?:trial|study))\b", _I), "log"),
    "study_population": (re.compile(
        r"\b\d[\d,]*\s+(?:\w+\s+)?(?:patients|participants|subjects|volunteers|adults|women|"
        r"men|individuals|children|cases|eyes|mice|rats)\b|\b(?:patients|participants|subjects)"
        r"\s+(?:with|aged|who)\b", _I), "log"),
    "academic_vocab": (re.compile(
        r"\b(?:baseline|follow-up|outcomes?|endpoints?|efficacy|evaluated?|assessed|assessment|"
        r"significant(?:ly)?|associated with|suggests?|compared with|respectively|adverse "
        r"events?|tolerated|administered|mean|median|analysis|cohort|criteria|conclusions?|"
        r"objective|methods?|investigated?)\b", _I), "rate"),
    "cites_study": (re.compile(
        r"\b(?:a|one|another|this|that|the) (?:\d{4} |recent |new |small |large |clinical |"
        r"landmark |published )*(?:study|trial|research|review|paper) (?:published|found|showed|"
        r"in|from|by|of)\b|\b(?:published|appeared) in (?:the )?[A-Z]|\bresearchers (?:at|from|"
        r"found|say|said|reported)\b|\bstud(?:y|ies) (?:show|shows|found|suggest)\b|"
        r"\baccording to (?:a|the|one) (?:study|trial|research)", _I), "log"),
    "academic_ids": (re.compile(r"\bdoi\s*:|\b10\.\d{4,9}/\S+|\bPMID\b|\bPMC\d{5,}|\bISSN\b", _I),
                     "any"),
    "academic_furniture": (re.compile(
        r"\bet al\b|\bkeywords?\s*:|\bcopyright\b|©|\b(?:received|accepted|revised)\s*:?\s*\d|"
        r"\bdepartment of\b|\bfaculty of\b|\buniversity\b|\bM\.?D\.?,|\bPh\.?D\.?\b|"
        r"\bcorresponding author\b|\baffiliations?\b", _I), "log"),
    "journal_citation": (re.compile(r"\b(?:19|20)\d{2}(?:\s+[A-Z][a-z]{2,8}(?:\s+\d{1,2})?)?\s*;"
                                    r"\s*\d+\s*(?:\(\s*[\w-]+\s*\))?\s*:\s*\w*\d|"
                                    r"\bvol(?:ume)?\.?\s*\d+|\bissue\s*\d+|\bjournal of\b|"
                                    r"\bto the editor\b|\bdear editor\b", _I), "log"),
    "review_methods": (re.compile(
        r"\bsearched\b|\bPRISMA\b|\b(?:included|eligible) (?:studies|trials|articles|RCTs)\b|"
        r"\b(?:studies|trials|articles) (?:were|was) (?:included|identified|retrieved)\b|"
        r"\bpooled\b|\brandom-effects?\b|\bheterogeneity\b", _I), "log"),
    "registry_fields": (re.compile(
        r"\brecruitment status\b|\bstudy type\b|\benrol?lment\b|\bprimary outcome measures?\b|"
        r"\bsponsor\b|\bclinicaltrials\.gov\b|\bNCT\d{8}\b|\beligibility criteria\b|"
        r"\binclusion criteria\b", _I), "log"),
    "agency_name": (re.compile(
        r"\bFDA\b|\bFood and Drug Administration\b|\bTGA\b|\bTherapeutic Goods\b|\bMHRA\b|"
        r"\bHealth Canada\b|\bFTC\b|\bFederal Trade Commission\b|\bEMA\b|\bEuropean Medicines\b|"
        r"\bUKHSA\b|\bMedsafe\b|\bHPRA\b|\bthe (?:agency|Commission|Department|regulator)\b"),
                    "log"),
    "government": (re.compile(r"\bofficial website\b|\bgovernment\b|\.gov\b|\bgov\.uk\b|"
                              r"\bminist(?:er|ry)\b|\bsecretary\b|\bcommissioner\b|"
                              r"\bparliament\b|\bfederal\b", _I), "log"),
    "enforcement": (re.compile(
        r"\bwarning letters?\b|\brecall(?:ed|s|ing)?\b|\bsafety (?:alert|communication|advisory|"
        r"notice)\b|\badvisory\b|\benforcement\b|\binfringement\b|\bseiz(?:ed|ure)\b|"
        r"\bunapproved\b|\bnot (?:been )?(?:approved|authori[sz]ed|registered)\b|"
        r"\bunauthori[sz]ed\b|\billegal(?:ly)?\b|\bcounterfeit\b|\bfake\b|\bcomplian(?:ce|t)\b|"
        r"\bviolat(?:e|es|ed|ion|ions)\b|\bAct\b|\bCFR\b|\bsection \d+|\bprosecut\w*|"
        r"\bpenalt(?:y|ies)\b|\bfined\b|\bfines\b|\bsettle(?:ment|d)?\b|\bcomplaints?\b|"
        r"\bdeceptive\b|\bunsubstantiated\b|\bmisleading\b|\bmarketing authori[sz]ation\b|"
        r"\blicen[cs]ed?\b|\bregulat(?:ion|ions|ory|ed)\b"), "log"),
    "public_advice": (re.compile(
        r"\breport(?:ing)? (?:any )?(?:adverse|side effects?|problems?|suspected|incidents?)\b|"
        r"\bMedWatch\b|\bYellow Card\b|\b(?:consumers|patients|the public|health ?care "
        r"(?:professionals|providers)|Canadians|Australians) (?:should|are advised|are urged|"
        r"are reminded)\b|\bwe (?:encourage|advise|recommend|remind|urge|warn)\b|"
        r"\bwhat (?:consumers|patients|you) should (?:know|do)\b", _I), "log"),
    "reported_speech": (re.compile(r"\b(?:said|says|told|according to|added|explained|noted)\b"),
                        "log"),
    "quotes": (re.compile(r"[“”]|\"[A-Z]"), "log"),
    "byline": (re.compile(
        r"(?m)^\s*(?:By|Written by|Words by)\s+[A-Z][a-z]+\s+[A-Z]|\b(?:reporter|correspondent|"
        r"staff writer|news desk|editor-at-large|contributor)\b|\((?:Reuters|AP|AFP|CNN|"
        r"HealthDay|Bloomberg)\)|\b\d{1,2}:\d{2}\s*(?:a\.?m\.?|p\.?m\.?|ET|GMT|BST|AEST|EST)\b|"
        r"\b(?:updated|published)\s+\w+\s+\d{1,2},?\s+\d{4}", _I), "log"),
    "second_person": (re.compile(r"\b(?:you|your|you're|yourself|you'll)\b", _I), "rate"),
    "first_person_business": (re.compile(
        r"\bour (?:clinic|team|practice|treatments?|products?|services|doctors?|experts?|"
        r"patients|clients|customers|formula|program|providers?|specialists?|location)\b|"
        r"\bwe (?:offer|provide|specialise|specialize|use|recommend|prescribe|deliver|ship)\b",
        _I), "log"),
    "call_to_action": (re.compile(
        r"\b(?:book (?:a|an|your) (?:consultation|appointment)|book now|buy now|add to cart|"
        r"shop now|order now|call us|contact us|get in touch|enquire|free consultation|"
        r"get started|learn more|sign up|subscribe|schedule (?:a|your)|request (?:a|an)|"
        r"start (?:your|today)|claim your)\b", _I), "log"),
    "pricing": (re.compile(r"[$£€]\s?\d|\bprice[sd]?\b|\bpricing\b|\bcosts?\b|\bper session\b|"
                           r"\bpackages?\b|\bmembership\b|\bsubscription\b|\bdiscount\b|"
                           r"\bfree shipping\b|\bshipping\b|\bcart\b|\bcheckout\b", _I), "log"),
    "promotion": (re.compile(
        r"\b(?:cutting-edge|revolutionary|breakthrough|game[- ]changer|state-of-the-art|"
        r"no downtime|little to no|non-invasive|painless|amazing|incredible|transform|"
        r"rejuvenat\w+|youthful|glowing|radiant|best|ultimate|premium|safe and effective|"
        r"proven|guaranteed|effortless|confidence|look and feel)\b", _I), "log"),
    "testimonials": (re.compile(r"★|\breviews?\b|\btestimonials?\b|\bcustomers?\b|\bclients?\b|"
                                r"\b5 stars?\b|\bverified (?:buyer|purchase)\b", _I), "log"),
    "encyclopedic": (re.compile(r"\b(?:is|are) (?:a|an) (?:type|class|form|group|kind) of\b|"
                                r"\bsee also\b|\bwikipedia\b|\bis (?:also )?(?:known|called)\b|"
                                r"\brefers to\b", _I), "log"),
    # a study spoken of from outside: its authors and researchers in the third person, the
    # journal it appeared in, a list of sources (a report speaks of itself as "we", "this study")
    "retelling_voice": (re.compile(
        r"\b(?:study|the) authors (?:wrote|write|say|said|note|noted|conclude|concluded|found|"
        r"report|reported)\b|\baccording to (?:the )?(?:study |trial )?(?:results|findings|"
        r"researchers|authors)\b|\b(?:lead|senior|first|study|principal) (?:author|leader|"
        r"investigator|researcher)s?\b|\bled by\b|(?m:^\W*(?:sources?|references?|citations?|"
        r"further reading)\s*:)|\b(?:were|was) (?:simultaneously |recently )?(?:published|"
        r"presented) (?:in|at)\b|\bin the journal\b|\b(?:researchers|scientists|investigators) "
        r"(?:studied|examined|analy[sz]ed|assessed|identified|determined|noted|observed|"
        r"concluded|used|followed)\b|\bthe (?:study|trial|research|analysis) (?:published|"
        r"showed|shows|found|finds|suggests|concluded|discovered)\b|\breports? that\b", _I),
                        "log"),
    # a date standing alone near the top, as a news item is dated ("February 16, 2017",
    # "2012-10-26"); a paper dates its issue inside a citation line instead
    "dateline": (re.compile(
        r"\A(?:[^\n]*\n){0,8}?[ \t]*(?:date[ \t]+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?"
        r"\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+"
        r"(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|"
        r"Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(?:19|20)\d{2})[ \t]*(?:\n|$|\s(?=[A-Z]))"), "any"),
    # a finding told as news tells it: "study finds", "according to a new study"
    "news_lead": (re.compile(
        r"\b(?:study|trial|research|researchers|scientists) (?:finds|shows|suggests|says|"
        r"found)\b|\baccording to (?:a |the )?(?:new |recent |recently published )?(?:study|"
        r"research|results|findings)\b|\b(?:[A-Z][a-z]+ )?researchers (?:in|from) [A-Z]", _I),
                  "log"),
    "summary_voice": (re.compile(r"\b(?:the (?:researchers|authors|study|scientists) "
                                 r"(?:found|concluded|showed|reported|suggest)|key (?:findings|"
                                 r"takeaways)|TL;?DR|in plain (?:english|language)|"
                                 r"why it matters|what (?:they|the study) found)\b", _I), "log"),
}
GLUE_LABEL = re.compile(r"[a-z)\]]((?:BACKGROUND|OBJECTIVES?|METHODS|RESULTS|CONCLUSIONS?)|"
                        r"(?:Background|Objectives?|Methods|Results|Conclusions?))\b")


# each signal as a prefiltered pattern (`scan.Cue`): the same matches, tried only where one
# may begin, which is most of the cost of reading a long opening
_CUES = {name: (Cue(rx), how) for name, (rx, how) in SIGNALS.items()}


def features(text: str) -> dict[str, float]:
    """The topic-free signals of a text's opening, as numbers."""
    head = text[:HEAD]
    probe = Probe(head)
    words = max(1, len(head.split()))
    out: dict[str, float] = {}
    for name, (cue, how) in _CUES.items():
        if how == "any":
            out[name] = 1.0 if cue.search(probe) else 0.0
        elif how == "labels":
            labels = {m.group(1).lower().rstrip("s") for m in cue.finditer(probe)}
            labels |= {m.group(1).lower().rstrip("s") for m in GLUE_LABEL.finditer(head)}
            out[name] = math.log1p(len(labels))
        elif how == "rate":
            out[name] = min(3.0, 100.0 * len(cue.findall(probe)) / words)
        else:
            out[name] = math.log1p(len(cue.findall(probe)))
    out["percent_rate"] = min(3.0, 100.0 * head.count("%") / words)
    return out


WORD = re.compile(r"[a-z][a-z']+")
WORD_FEATURE = "w:"  # the prefix of a word's rate among the model's feature names
WORDS_IN_FULL = 150  # words of text from which its choice of words is read at all


def word_counts(text: str) -> Counter[str]:
    """The words of a text's opening, counted."""
    return Counter(WORD.findall(text[:HEAD].lower()))


def word_rates(text: str, words: list[str] | tuple[str, ...]) -> dict[str, float]:
    """How often the opening of a text uses each of `words`: log(1 + uses per 1,000 words),
    under the feature name `w:<word>`."""
    counts = word_counts(text)
    total = max(1, sum(counts.values()))
    return {WORD_FEATURE + w: math.log1p(1000.0 * counts[w] / total) for w in words}


@dataclass(frozen=True)
class Genre:
    kind: str
    probability: float
    signals: tuple[str, ...]  # the signals that spoke most for it ("common_words": its words)
    version: str
    odds: tuple[tuple[str, float], ...] = ()  # every kind with its probability

    def likelier(self, *kinds: str) -> str:
        """Of `kinds`, the one the content reads more like (the first on a tie)."""
        odds = dict(self.odds)
        return max(kinds, key=lambda k: odds.get(k, 0.0))


def _clip(z: float) -> float:
    return max(-3.0, min(3.0, z))


class GenreModel:
    """Multinomial logistic regression over `features` and the rates of `words`; weights from
    `genre_model.json`.

    Most of a page's vocabulary words are absent from it, and an absent word's standardised
    rate is the same on every page: their part of each kind's score is summed once, and a
    page only adds what its own words change."""

    def __init__(self, data: dict):
        self.version: str = data["version"]
        self.kinds: list[str] = data["kinds"]
        self.names: list[str] = data["features"]
        self.mean: list[float] = data["mean"]
        self.scale: list[float] = data["scale"]
        self.weights: list[list[float]] = data["weights"]  # one row per kind
        self.bias: list[float] = data["bias"]
        self.words: list[str] = data.get("words", [])  # the common words whose rates it reads
        # the model of the signals alone, for a text too short for its words to say much
        self.short: GenreModel | None = GenreModel({"version": self.version, "kinds": self.kinds,
                                                    **data["short"]}) if "short" in data else None
        self._signals = [i for i, n in enumerate(self.names) if not n.startswith(WORD_FEATURE)]
        # word -> (its column, its standardised rate when absent)
        self._word_at = {n[len(WORD_FEATURE):]: (i, _clip(-self.mean[i] / self.scale[i]))
                         for i, n in enumerate(self.names) if n.startswith(WORD_FEATURE)}
        self._absent = [sum(row[i] * z for i, z in self._word_at.values()) for row in self.weights]

    @classmethod
    @cache
    def bundled(cls) -> GenreModel:
        raw = resources.files("evidence.parse").joinpath(MODEL_FILE).read_text("utf-8")
        return cls(json.loads(raw))

    def predict(self, text: str) -> Genre:
        counts = word_counts(text) if self._word_at else Counter()
        total = sum(counts.values())
        if self.short is not None and total < WORDS_IN_FULL:
            # in a short text one use more or less swings a word's rate: its signals decide
            return self.short.predict(text)
        feats = features(text)
        rows = self.weights
        # each feature standardised as in training and clipped: one extreme habit must not
        # decide alone
        x = {i: _clip((feats.get(self.names[i], 0.0) - self.mean[i]) / self.scale[i])
             for i in self._signals}
        words = [self._absent[k] for k in range(len(rows))]  # each kind's score from words
        if self._word_at:
            for word, n in counts.items():
                at = self._word_at.get(word)
                if at is None:
                    continue
                i, absent = at
                z = _clip((math.log1p(1000.0 * n / max(1, total)) - self.mean[i]) / self.scale[i])
                for k, row in enumerate(rows):
                    words[k] += row[i] * (z - absent)
        scores = [b + sum(row[i] * v for i, v in x.items()) + w
                  for row, b, w in zip(rows, self.bias, words, strict=True)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        best = scores.index(top)
        # the named signals that spoke most for it, then its words taken together
        named = sorted(((rows[best][i] * v, self.names[i]) for i, v in x.items()), reverse=True)
        signals = tuple(n for c, n in named[:3] if c > 0)
        if words[best] > 0:
            signals += ("common_words",)
        total_exp = sum(exp)
        odds = tuple((k, e / total_exp) for k, e in zip(self.kinds, exp, strict=True))
        return Genre(self.kinds[best], exp[best] / total_exp, signals, self.version, odds)


def read_genre(text: str) -> Genre:
    """The kind the content reads as, with how sure the model is and why."""
    return GenreModel.bundled().predict(text)
