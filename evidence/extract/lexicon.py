"""Domain vocabulary: treatments, outcomes, populations, regulators, and the cue
words for claim kinds, hedging, absolute language and attribution.

Kept as data so rules read as intent and so the vocabulary can grow without
touching logic. Patterns are compiled once, when this module is imported (it
is imported only by extraction, never by the read-only commands). Patterns
searched anywhere in a text are `Cue`s: they skip texts that lack the words
every match needs, and accept the text or a `Probe` of it.
"""

from __future__ import annotations

import re

from evidence.parse.scan import Cue, Probe, probe_of

TREATMENTS = [
    "exosome therapy", "exosome therapies", "exosome treatment", "exosome-based",
    "exosome boosters", "exosome skin boosters", "exosomes", "exosome", "exos",
    "extracellular vesicles", "extracellular vesicle", "adsc-exos", "secretome",
    "platelet-rich plasma", "platelet rich plasma", "prp", "platelet-rich fibrin", "prf",
    "microneedling", "micro-needling", "microneedles", "collagen induction therapy",
    "radiofrequency microneedling", "fractional co2 laser", "co2 laser", "co₂ laser",
    "fractional laser", "laser resurfacing", "laser treatment", "laser therapy", "lasers", "laser",
    "nd:yag", "erbium", "picosecond laser", "ipl", "intense pulsed light",
    "stem cell therapy", "stem cells", "stem cell", "chemical peels", "chemical peel",
    "subcision", "fillers", "hyaluronic acid", "polynucleotides", "botulinum toxin",
    "tretinoin", "retinoids", "serums", "serum", "topical exosomes", "growth factors",
]

OUTCOMES = [
    "scar appearance", "scar depth", "texture", "grayscale intensity", "pigmentation",
    "erythema", "pore size", "wrinkles", "skin quality", "elasticity", "hydration",
    "vancouver scar scale", "vss", "posas", "ecca", "goodman", "qualitative grading",
    "scar reduction", "scar improvement", "downtime", "recovery", "healing", "redness",
    "inflammation", "collagen", "satisfaction", "hyperpigmentation", "wound healing",
]

POPULATIONS = [
    "acne scars", "atrophic acne scars", "atrophic scars", "post-acne scarring",
    "postoperative facial scars", "postoperative scars", "surgical scars", "post-surgical",
    "hypertrophic scars", "keloids", "burn scars", "diabetic wound", "diabetic wounds",
    "chronic wounds", "striae", "stretch marks", "melasma", "photoaging", "alopecia",
    "icepick scars", "boxcar scars", "rolling scars", "wounds", "scars",
]

AGENCIES = {
    "FDA": r"\bFDA\b|Food and Drug Administration",
    "TGA": r"\bTGA\b|Therapeutic Goods (?:Administration|Association)|\bARTG\b",
    "EMA": r"\bEMA\b|European Medicines Agency",
    "MHRA": r"\bMHRA\b|Medicines and Healthcare products Regulatory Agency|Yellow Card",
    "Health Canada": r"Health Canada",
    "Medsafe": r"\bMedsafe\b",
    "NICE": r"\bNICE\b",
    "ASA": r"\bASA\b|Advertising Standards Authority",
    "FTC": r"\bFTC\b|Federal Trade Commission",
    "UKHSA": r"\bUKHSA\b|UK Health Security Agency",
    # the US public-health agency: its outbreak notices and health advisories
    "CDC": r"\bCDC\b|Centers for Disease Control(?: and Prevention)?",
    "HPRA": r"\bHPRA\b|Health Products Regulatory Authority",
    "ACCC": r"\bACCC\b|Australian Competition and Consumer Commission",
    # (not a US health savings account: "HSA/FSA", "HSA-eligible")
    "HSA": r"Health Sciences Authority|(?<!FSA/)\bHSA\b(?![/ -]*(?:FSA|accounts?|cards?|eligible))",
    # medicines regulators of other countries, by their names and initials
    "MHLW": r"\bMHLW\b|Ministry of Health,? Labou?r and Welfare|Health,? Labou?r and Welfare Ministry",
    "PMDA": r"\bPMDA\b|Pharmaceuticals and Medical Devices Agency",
    "ANVISA": r"\bANVISA\b|\bAnvisa\b",
    "CDSCO": r"\bCDSCO\b|Central Drugs Standard Control Organi[sz]ation",
    "MFDS": r"\bMFDS\b|Ministry of Food and Drug Safety",
    "NMPA": r"\bNMPA\b|National Medical Products Administration",
    "Swissmedic": r"\bSwissmedic\b",
    # food safety and fertility regulators whose notices and recalls pages retell
    "HFEA": r"\bHFEA\b|Human Fertilisation (?:and|&) Embryology Authority",
    "NZFS": r"\bNZFS\b|New Zealand Food Safety",
    "CFS": r"Centre for Food Safety",
    "FSANZ": r"\bFSANZ\b|Food Standards Australia New Zealand",
    "EFSA": r"\bEFSA\b|European Food Safety Authority",
    "FSA": r"Food Standards Agency",
}
AGENCY_RX = {name: Cue(re.compile(rx)) for name, rx in AGENCIES.items()}

_TERM_RX = Cue(re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(TREATMENTS, key=len, reverse=True))
    + r")(?![\w])", re.I))
_OUTCOME_RX = Cue(re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(OUTCOMES, key=len, reverse=True))
    + r")(?![\w])", re.I))
_POP_RX = Cue(re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(POPULATIONS, key=len, reverse=True))
    + r")(?![\w])", re.I))


def treatments(text: str | Probe) -> list[re.Match[str]]:
    return list(_TERM_RX.finditer(text))


def outcomes(text: str | Probe) -> list[str]:
    return sorted({m.group(1).lower() for m in _OUTCOME_RX.finditer(text)})


def populations(text: str | Probe) -> list[str]:
    return sorted({m.group(1).lower() for m in _POP_RX.finditer(text)})


def agency_in(text: str | Probe) -> str | None:
    """The regulator `text` names first ("joint FTC-FDA letters" are the FTC's first)."""
    probe = probe_of(text)
    first: tuple[int, str] | None = None
    for name, rx in AGENCY_RX.items():
        m = rx.search(probe)
        if m is not None and (first is None or m.start() < first[0]):
            first = (m.start(), name)
    return first[1] if first else None


# The regulator of a jurisdiction a statement names ("clinics in Australia can only ...")
JURISDICTION_AGENCY = [
    (re.compile(r"\b(in|across|throughout) Australia\b|\bAustralian (law|rules|regulations?)\b"),
     "TGA"),
    (re.compile(r"\b(in|across|throughout) (the )?(US|U\.S\.|USA|United States|America)\b"), "FDA"),
    (re.compile(r"\b(in|across|throughout) (the )?(UK|U\.K\.|United Kingdom|Britain|England)\b"),
     "MHRA"),
    (re.compile(r"\b(in|across|throughout) Canada\b"), "Health Canada"),
    (re.compile(r"\b(in|across|throughout) (the )?(EU|European Union|Europe)\b"), "EMA"),
]


def jurisdiction_agency(text: str) -> str | None:
    """The regulator of the one country or union a statement is set in, if it names one."""
    found = {agency for rx, agency in JURISDICTION_AGENCY if rx.search(text)}
    return found.pop() if len(found) == 1 else None


# --- claim kinds: the first kind whose cues match, in this order, wins -------

# "Cleared" as a regulator's word, not an outcome's ("redness cleared within 4 days", "75%
# clearance of the tattoo"): what was cleared by or for someone, a clearance received or held
_CLEARED = (r"(?:(?:been|be|is|are|was|were|not|being)\s+)?cleared\s+(?:by|for|to be)\b|"
            r"(?:received|obtained|granted|earned|gained|got|has|have|had|with|without|pending|"
            r"its|their|seek\w*|sought)\s+(?:[\w()]+\s+){0,2}?clearance|"
            r"clearance\s+(?:from|by)\s+(?:the\s+)?(?:FDA|TGA|agency|regulator|U\.?S\.?|Food)|"
            r"510\s?\(k\)")
# "Approved" as a regulator's word, not an ethics board's: "approved by the institutional
# review board", "ethical approval was obtained" say how a study was run
_APPROVED = (r"(?<!ethical )(?<!ethics )(?<!IRB )approv\w*(?![^.;]{0,60}\b(?:review board|"
             r"ethics|ethical|IRB|institutional|committee)\b)")
# "Regulate" as a rule-maker's word, not the body's: "regulate glucose", "blood sugar
# regulation", "down-regulated", "a master regulator of growth" tell how a body works
_BODY_WORDS = (r"genes?|glucose|blood|sugar|insulin|metabolism|metabolic|expression|sleep|"
               r"appetite|hormones?|cells?|cellular|immune|immunity|inflammat\w+|signal\w*|"
               r"pathways?|temperature|mood|levels?|lipids?|cholesterol|pressure|growth|"
               r"circadian|heart|bowel|digestion|enzymes?|activit(?:y|ies)|functions?|"
               r"transcription\w*|proteins?|weight|fat|skin|collagen")
_REGULATION = (r"(?<!down-)(?<!up-)(?<!self-)(?<!master )(?<!growth )(?<!sugar )(?<!key )"
               r"(?<!glucose )(?<!cellular )"
               rf"(?!regulat\w*\s+(?:of\s+|by\s+)?(?:the\s+|its\s+|their\s+|our\s+)?"
               rf"(?:[\w-]+\s+)?(?:{_BODY_WORDS})\b)regulat\w+")
KIND_CUES: list[tuple[str, Cue]] = [(kind, Cue(rx)) for kind, rx in [
    ("regulatory", re.compile(
        rf"\b(FDA|TGA|EMA|MHRA|Health Canada|FTC|ACCC|MHLW|PMDA|ANVISA|CDSCO|MFDS|NMPA|"
        rf"Swissmedic|Federal Trade Commission|Food and Drug Administration|Therapeutic Goods "
        rf"Administration|Health Sciences Authority|Labou?r and Welfare|{_APPROVED}|{_CLEARED}|off-label|licen[cs]ed|"
        rf"{_REGULATION}|authori[sz]ed|authori[sz]ation|not recogni[sz]ed as proven|permitted|"
        r"allowed to be|prohibited|banned|legal(ly)?|unapproved|prescription-only|"
        r"therapeutic goods|register of therapeutic goods|ARTG|marketing authori[sz]ation|"
        r"CE[- ]mark\w*|registered (with|as)|listed on the|enforcement|warning letters?|"
        r"penalt(y|ies)|infringement notices?|advertising code|fined|"
        r"(issued|imposed|paid|totall?ing) (a |\$?[\d,.]+ (in )?)?fines?|fines? (of|totall?ing|worth)|licen[cs]es?|(un)?lawful(ly)?|"
        r"violations?|misbranded|adulterated|unauthori[sz]ed|unlicen[cs]ed|unregistered|"
        r"(is|are) (a |an )?(unapproved )?(new )?(drugs?|"
        r"biological products?|medical devices?|therapeutic goods))\b", re.I)),
    # permitted use: "can only use exosomes topically", "must not advertise them"
    ("regulatory", re.compile(
        r"\b((can|may|must) only (be )?(used?|applied|sold|supplied|administered|injected)|"
        r"(only|solely) (be )?(used?|applied|sold|supplied) (topically|on intact skin|externally)|"
        r"(must|may|can) ?not (be )?(advertis\w+|market\w+|inject\w+|sold|suppl\w+|import\w+|"
        r"promot\w+)|topical use only|for (external|topical) use only)\b", re.I)),
    ("study_design", re.compile(
        r"\b(randomi[sz]ed|randomly|allocated|assigned|enrolled|enrol?lment|split-(face|body|scalp)|"
        r"double-blind|single-blind|blinded|placebo-controlled|controlled (clinical )?(trial|study)|"
        r"prospective|retrospective|cohort|case series|meta-analysis|systematic review|"
        r"\d+-week (split|study|trial)|study compared|trial compared|were evaluated using|"
        r"evaluated using|assessed (using|with|by)|outcome measures?|follow-up of|"
        r"followed (up )?for|completed the (study|trial)|were (included|pooled)|"
        r"(rabbits|mice|rats|animals|wounds) were (created|assigned|treated|divided|made)|"
        r"(?<!occurred )(?<!developed )(?<!seen )in \d+ patients|participants were|patients were (randomly|assigned|enrolled|included)|"
        r"(primary|secondary) (outcome|endpoint)s?|time frame|eligib\w+|inclusion criteria)\b",
        re.I)),
    # kept apart so each pattern keeps a short list of words that must occur in a match
    ("study_design", re.compile(
        r"\b(masking|allocation|(graded|scored|rated|measured|evaluated) (with|using|by)|"
        r"took part|completed (the )?(follow-up|study|trial)|follow-up (lasted|was|of|period))\b",
        re.I)),
    ("safety", re.compile(
        r"\b(adverse (events?|effects?|reactions?)|side[- ]effects?|safe(ty|ly)?|tolerated|"
        r"complications?|risks?|hypersensitivity|swelling|pain(ful)?|infections?|"
        r"contraindicat\w+|serious|allergic|allerg(y|ies)|reactions?|milia|tenderness|"
        r"post-inflammatory hyperpigmentation|PIH|scarring risk|burns?|blister\w*|"
        r"dermatitis|granulom\w+|necrosis|irritation|pruritus|itch(ing|y)?|stinging|scaling|"
        r"peeling|flaking|dryness|erythema|bruis(e|es|ing)|"
        r"(occurred|developed|experienced|was seen|were seen) in \d+( of \d+)? (patients|participants)|"
        r"(occurred|developed|experienced) (in|by)|nodules?|white spots|hyperpigmentation|"
        r"post-\s?inflammatory|"
        # "it is non-invasive": said of the treatment, not of another procedure it follows
        r"(is|are) (a |an )?(completely |totally |entirely )?(non|minimally)[- ]?invasive|"
        r"(patients?|participants?|subjects?|people|one|two|three) (\w+ ){0,2}develop(s|ed)?)\b",
        re.I)),
    ("recovery", re.compile(
        r"\b(downtime|recovery( time)?|heal(ing)? (time|quicker|faster)|healing quicker|"
        r"recover\w*|resolv(ed|ing|es) (within|after|in)|faster results|"
        r"return(ed|s)? to (work|normal|daily)|back (at|to) work|"
        r"resume[sd]? (your |their |his |her )?(normal|usual|daily|everyday) (activities|routine|"
        r"life))\b", re.I)),
    ("protocol", re.compile(
        r"\b(sessions?|intervals?|weeks? apart|spaced|mm depth|needle depth|depth of|needles?|"
        r"applied (topically|post)|"
        r"topically|inject(ed|ion)s?|dos(e|ing|age)|aftercare|post-care|SPF|avoid(ing)?|"
        r"cream|serum|protocol|regimen|once (a|per)|every \w+ (weeks?|months?|morning|day)|"
        r"apply|maintenance|sedation|sedated|an(a)?esthe(sia|tic)|numbing (cream|gel)|"
        r"premedication)\b", re.I)),
    ("mechanism", re.compile(
        r"\b(stimulat\w+|fibroblasts?|collagen types?|collagen (I|III|fib\w+|deposition|"
        r"synthesis|remodel\w*|production|formation|induction|rebuild\w*|regrow\w*|renew\w*|"
        r"repair\w*)|(rebuild|regrow|renew)\w* collagen|new collagen|micro ?RNAs?|"
        r"miR-\w+|cytokines?|growth factors?|signal(s|ing|ling)?|messengers?|pathways?|"
        r"transfer\w*|suppress\w*|modulat\w+|regenerat\w+|rejuvenat\w+ damaged|cell-to-cell|"
        r"paracrine|angiogenesis|neovasculari[sz]ation|naturally occurring|vesicles?|tiny cells|"
        r"key role|amplif\w+)\b", re.I)),
    ("efficacy", re.compile(
        r"\b(improv\w+|reduc\w+|(?:in)?effective(ness)?|efficacy|results?|outcomes?|benefits?|"
        # an effect denied: "proved ineffective", "had no effect whatsoever"
        r"no (?:significant |beneficial |measurable |clear |discernible |clinical )?effects? "
        r"(?!of\b)|"
        r"promising|potential|better|outperform\w*|enhanc\w+|treat(s|ing)?(?![-‐])|"
        r"comparable|superior|inferior|greater|success\w*|boost\w*|promot\w+|"
        r"accelerat\w+|faster|great (way|option)|healing (factors|process\w*|response|benefits)|anti-scar|worked|work(s)? well|"
        r"gold standard|proven|satisf\w+|adjunct|useful|pooled|mean difference|effect size|"
        r"increas\w+|decreas\w+|rose|fell|smoother|brighter|firmer|fade[sd]?|lift\w*|"
        r"soften\w*|even(s|ing)? out|tighten\w*|refin(e|es|ing)\b|plump\w*|brighten\w*|"
        r"(lower|higher|smaller|larger|fewer|less)\s+(?!than\b)[\s\S]{0,60}\bthan|"
        r"(?<=% )(fewer|more|lower|higher|greater|smaller|less)|"
        # outcome words that carry to any treatment: a change measured, weight lost, hair regrown
        r"chang(e|es|ed) (in|from)|weight loss|lost (\d|an average|a mean)|regr[eo]w\w*|"
        r"(hair|skin) (growth|count|density|thickness)|significantly (higher|lower|more|less)|"
        r"respon(se|ders?) rates?|remission|achieved|"
        r"(?<=% )clearance|(complete|partial|full|tattoo|lesion|pigment) clearance|"
        r"clearance (of|rates?)|"
        # what a remedy is said to do for the body: "supports liver function", "helps restore"
        r"supports?(?=\s+[a-z])|restores?|balances|protects|"
        r"prevents|relieves?|strengthens?|lowers)\b",
        re.I)),
]]

# The grave harms notices and news report (deaths, hospital stays, organs damaged, poisoning):
# a sentence telling of one, where no claim kind's cue speaks, is a claim of safety. They are
# no cue beside the others: a death is often an outcome a treatment lowered ("reduced the risk
# of death"), and a notice's finding stays the regulator's.
GRAVE_HARM = Cue(re.compile(
    r"\b(deaths?|died|fatal(ity|ities)?|hospitali[sz](ed|ations?)|poisonings?|overdoses?|"
    r"(liver|kidney|renal|hepatic) (failure|injury|injuries|damage|toxicity|ailments?|disease)|"
    r"hepatotoxic\w*|toxic(ity)?|seizures?|anaphyla\w+)\b", re.I))
HEDGES = Cue(re.compile(
    r"\b(may|might|could|probabl[ey]|potential(ly)?|promising|suggests?|suggested|suggestive|"
    r"associated with|numerically|appears? to|seems? to|possibl[ey]|preliminary|"
    # "likely" hedges; "less likely", "twice as likely" compare how often, firmly
    r"(?<!\bmore )(?<!\bless )(?<!\bas )likely|"
    r"warranted|tend(s|ed)? to|trends? towards?|not (statistically )?significant|"
    r"non-?significant(ly)?|did not reach (statistical )?significance|"
    r"emerging|can help)\b", re.I))
ABSOLUTE = Cue(re.compile(
    r"\b(no side effects|no downtime|little to no (downtime|side effects|scarring)|"
    r"zero downtime|proven|guarantee[sd]?|guaranteed|outperforms?|paradigm shift|breakthrough|"
    r"revolutionary|miracle|cure[sd]?|100%|completely (safe|painless)|permanent(ly)?|"
    r"always|never|risk-free|clinically proven|cutting-edge|best|gold standard|"
    r"virtually impossible|no risk|totally safe|instant(ly)?|game[- ]chang(er|ing)|"
    r"life[- ]changing|transformative|unmatched|unrivall?ed)\b", re.I))
NEGATION = Cue(re.compile(
    r"\b(no|not|never|none|without|neither|nor|did not|does not|do not|failed to|"
    r"no significant|n't)\b", re.I))

# --- things that are not claims ----------------------------------------------

CALL_TO_ACTION = re.compile(
    r"^\s*\W*(see|read|learn|find out|discover|book|call|contact|get in touch|click|"
    r"subscribe|sign up|follow|share|download|request|enquire|schedule|visit|check out|"
    r"ask|join|let us|let's|talk to|speak to|chat with|fetch|browse|shop|order|buy|report|"
    r"please (notify|contact|call|submit|respond|reply|send|provide|email|write|inform))\b"
    r"(?![-‐’'])(?!\s+(dermatitis|lens|lenses|time|rate|rates|sensitivity|allergy|period)\b)",
    re.I)
READER_ADDRESS = re.compile(
    r"^\s*\W*(if you|you may|you might|are you|have you|do you|whether you|now that|"
    r"looking to|wondering|luckily|with this in mind|however it|it'?s no surprise)\b", re.I)
FRAGMENT_START = re.compile(
    r"^\s*\W*(which|all of which|from|with many|as many|making|providing|especially|"
    r"along with|in other words|this is because|this is also|this means|these work|"
    # "one of the ..." opens a fragment, unless a study is what it picks out ("One of the
    # better human studies on this supplement involved 135 subjects")
    r"oftentimes|one of the(?!(?: [\w-]+){0,3} (?:studies|trials)\b))\b", re.I)
BOILERPLATE = re.compile(
    r"^\s*(skip to|table of contents|menu|home|share|print|cookie|accept|©|copyright|"
    r"all rights reserved|privacy policy|terms of use|terms and conditions|posted (on|in|by)|"
    r"written by|last updated|related (posts|articles)|tags?:|categories:|"
    r"source:|references?\b|figures?\b|full text\b|\W*individual results (may|will|can) vary|"
    r"\W*results (may|will|can) vary)", re.I)
SIGN_OFF = re.compile(r"^\s*[\w&.' -]{2,40}\b(team|staff|editors?)\s*$", re.I)

# Labels at the start of a bullet that make a verbless item a claim ("Risks: redness")
CLAIM_LABELS = re.compile(
    r"^(risks?|side effects?|adverse (events?|effects?)|safety|downtime|recovery( time)?|"
    r"healing( speed| time)?|results?|outcomes?|efficacy|benefits?|protocol|sessions?|"
    r"dosage|dosing|aftercare|post-care|regulatory( note| status)?|approval|legal status|"
    r"complications|contraindications|duration|response|improvement)\b", re.I)
LABEL = re.compile(r"^\s*(?:\*\*|__)?([A-Z][\w/&+ ’'()-]{1,40}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?=\S)")

# Who or what a sentence credits
# An institution's name: capitalized words around an institution noun ("Centers for Disease
# Control and Prevention", "National Institute of General Medical Sciences"), or an acronym
_INSTITUTION = (
    r"(?:(?:[A-Z][\w&.'’-]*\s+(?:(?:of|for|and|on)\s+)?){0,6}(?:Institutes?|Centers?|Centres?|"
    r"Organi[sz]ation|Association|Society|Academy|Agency|Department|Ministry|Foundation|College|"
    r"Council|Service|Bureau|Office)(?:\s+(?:of|for|and|on)(?:\s+[A-Z][\w&.'’-]*)+)*|"
    r"[A-Z]{3,6})(?![\w-])")
ATTRIBUTION_PATTERNS: list[tuple[str, Cue]] = [(kind, Cue(rx)) for kind, rx in [
    ("publication", re.compile(
        r"\b(?:according to|as reported (?:by|in)|cited in|as cited in|per)\s+"
        r"(?:an? |the )?(?P<who>(?:[\w&.'’-]+\s){0,6}?(?:article|study|paper|review|report|"
        r"journal article|publication|research|trial|studies|trials|papers|reports|articles|"
        r"reviews|data)(?:\s+(?:by|in|from|published (?:by|in))\s+"
        r"[A-Z][\w&.'’-]*(?:\s+[A-Za-z&][\w&.'’-]*){0,5})?)", re.I)),
    ("publication", re.compile(
        r"\b(?:in|from)\s+(?:an?|the)\s+(?P<who>(?:[\w&.'’-]+\s){0,3}?(?:article|study|paper|"
        r"review|report|publication)\s+(?:by|in|from|published (?:by|in))\s+"
        r"[A-Za-z][\w&.'’-]*(?:\s+[A-Za-z&][\w&.'’-]*){0,5}?)(?=,|\s+(?:says|said|notes|found|"
        r"shows|showed|states|reports|reported|suggests|Dr\.|Professor))", re.I)),
    ("publication", re.compile(
        r"\b(?:[Aa]n?|[Tt]he)\s+(?P<who>(?:[\w-]+\s){0,2}?(?:article|study|paper|review|report|"
        r"publication)\s+(?:by|in|from)\s+[A-Z][\w&.'’-]*(?:\s+[A-Za-z&][\w&.'’-]*){0,5}?)\s+"
        r"(?:says|said|notes|found|shows|showed|states|reports|reported|suggests|concluded)\b")),
    ("publication", re.compile(
        r"\b(?:[Aa]n?|[Tt]he)\s+(?P<who>(?:[A-Z][\w&.'’-]*|(?:19|20)\d{2})"
        r"(?:\s+(?:[A-Z][\w&.'’-]*|(?:19|20)\d{2})){0,5}\s+"
        r"(?:article|study|paper|review|report|publication|journal article))\s+"
        r"(?:says|said|notes|found|shows|showed|states|reports|reported|suggests|concluded)\b")),
    ("publication", re.compile(
        r"^\W*(?P<who>(?:(?:over|more than|some|nearly)\s+)?(?:[\d,]+\s+)?(?:(?:recent|clinical|"
        r"published|peer-reviewed|scientific|independent|animal|human|laboratory|lab|several|"
        r"many|numerous|multiple|other|previous|earlier|observational)\s+)?(?:studies|"
        r"research|trials|data))\s+(?:(?:have|has)\s+)?(?:show|shown|showed|suggest|suggests|"
        r"found|finds|prove|proves|proven|confirm|confirms|indicate|indicates)\b", re.I)),
    # "The research on X comes from ...", "The research connecting X to Y has ...": a statement
    # of what the research is, credited to it
    ("publication", re.compile(
        r"^\W*(?:the\s+|most\s+|much\s+|current\s+|recent\s+)*(?:[\w-]+\s+){0,2}?"
        r"(?P<who>research|evidence|literature)\s+(?:on|into|about|behind|for|connecting|linking|"
        r"regarding)\b", re.I)),
    ("publication", re.compile(
        r"\b(?P<who>(?:an?|one|a recent|recent|several|many|a larger|a large|a small)\s+"
        r"(?:\w+\s){0,3}?(?:studies|study|trial|trials|research|articles|review|meta-analysis|"
        r"analysis|survey|poll|audit)\s+(?:of\s+\S+\s+\w+\s+)?(?:(?:have|has|had)\s+)?"
        r"(?:found|shows?|showed|shown|suggests?|suggested|reported|demonstrated|confirmed|"
        r"indicates?|signal|"
        r"concluded))\b",
        re.I)),
    # a figure credited to an institution: "according to the World Health Organization", "the
    # National Institute of General Medical Sciences reports", "the CDC estimates"
    ("publication", re.compile(
        r"\b(?:[Aa]ccording to|[Aa]s reported by|[Dd]ata from|[Ff]igures from)\s+(?:the\s+)?"
        r"(?P<who>" + _INSTITUTION + r")")),
    ("publication", re.compile(
        r"^\W*(?:[Tt]he\s+)?(?P<who>" + _INSTITUTION + r")\s+(?:reports|reported|estimates|"
        r"estimated|says|said|states|stated|notes|noted)\b")),
    # "has been shown consistently in published studies", "as shown in a randomized,
    # double-blind, controlled trial": a finding credited to the work it was shown in
    ("publication", re.compile(
        r"\b(?:shown|found|proven|demonstrated|confirmed)\s+(?:\w+ly\s+)?(?:in|by)\s+"
        r"(?P<who>(?:(?:an?|one|the|several|many|multiple|numerous|some|two|three)\s+)?"
        r"(?:[\w-]+,?\s+){0,4}?(?:studies|study|trials|trial|research|meta-analysis|"
        r"systematic review|review))\b", re.I)),
    # a sentence whose subject is a study, whatever it did: "This study was conducted on 15
    # people", "One of the better human studies on this supplement involved 135 subjects",
    # "Fourteen trials (3667 patients) showed", "Recent research, also led by X, suggests"
    ("publication", re.compile(
        r"^\W*(?:(?:however|in fact|additionally|moreover|also|still),?\s+)?"
        r"(?P<who>(?:this|that|these|one of the|another|an?|one|recent|several|many|\d+|two|three|"
        r"four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:study|studies|trials?|research|meta-analysis|review)|"
        r"(?:an?|one)\s+[\w-]+-study)(?:\s*\([^)]{0,40}\))?(?:,[^,]{0,60},)?"
        r"(?:\s+(?:on|of|in|from|by)\s+[^,.;]{0,60}?)?\s+(?:was conducted|were conducted|involved|"
        r"included|enrolled|examined|tested|looked at|suggests?|suggested|has shown|have shown|"
        r"showed|demonstrated)\b", re.I)),
    # "The review also failed to find ...", "The trial found ...": what the study a page has
    # just told of found (a reference mark may stand glued to the noun: "The review1")
    ("publication", re.compile(
        r"^\W*(?P<who>[Tt]he\s+(?:study|trial|review|meta-analysis|research))\d*\s+(?:also\s+)?"
        r"(?:found|showed|shows|failed to|did not|concluded|reported|revealed|suggests|"
        r"indicated|indicates|demonstrated)\b")),
    # studies as the subject, however described, with what they showed: "Early studies show",
    # "Clinical trials involving women with PCOS have found", "Clinical research published in
    # a journal states"
    ("publication", re.compile(
        r"^\W*(?!(?:our|my|these|the)\b)(?P<who>(?:[\w-]+\s+){0,2}?(?:studies|trials|research|data))\b[^.;:]{0,70}?\s"
        r"(?:(?:have|has)\s+)?(?:shown|show|showed|found|suggest|suggested|indicate|indicated|"
        r"demonstrated|revealed|concluded|states|stated)\b", re.I)),
]]
# A sentence set inside the studies it tells of: "In trials conducted in China, ...", "In
# head-to-head trials, Silexan was found ...", "During a small trial, it was shown that ..."
# (not the page's own study: "In this study, we ..."); the last resort of `attribution_of`,
# as it names no one
STUDY_FRAME = Cue(re.compile(
    r"^\W*(?:in|during)\s+(?P<who>(?!(?:this|our|the present|the current|the same)\b)"
    r"(?:[\w-]+\s+){0,3}?(?:study|studies|trials?|meta-analys[ie]s|reviews?))\b[^,;]{0,80},"
    r"\s+\S", re.I))
SPEAKER = Cue(re.compile(
    r"(?P<who>(?:(?:[A-Z][\w-]+ )?(?:plastic|facial plastic|cosmetic)?\s*(?:surgeon|dermatologist|"
    r"doctor|physician|nurse|practitioner|researcher|professor|expert)\s+)?"
    r"(?:Dr|Prof|Professor|Doctor)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){0,2})\.?"
    r"(?:,\s+[^,“\"]{2,60},)?,?\s+"
    r"(?:says|said|notes|noted|explains|explained|adds|added|states|stated|told|tells|reports|"
    r"warns|warned|cautions|believes)\b"))
SPEAKER_AFTER = Cue(re.compile(
    r"[”\"]\s*,?\s*(?:says|said|explains|notes|adds)\s+(?P<who>(?:(?:Associate|Assistant|Adjunct|"
    r"Clinical|Emeritus)\s+)?(?:Dr|Prof|Professor)\.?\s+"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"))
# '"...," says Mr James Okoro, consultant plastic surgeon': a named clinician by their work
SPEAKER_CLINICIAN = Cue(re.compile(
    r"[”\"]\s*,?\s*(?:says|said|explains|explained|notes|noted|adds|added)\s+"
    r"(?P<who>(?:(?:Mr|Mrs|Ms|Miss|Nurse|Sister)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s+"
    r"(?:an?\s+|the\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:surgeon|dermatologist|doctor|physician|nurse|"
    r"practitioner|consultant|injector|clinician|specialist|GP|professor|researcher)\b"))
_PROFESSION = r"(?:surgeon|dermatologist|doctor|physician|nurse|practitioner|consultant|" \
              r"clinician|specialist|GP|professor|researcher|investigator|scientist|author|" \
              r"pharmacist|endocrinologist|ophthalmologist|cardiologist|director|chief|lecturer)"
_PERSON = r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2}"
_DEGREE = r"(?:MD|PhD|DO|MBBS|PharmD|RN|NP|FRCP|MPH|MSc|FAAD)"
_SAID_VERBS = r"says|said|explains|explained|notes|noted|adds|added|states|stated|told|tells|" \
    r"warns|warned|cautions|cautioned"
_SAID = rf"(?:{_SAID_VERBS})"
# 'Study leader Jane Roe, a professor of dermatology at X, said: "..."': a named person with
# their work in apposition, before the quote
SPEAKER_APPOSITIVE = Cue(re.compile(
    rf"(?P<who>{_PERSON}),\s+(?:{_DEGREE},\s+)*(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}"
    rf"{_PROFESSION}\b(?:[^,;“\"]{{0,80}},\s+){{1,3}}{_SAID}\b"))
# '"...," said lead investigator Jane Roe, MD': their work named before their name, or a
# medical degree after it
SPEAKER_ROLE_FIRST = Cue(re.compile(
    rf"[”\"]\s*,?\s*{_SAID}\s+(?:(?:the\s+)?(?:[\w-]+\s+){{0,2}}{_PROFESSION}\s+(?P<who>{_PERSON})|"
    rf"(?P<who2>{_PERSON}),\s+{_DEGREE}\b)"))
# "According to Dr. Lena Fischer, a dermatologist in Munich, ..."
SPEAKER_ACCORDING = Cue(re.compile(
    r"\b(?:[Aa]ccording to|[Ii]n the (?:words|view|opinion) of)\s+(?P<who>(?:Dr|Prof|Professor|"
    r"Doctor)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"))
# A person named as the one saying it, with or without a title or their work: "Jankovic added
# that ...", "Lead study writer Rob Schuster says ...", "Robert Grenfell, said ...",
# '"...," said study lead author Dr. Christian Hendershot'. Who it is must read as a person's
# name (`named_speaker` drops "However", "The company", weekdays, regulators).
_NAME = r"(?:(?:Dr|Prof|Professor|Doctor)\.?\s+)?[A-Z][a-z][\w'’-]*(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z][\w'’-]*){0,2}"
_SAYS = rf"(?:{_SAID_VERBS}|writes|wrote|believes|argues|argued|concluded|concludes)"
SPEAKER_NAMED = Cue(re.compile(
    rf"(?P<who>{_NAME})(?:\s*,\s*(?P<appos>(?:an?\s+|the\s+)?[^,;:“”\"]{{2,90}}?),)?,?\s+{_SAYS}\b|"
    rf"(?:[,”\"]|'')\s*{_SAYS}\s+(?:(?:the\s+)?[a-z][\w-]*\s+){{0,4}}(?P<who2>{_NAME})"))
TESTIMONIAL = Cue(re.compile(r"[”\"]\s*[–—-]\s*(?P<who>[A-Z][\w'’-]+(?:,?\s+\d{1,3})?)\s*$"))
# '"My skin healed in days," says Sarah, 34': a client quoted by first name (and age)
TESTIMONIAL_SAYS = Cue(re.compile(
    r"[”\"]\s*,?\s*(?:says|said|writes|wrote|shares|shared|explains)\s+"
    r"(?P<who>(?!(?:Dr|Prof|Professor|Doctor|Associate|Assistant|Adjunct|Clinical|Emeritus|"
    r"Mr|Mrs|Ms|Miss|Nurse|Sister|Sir|Dame|Lord|Lady)\b)[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?"
    r"(?:,\s*\d{1,3})?)"))
# "– Jess, 29" on its own line under a quote: who the quote is from
SIGNATURE = re.compile(r"^\s*[–—-]\s*(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*)?(?:,\s*\d{1,3})?)"
                       r"(?:,\s*[\w .'’-]{2,40})?\s*$")
QUOTE_RX = Cue(re.compile(r"[“\"](?P<q>[^”\"]{8,})[”\"]"))
STUDY_DESCRIPTOR = Cue(re.compile(
    # not the study as a stretch of time or an event someone took part in ("before the study",
    # "who was not involved in the study")
    r"(?<!before )(?<!after )(?<!during )(?<!throughout )(?<!since )(?<!until )(?<!end of )"
    r"(?<!involved in )(?<!part in )(?<!participate in )(?<!participated in )"
    r"\b(?:an?|one|the|this|another)\s+(?:(?:recent|small|smaller|large|larger|published|new|"
    r"independent|first|second|third|further|follow-up|latest|largest|Australian|American|"
    r"European|Korean|Chinese|"
    r"\d{4}),?\s+){0,3}"
    r"(?:\d+[- ](?:week|month|day)\s+)?(?:randomi[sz]ed,?\s+|(?:placebo-)?controlled,?\s+|"
    r"(?:double|single|triple)-blind(?:ed)?,?\s+|open-label,?\s+|crossover\s+|"
    r"parallel-group\s+|multi-?cent(?:er|re)\s+|"
    r"split-(?:face|body|scalp)\s+|clinical\s+|pilot\s+|prospective\s+|retrospective\s+)*"
    r"(?:study|trial|comparison|review|meta-analysis)\b[^.:]*?\b(?:compared|of|in|found|showed|"
    r"involving|with|concluded|allocated|assigned|randomi[sz]ed|enrolled)\b|"
    # a study known by its name or its size, told as what it showed or where it appeared: "the
    # DREAM study was published in ...", "a 535-participant trial, published ..., showed"
    r"\b(?:an?|the|one|another)\s+(?:[\w()-]+\s+){0,6}?(?:study|trial)\b(?:\s*,[^,.;]{3,120},)?\s+"
    r"(?:(?:was|were|has been|have been)\s+)?(?:\w+ly\s+)?(?:show(?:s|ed)|f(?:ou|i)nds?|published|"
    r"presented|report(?:s|ed)|conclude[sd]|demonstrate[sd]|reveal(?:s|ed)|suggest(?:s|ed)|"
    r"indicate[sd]|pitted|tested|examined|followed|involved|included|gave|assessed|evaluated|"
    r"investigated|measured|analy[sz]ed|recruited|looked at)\b",
    re.I))


# --- canonical treatment groups, for comparing what two claims are about -------

CANONICAL = [(name, Cue(rx)) for name, rx in [
    ("exosomes", re.compile(r"exos|exosome|extracellular vesicle|secretome", re.I)),
    ("prp", re.compile(r"\bprp\b|platelet[- ]rich (plasma|fibrin)|\bprf\b", re.I)),
    ("microneedling", re.compile(r"micro-?needl|collagen induction", re.I)),
    ("laser", re.compile(r"laser|nd:yag|erbium|\bipl\b|intense pulsed", re.I)),
    ("stem cells", re.compile(r"stem cell", re.I)),
    ("chemical peel", re.compile(r"chemical peel", re.I)),
    ("subcision", re.compile(r"subcision", re.I)),
    ("fillers", re.compile(r"filler|hyaluronic", re.I)),
]]
EXCLUSIVE = Cue(re.compile(r"\b(alone|only|monotherapy|by itself|on its own)\b", re.I))


def canonical_treatments(text: str | Probe) -> frozenset[str]:
    """The treatment groups a phrase names ("Exosome therapy + CO₂ laser" -> exosomes, laser)."""
    probe = probe_of(text)
    return frozenset(name for name, rx in CANONICAL if rx.search(probe))


# How common a condition is among people at large ("Tinnitus affects 10-15% of the
# population", "an estimated 25 million adults suffer from it", "one in five adults is
# afflicted"): a page's background, never the finding of a study it tells of
_BEFALLS = re.compile(r"\b(affect(s|ed|ing)?|afflict(s|ed|ing)?|experienced by|suffer(s|ed|ing)?|"
                      r"(are|is) (living|diagnosed) with|live with|prevalence)\b", re.I)
_HOW_MANY = re.compile(r"\d[\d,.]*\s*(%|percent|per cent|million|billion)|\bone in \w+|"
                       r"\b(half|a third|a quarter|one-third|one-quarter) of\b|\bmillions of\b",
                       re.I)
_AT_LARGE = re.compile(r"\b(people|population|adults|women|men|children|americans|australians|"
                       r"britons|canadians|individuals|worldwide|globally|each year|every year|"
                       r"annually)\b", re.I)
_IN_A_STUDY = re.compile(r"\b(study|studies|trial|participants|patients|subjects|volunteers|"
                         r"group|placebo|researchers)\b", re.I)


def tells_prevalence(text: str) -> bool:
    """Whether a sentence tells how common a condition is among people at large (not among a
    study's participants)."""
    return bool(_BEFALLS.search(text) and _HOW_MANY.search(text) and _AT_LARGE.search(text)
                and not _IN_A_STUDY.search(text))
