"""Numbers as data: values, ranges, comparisons, sample sizes, sessions, statistics.

`find_quantities(text)` is a pure function from a sentence to `Quantity`s with
offsets into that text. It understands digits with decimal points or decimal
commas, unicode minus and dashes, spelled-out numbers ("Seventy-five",
"two-week"), ranges ("3–5", "3 to 5", "between 3 and 5"), open ranges ("12+"),
p-values, confidence intervals (kept as intervals), odds/risk ratios and mean
differences. Spans already claimed by a more specific pattern are not read
again by a more general one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import replace

from evidence.models import Quantity
from evidence.parse.scan import Cue, Probe, caseless, word_starts

VERSION = "evidence.numbers.v38"  # v38: people counted by where they are from ("228 Koreans", "63 Caucasians"); v37: parts per million or billion and temperatures (°C, °F, degrees Celsius) are units; v36: thousands grouped by a plain space count people with a cohort's name between ("33 947 Sister Study participants"), as grouped by commas; males and females described in words ("31 endurance-trained males") are people counted; v35: a hundred or a thousand joined to its count by a hyphen ("One-hundred and seven", "two-thousand") is one number, not a range; v34: a figure no reader placed keeps its middle-dot decimal point ("75·2 ± 37" is 75.2 and its spread); v33: a number after a comparison sign (">5 were included") is a threshold, not a count of people; students, players, infants and cyclists are people counted; v32: a dose joined to its unit spelled out by a hyphen ("a 350-milligram capsule", "a 2-gram dose"); v31: a count spelled out and echoed in digits ("Twelve (12) subjects") is read once, quoting the text as written; v30: boys, girls, adolescents, athletes and controls counted as people, "matched," among listed descriptions ("39 matched, typically developing controls"); v29: the day of each date a sentence tells (unit `date`) and the statute sections it cites (unit `section`: "section 505(a)", "21 U.S.C. § 355", "510(k)"), apart from its figures (`dates_and_sections_told`); an ordinal placing a result in time or rank ("by the 7th day", "the 50th percentile") is a figure; v28: groups and arms told by what was done to them ("the two randomized groups") are no people; v27: the years a sentence tells, with unit `year` (`years_told`); v26: a head count written as one word with its noun ("a 535-participant trial", "two 15-person groups"); v25: what news and notices count (deaths, hospitalizations, exposures, batches, lots, brands, companies, packages); v24: grouped thousands with a decimal part ("1,413.7%"); P values with a middle-dot decimal point ("P= 0·02"); v23: a share told with its count in brackets ("78% (107/137)"); an age range with its years unsaid ("aged 45–80"); v22: centimetres and inches spelled out; v21: a volume, length or mass joined to its figure by a hyphen ("240-mL", "2-cm", "5-kg"); v20: a count never has a leading zero (product codes); v19: a rating scale's points and seconds are units; v18: a figure opening a sentence whose label is glued to it ("ResultsNinety women"); v17: people enrolled by any name ("80 asthmatics were enrolled"); "(n = 235, ...)" read before its comma; v16: counts in millions or billions, kept as written with their scale; "16 thousand people" read whole; v15: spelled-out thousands ("Three thousand sixty-nine"); v14: blood pressure in mmHg (pairs, "mm Hg", "mm of mercury"); v13: people listed with commas ("11 healthy, obese men"), doses in words (milligrams, grams); v12: "47 patients in both groups", "20 in each of the three arms": per-arm counts and their arms; v11: "3 randomized placebo-controlled trials" counts trials, not people; v10: passengers, workers, employees, smokers and other everyday people counted; v9: "9.5% ± 0.5%", a mean and its spread both in percent; v8: "overweight and obese individuals" is one count; v7: "25 of 54 receiving placebo" counts its arm; v6: children, babies, mothers, students counted; "at-risk" describes; v5: pairs of people (mother-infant pairs) are counted; v4: two arms' counts sharing one noun, both sexes in one description; v3: middle-dot decimals, "p?<?0.01" as a copy garbles it (v2: described groups are arms)

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
WORD_VALUES.update({"hundred": 100, "a dozen": 12, "dozen": 12, "single": 1, "once": 1,
                    "twice": 2, "both": 2})

_TENS_RX = "|".join(_TENS)
_ONES_RX = "|".join(sorted(_ONES[1:], key=len, reverse=True))
_TENS_ONES = rf"(?:{_TENS_RX})(?:[-\s](?:{'|'.join(_ONES[1:10])}))?"
# "Two hundred sixty-four", "one hundred and twelve", "a hundred"
_HUNDREDS = rf"(?:(?:{'|'.join(_ONES[1:10])}|a)[-\s]hundred(?:\s+(?:and\s+)?(?:{_TENS_ONES}|{_ONES_RX}))?)"
_BELOW_THOUSAND = rf"(?:{_HUNDREDS}|{_TENS_ONES}|{_ONES_RX})"
# "Three thousand sixty-nine", "two thousand, four hundred and ten", "a thousand"
_THOUSANDS_WORDS = rf"(?:(?:{_BELOW_THOUSAND}|a)[-\s]thousand(?:,?\s+(?:and\s+)?{_BELOW_THOUSAND})?)"
WORDNUM = rf"(?:{_THOUSANDS_WORDS}|{_HUNDREDS}|{_TENS_ONES}|{_ONES_RX}|hundred)"
# thousands grouped by commas, with any decimal part: "1,204", "1,413.7"
GROUPED = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
# thousands grouped by commas, or by thin or no-break spaces as journals print them ("16 827")
DIGITS = rf"(?:{GROUPED}(?![\d,])|" r"\d{1,3}(?:[\u2009\u202f\xa0]\d{3})+(?![\d,.])|" \
         r"\d+(?:[.,\u00b7]\d+)?|[.,]\d+)"
NUM = rf"(?:[-−–]?\s?{DIGITS}|{WORDNUM})"
DASH = r"\s*(?:–|—|-|−|to|and)\s*"

# people named by where they are from, as studies count them ("228 Koreans", "63 Caucasians")
FROM_PLACES = ("Americans", "Australians", "Canadians", "Europeans", "Asians", "Africans",
               "Koreans", "Caucasians", "Hispanics", "Latinos", "Indians", "Iranians",
               "Brazilians", "Mexicans", "Nigerians", "Egyptians", "Turks", "Danes", "Swedes",
               "Finns", "Norwegians", "Britons", "Germans", "Italians", "Spaniards", "Thais",
               "Filipinos", "Pakistanis", "Saudis", "Israelis")
UNITS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "%",
    "day": "days", "days": "days", "d": "days",
    "week": "weeks", "weeks": "weeks", "wk": "weeks", "wks": "weeks",
    "month": "months", "months": "months", "mo": "months",
    "year": "years", "years": "years", "yr": "years", "yrs": "years",
    "hour": "hours", "hours": "hours", "h": "hours", "hr": "hours", "hrs": "hours",
    "minute": "minutes", "minutes": "minutes", "min": "minutes", "mins": "minutes",
    "second": "seconds", "seconds": "seconds",
    # a rating scale's points: "improved by 1.64 points" (not "at 3 time points")
    "point": "points", "points": "points",
    "mm": "mm", "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    # blood pressure, however it is written
    "mmHg": "mmHg", "mm Hg": "mmHg", "mm of mercury": "mmHg",
    "cm": "cm", "centimetres": "cm", "centimeters": "cm", "centimetre": "cm", "centimeter": "cm",
    "inches": "in", "inch": "in",
    "µm": "µm", "um": "µm", "nm": "nm", "ml": "ml", "mL": "ml", "mg": "mg",
    "session": "sessions", "sessions": "sessions", "treatment": "sessions",
    "treatments": "sessions", "treatment sessions": "sessions", "visits": "sessions",
    "patient": "participants", "patients": "participants", "participant": "participants",
    "participants": "participants", "subject": "participants", "subjects": "participants",
    "volunteers": "participants", "individuals": "participants", "people": "participants",
    "women": "participants", "men": "participants", "adults": "participants",
    "cases": "participants", "eyes": "participants", "clients": "participants",
    "customers": "participants", "respondents": "participants", "scars": "scars",
    "outpatients": "participants", "inpatients": "participants", "athletes": "participants",
    "players": "participants", "users": "participants", "infants": "participants",
    "males": "participants", "females": "participants", "children": "participants",
    "adolescents": "participants", "teenagers": "participants", "babies": "participants",
    "newborns": "participants", "neonates": "participants", "mothers": "participants",
    "boys": "participants", "girls": "participants", "students": "participants",
    # whom studies of everyday life take: travellers, staff, service members, smokers
    "passengers": "participants", "travellers": "participants", "travelers": "participants",
    "workers": "participants", "employees": "participants", "nurses": "participants",
    "veterans": "participants", "soldiers": "participants", "smokers": "participants",
    "residents": "participants", "runners": "participants", "seniors": "participants",
    "persons": "participants",
    # people counted by where they are from ("228 Koreans", "63 Caucasians")
    **{d: "participants" for d in FROM_PLACES},
    "arm": "arms", "arms": "arms", "group": "arms", "groups": "arms",
    "J/cm2": "J/cm2", "J/cm²": "J/cm2", "mJ": "mJ", "nm ": "nm",
    "kg": "kg", "lb": "lb", "lbs": "lb", "pounds": "lb", "mcg": "mcg", "µg": "mcg", "IU": "IU",
    "milligrams": "mg", "milligram": "mg", "micrograms": "mcg", "microgram": "mcg",
    "kilograms": "kg", "kilogram": "kg", "milliliter": "ml", "millilitre": "ml",
    "grams": "g", "gram": "g", "milliliters": "ml", "millilitres": "ml",
    "units": "units", "g": "g", "mg/kg": "mg/kg", "mg/day": "mg/day",
    # blood levels, as results and baselines are reported
    "nmol/L": "nmol/L", "µmol/L": "µmol/L", "mmol/L": "mmol/L", "pmol/L": "pmol/L",
    "ng/mL": "ng/mL", "pg/mL": "pg/mL", "µg/L": "µg/L", "mg/dL": "mg/dL", "IU/L": "IU/L",
    # what a count counts, so "30 studies" or "73 sites" is checkable like "30 patients"
    "studies": "studies", "trials": "trials", "RCTs": "trials", "sites": "sites",
    "centers": "sites", "centres": "sites", "countries": "countries", "events": "events",
    "reports": "reports", "doses": "doses", "injections": "injections", "vials": "vials",
    "pens": "pens", "complaints": "complaints", "hairs": "hairs", "strands": "hairs",
    # what news and notices count: harms, and the products and makers tested or recalled
    "deaths": "deaths", "hospitalizations": "hospitalizations",
    "hospitalisations": "hospitalizations", "exposures": "exposures",
    "illnesses": "illnesses", "infections": "infections", "injuries": "injuries",
    "batches": "batches", "lots": "lots", "samples": "samples", "products": "products",
    "brands": "brands", "companies": "companies", "firms": "companies",
    "manufacturers": "companies", "calls": "calls", "episodes": "episodes",
    "prescriptions": "prescriptions", "packages": "packages", "bottles": "bottles",
    # what a contaminant or an ingredient is measured in, and the temperatures products are
    # kept or used at
    "ppm": "ppm", "ppb": "ppb", "parts per million": "ppm", "parts per billion": "ppb",
    "°C": "°C", "ºC": "°C", "° C": "°C", "degrees Celsius": "°C", "degrees C": "°C",
    "°F": "°F", "ºF": "°F", "° F": "°F", "degrees Fahrenheit": "°F", "degrees F": "°F",
}
_UNITS_FOLDED = {k.lower(): v for k, v in UNITS.items() if "/" in k}
_UNIT_WORDS = sorted((u for u in UNITS if u not in ("%",)), key=len, reverse=True)
UNIT_RX = r"(?:%|" + "|".join(re.escape(u) for u in _UNIT_WORDS) + r")"
# Words that may stand between a count and its noun: "25 adult patients", "three consecutive sessions"
ADJ = r"(?:(?:adult|consecutive|eligible|healthy|female|male|treatment|monthly|weekly|" \
      r"additional|further|separate|total|evaluable|randomi[sz]ed|enrolled|Korean|Asian|" \
      r"controlled|clinical|published|peer-reviewed|reported|independent|serious|adverse|" \
      r"Caucasian|Iranian|Chinese|Indian|Egyptian|Brazilian|equal|equally sized|parallel|" \
      r"similar|comparable|matched|study|intervention|experimental|active|unique|different|" \
      r"distinct|confirmed|suspected)\s+){0,2}"

_FLAGS = re.I


_THOUSANDS = re.compile(rf"-?{GROUPED}")
_DECIMAL = re.compile(r"-?\d*[.,]\d+|-?\d+")
_SPACES = re.compile(r"\s+")


def parse_number(s: str) -> float | None:
    """A number written with digits (decimal point or comma, unicode minus) or in words."""
    # "3·2": a decimal point written as a middle dot, as some journals print it
    t = s.strip().lower().replace("−", "-").replace("–", "-").replace("\u00b7", ".")
    for space in (" ", "\u2009", "\u202f", "\xa0"):
        t = t.replace(space, "")
    if not t:
        return None
    if _THOUSANDS.fullmatch(t):
        return float(t.replace(",", ""))
    if _DECIMAL.fullmatch(t):
        return float(t.replace(",", "."))
    w = s.strip().lower().replace("-", " ")
    w = _SPACES.sub(" ", w)
    if w in WORD_VALUES:
        return float(WORD_VALUES[w])
    parts = [p for p in w.replace(",", " ").split() if p != "and"]
    total = current = 0  # thousands already counted; the number below a thousand being read
    for i, p in enumerate(parts):
        if p == "a" and parts[i + 1:i + 2] in (["hundred"], ["thousand"]):
            current = 1
        elif p == "thousand":
            total, current = total + (current or 1) * 1000, 0
        elif p not in WORD_VALUES:
            return None
        elif p == "hundred":
            current = (current or 1) * 100
        else:
            current += WORD_VALUES[p]
    return float(total + current) if parts else None


def _unit(u: str | None) -> str | None:
    if u is None:
        return None
    u = u.strip()
    return UNITS.get(u) or UNITS.get(u.lower()) or _UNITS_FOLDED.get(u.lower()) or u.lower()


class _Finder:
    """Collects quantities, refusing any that overlap a span already taken."""

    def __init__(self, text: str, offset: int):
        self.text = text
        self.offset = offset
        self.taken: list[tuple[int, int]] = []  # disjoint spans, sorted: a lookup is a bisect
        self.out: list[Quantity] = []

    def free(self, s: int, e: int) -> bool:
        i = bisect_left(self.taken, (s, s))
        if i < len(self.taken) and self.taken[i][0] < e:  # a span starting inside [s, e)
            return False
        return not (i and self.taken[i - 1][1] > s)  # the span before reaches past s


    def add(self, s: int, e: int, *, value: float | None = None, low: float | None = None,
            high: float | None = None, unit: str | None = None, role: str | None = None,
            comparator: str = "=", take: tuple[int, int] | None = None) -> None:
        ts, te = take or (s, e)
        if not self.free(ts, te):
            return
        insort(self.taken, (ts, te))
        while s < e and self.text[s].isspace():  # "at 4 weeks": the number, not the space
            s += 1
        self.out.append(Quantity(unit=unit, start=self.offset + s, end=self.offset + e,
                                 text=self.text[s:e], value=value, low=low, high=high,
                                 role=role, comparator=comparator))


_P_VALUE = Cue(re.compile(r"\b[pP]\s*(?:-?value)?\s*\??\s*(<|>|=|≤|≥|<=|>=)\s*\??\s*(0?[.,\u00b7]\d+|\d(?:[.,\u00b7]\d+)?(?:\s*[x×]\s*10\S+)?)"))
_CI = Cue(re.compile(
    rf"\b(\d{{2}})\s*%\s*(?:CI|confidence interval)(?:\s*[\[(]CI[\])])?\s*[:,=]?\s*[\[(]?\s*({NUM})\s*(%?)\s*(?:–|—|-|−|to|,|;)\s*({NUM})\s*%?\s*[\])]?",
    _FLAGS))
_CI_BARE = Cue(re.compile(rf"\bCI\s*[:,=]?\s*[\[(]?\s*({NUM})\s*(?:–|—|to|,|;|-)\s*({NUM})\s*[\])]?", _FLAGS))
_RATIO = Cue(re.compile(
    rf"\b(aOR|OR|RR|HR|IRR|SMD|WMD|MD|odds ratio|risk ratio|relative risk|hazard ratio|"
    rf"mean difference|standardi[sz]ed mean difference|standard mean difference)"
    rf"(?:\s*[\[(](?:aOR|OR|RR|HR|IRR|SMD|WMD|MD)[\])])?\s*(?:of|was|=|:|,)?\s*"
    rf"(?:(?:of|for) (?:[\w-]+ ){{1,4}}(?:was|were|is|of) )?({NUM})(?![\d])"))
_IQR = Cue(re.compile(rf"\b(?:IQR|interquartile range)\s*[:,=]?\s*({NUM})\s*(?:–|—|-|−|to|,)\s*({NUM})",
                      _FLAGS))
_EVENTS = Cue(re.compile(rf"(?<![\w.])({NUM})\s*(?:\s(?:of|out of)\s+(?:the\s+)?|/\s*)({NUM})\s+"
                         rf"(?:(patients|participants|subjects|people|women|men|adults|children|"
                         rf"volunteers|users|respondents|cases|clients|customers)\b|"
                         # "25 of 54 receiving placebo": the noun left to the arm before
                         rf"(?=(?:receiving|given|taking|treated|who received|who took)\b))",
                         _FLAGS))
# "78% (107/137)", "almost half (9/20)": a share told with the count it is of
_BRACKETED_FRACTION = Cue(re.compile(r"\(\s*(\d{1,6})\s*/\s*(\d{1,6})\s*\)"))
# "5,246 men aged 45–80", "boys between ages 8 and 14": an age range, its years unsaid
_AGES = Cue(re.compile(r"\b(?:aged?|ages)\s+(?:between\s+)?(\d{1,3})\s*(?:–|-|to|and)\s*(\d{1,3})\b"
                       r"(?!\s*(?:%|years|yrs|y\b|months|weeks|days|-))", _FLAGS))
_RATIO_ROLE = {"or": "odds_ratio", "aor": "odds_ratio", "odds ratio": "odds_ratio",
               "rr": "risk_ratio", "risk ratio": "risk_ratio", "relative risk": "risk_ratio",
               "irr": "risk_ratio", "hr": "hazard_ratio", "hazard ratio": "hazard_ratio",
               "md": "mean_difference", "wmd": "mean_difference",
               "mean difference": "mean_difference", "smd": "mean_difference",
               "standardized mean difference": "mean_difference",
               "standardised mean difference": "mean_difference",
               "standard mean difference": "mean_difference"}
# "3 ± 1 days", "41.2 ± 6.5%", "9.5% ± 0.5%": a mean and its spread; the figure is the mean
_MEAN_SD = Cue(re.compile(rf"(?<![\w.])({DIGITS})\s*(%)?\s*(?:±|\+/-)\s*({DIGITS})(?:\s*({UNIT_RX}))?"
                          rf"(?![\w])", _FLAGS))
# "a mean (SD) of 4.2 (1.1) days": the spread in brackets between the mean and its unit
_MEAN_SD_BRACKETS = Cue(re.compile(
    rf"(?<![\w.])(\d+(?:[.,]\d+)?)\s*\(\s*(?:SD\s*|±\s*)?\d+(?:[.,]\d+)?\s*\)\s*({UNIT_RX})(?![\w])",
    _FLAGS))
# "Target sample size: 36", "Enrollment (Estimated): 60", "N = 48" as a record's field
_SAMPLE_FIELD = Cue(re.compile(
    r"\b(?:(?:target |planned |estimated |actual )?(?:sample size|enrol?lment|number of "
    r"(?:participants|patients|subjects))|participants|patients)\s*(?:\([^)]{0,20}\))?\s*[:=]\s*"
    r"(\d[\d,]*)\b(?!\s*(?:%|[-–]\s*\d|years|weeks|months|days|participants|patients|subjects|"
    r"people|adults|women|men|volunteers))", _FLAGS))
# "Sessions: 3 to 4", "Number of treatments: 6": a count whose label names what is counted
_SESSIONS_FIELD = Cue(re.compile(
    rf"\b(?:(?:number of |recommended )?(?:sessions|treatments|visits)|course)\s*:\s*({NUM})"
    rf"(?:\s*(?:–|—|-|to)\s*({NUM}))?(?!\d|[.,]\d|\s*(?:%|[a-z]))", _FLAGS))
# "at week 24", "by day 7": a time point written unit first
_TIMEPOINT = Cue(re.compile(r"\b(week|day|month)\s+(\d{1,3})\b(?![.,]\d|\s*(?:times|sessions|%|-))",
                            _FLAGS))
_TIMEPOINT_UNITS = {"week": "weeks", "day": "days", "month": "months"}
# "32 randomized, 30 completed": a head count told by what happened to the people
_COUNTED = Cue(re.compile(
    rf"(?<![\w.,<>≤≥=])(?<![<>≤≥=]\s)({NUM})\s+(?:were\s+|had\s+been\s+)?(randomi[sz]ed|enrolled|recruited|"
    r"completed|included|analy[sz]ed|screened|withdrew|dropped out)\b(?!\s+(?:controlled\s+|"
    r"clinical\s+)?(?:trials?|studies|stud(?:y|ies)|sessions?|treatments?|groups?|arms?|"
    r"cohorts?|the\s+(?:\w+\s+)?"
    r"(?:sessions?|course|treatments?))|"
    # "3 randomized placebo-controlled trials", "5 randomized, double-blind studies": trials
    r"(?:,?\s+[A-Za-z][\w-]*){1,3},?\s+(?:trials|studies|RCTs)\b)", _FLAGS))
# who a count names: those taking part, or those screened, finishing or leaving
_COUNTED_ROLES = {"compl": "completed", "analy": "completed", "scree": "screened",
                  "withd": "withdrawn", "dropp": "withdrawn"}
_N_EQUALS = Cue(re.compile(r"\b[nN]\s*=\s*(\d{1,3}(?:,\d{3})+(?!\d)|\d+)"))
# "80 asthmatics were enrolled", "120 diabetics were randomized": whoever they are, people
# a study enrolled (not its weeks, sessions or samples)
_NOUN_COUNTED = Cue(re.compile(
    rf"(?<![\w.,])({NUM})\s+(?!(?:days|weeks|months|years|hours|sessions|treatments|trials|"
    r"studies|samples|specimens|biopsies|eyes|lesions|sites|areas|doses|injections|visits|"
    r"times|cycles)\b)[a-z][a-z-]{2,}s(?=\s+were\s+(?:randomi[sz]ed|enrolled|recruited|"
    r"included)\b)", _FLAGS))
# "16 827 patients", "33 947 Sister Study participants": thousands grouped by a plain space,
# read only before those counted (a cohort's name may stand between, as with commas)
_SPACED_COUNT = re.compile(rf"(?<![\w.,])(\d{{1,3}}(?: \d{{3}})+)\s+{ADJ}(?-i:[A-Z][\w-]*\s+){{0,3}}(patients|participants|"
                           r"subjects|adults|individuals|people|women|men|children|volunteers)\b",
                           _FLAGS)
# "30 per group", "47 patients in both treatment and control groups", "20 participants in each
# of the three arms": one arm's count, told for every arm alike (and how many arms, when said)
_PER_GROUP = re.compile(
    rf"\b({NUM}(?:\s+{ADJ}(?:patients|participants|subjects|adults|women|men|children|"
    rf"volunteers|individuals|people))?)\s+(?:were\s+)?(?:per|each|in\s+each|in\s+(both))"
    rf"(?:\s+of\s+the)?(?:\s+(two|three|four|2|3|4))?(?:\s+the)?(?:\s+[a-z-]+(?:\s+and\s+"
    rf"[a-z-]+)?)?\s+(?:group|arm)s?\b", _FLAGS)
_ARM_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_BETWEEN = Cue(re.compile(rf"\bbetween\s+({NUM})\s*(%|{UNIT_RX})?\s+and\s+({NUM})\s*({UNIT_RX})\b", _FLAGS))
_RANGE = re.compile(
    rf"(?<![\w.])({NUM})\s*(%|{UNIT_RX})?\s*(?:–|—|-|−|to)\s*({NUM})\s*[-\s]?({UNIT_RX})(?![\w])",
    _FLAGS)
_OPEN = re.compile(rf"(?<![\w.])({NUM})\s*\+\s*({UNIT_RX})(?![\w])", _FLAGS)
_HYPHEN_UNIT = re.compile(rf"(?<![\w.])({NUM})-(day|week|month|year|hour|minute|session|arm|"
                          rf"mm(?: ?Hg)?|mg|mL|ml|cm|kg|mcg|µg|nm|"
                          # a dose spelled out: "a 350-milligram capsule", "a 2-gram dose"
                          rf"milligram|microgram|gram|kilogram|milliliter|millilitre)s?\b", _FLAGS)
# "a 535-participant trial", "two 15-person groups": a head count written as one word with
# its noun, the whole study's, or each group's where groups follow
_HYPHEN_PEOPLE = re.compile(rf"(?<![\w.])({NUM})-(?:participant|patient|person|subject|"
                            r"volunteer|member|woman|man|adult|child)\b(\s+(?:groups?|arms?|"
                            r"cohorts?)\b)?", _FLAGS)
# "10.4/8 mmHg": a systolic and a diastolic pressure, written as one reading
_PRESSURES = re.compile(rf"(?<![\w.])({DIGITS})\s*/\s*({DIGITS})\s*mm\s*Hg\b", _FLAGS)
_VALUE_UNIT = re.compile(rf"(?<![\w.])({NUM})\s*{ADJ}({UNIT_RX})(?![\w])", _FLAGS)
_SESSIONS_LOOSE = re.compile(
    rf"(?<![\w.])({NUM})\s+((?:(?!(?:of|at|in|after|before|per|every|and|or|to|with|for|each|"
    rf"the|a|an|weeks?|days?|months?|hours?)\b)[\w₂-]+\s+){{1,3}})(sessions|treatments)\b", _FLAGS)
# "30 healthy middle-aged individuals", "Thirty-five healthy independently living adults": a
# head count whose people are described in words of any kind; no word between may be one that
# ends the count ("of", "weeks", "studies", "mg", a number)
_DESCRIBING = (r"(?!(?:of|at|in|on|after|before|per|every|and|or|to|with|for|"
               r"from|by|each|the|a|an|than|more|less|fewer|times|years?|weeks?|days?|months?|"
               r"hours?|minutes?|min|mg|ml|kg|g|mcg|units?|studies|trials|groups|arms|sites|"
               r"cent(?:er|re)s|countries|sessions?|treatments?|doses?|cases)(?![\w-]))")
_LOOSE_PEOPLE = (r"(patients|participants|subjects|adults|individuals|volunteers|outpatients|"
                 r"inpatients|women|men|children|people|passengers|travell?ers|workers|employees|"
                 r"nurses|veterans|soldiers|smokers|residents|runners|seniors|persons|boys|girls|"
                 r"adolescents|athletes|controls|students|players|infants|cyclists|males|females|"
                 + "|".join(FROM_PLACES) + r")\b")
# "male and female", "men and women": both sexes, one description
_BOTH_SEXES = r"(?:male|female|men|women)\s+and\s+(?:male|female|men|women)\s+|" \
    r"(?:overweight|obese|healthy|older|younger|adult|elderly)\s+(?:and|or)\s+(?=[a-z])"
# "11 healthy, obese men", "11 obese, but otherwise healthy men": descriptions in a list
_LISTED = r"(?:healthy|obese|overweight|older|elderly|young|younger|sedentary|postmenopausal|matched|" \
    r"premenopausal|adult|male|female),\s+(?:but\s+otherwise\s+)?"
_PEOPLE_LOOSE = re.compile(
    rf"(?<![\w.])({NUM})\s+((?:{_BOTH_SEXES}|{_LISTED}|{_DESCRIBING}[a-z][\w-]*\s+){{1,3}})"
    rf"{_LOOSE_PEOPLE}", _FLAGS)
# "241 mother-infant pairs", "90 parent–child dyads": a study of pairs counts its pairs
_PEOPLE_PAIRS = re.compile(
    rf"(?<![\w.])({NUM})\s+(?:[\w–-]*(?:mother|infant|child|parent|twin|caregiver)[\w–-]*\s+)"
    rf"(?:pairs|dyads)\b", _FLAGS)
# "256 drug-treated and 250 placebo-treated subjects": two arms' counts sharing one noun
_PEOPLE_PAIR = re.compile(
    rf"(?<![\w.])({NUM})\s+((?:{_DESCRIBING}[\w][\w–-]*\s+){{1,2}})and\s+"
    rf"({NUM})\s+((?:{_DESCRIBING}[\w][\w–-]*\s+){{1,2}}){_LOOSE_PEOPLE}", _FLAGS)
# "type 2 diabetes patients", "stage 3 cancer patients": a number that names, not counts
_NAMES_A_NUMBER = re.compile(r"\b(type|stage|grade|phase|class|level|step|part|figure|table|"
                             r"day|week|month|year|visit|cohort|group|arm)\s*$", _FLAGS)
# "$30,240", "£1,200", "USD 2.64 billion": money, which fines, prices and refunds are told in
_CODES = ("USD", "AUD", "CAD", "GBP", "EUR")
_MONEY = Cue(re.compile(rf"(?:([$£€])\s?|\b({'|'.join(_CODES)})\s?)({DIGITS})"
                        r"(?:\s?(million|billion|thousand|[mbk])\b)?", _FLAGS))
_CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR"}
# "21 million Americans", "2.8 million deaths a year": a count in millions, kept as written
# with its scale as the unit (as money keeps "USD million"): how many people a condition
# touches or a product sold, never a study's head count
_SCALED_COUNT = re.compile(rf"(?<![\w.,$£€])({DIGITS})\s+(million|billion)\b"
                           r"(?!\s+(?:dollars|euros|pounds|in\b))", re.I)
_MONEY_BEFORE = re.compile(rf"(?:[$£€]|\b(?:{'|'.join(_CODES)}))\s?$")
# "16 thousand people": a count in thousands, read whole
_THOUSAND_AFTER = re.compile(r"\s+thousand\b", re.I)
_SCALE_WORD = {"thousand": "thousand", "k": "thousand", "million": "million", "m": "million",
               "billion": "billion", "b": "billion"}
# "20 U of botulinum toxin": units of a toxin or an enzyme, written with a capital U
_TOXIN_UNITS = re.compile(rf"(?<![\w.])({DIGITS})\s?(U|IU)\b(?![-/])")
# "four times more likely", "five to 10 times the dose": a multiple of something
_TIMES = Cue(re.compile(rf"(?<![\w.])({NUM})(?:\s*(?:–|-|to)\s*({NUM}))?[\s-]+(?:times|fold)\b"
                        r"(?=\s+(?:more|less|higher|lower|greater|larger|smaller|as|the|that|"
                        r"what|their|its|increased?|decreased?|risk))", _FLAGS))
# "more than half of all men", "over one-third of participants", "dropped by roughly half": a
# share told in words, kept as a fraction (unit `share`), not turned into a percentage
_SHARES = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "thirds": 2 / 3, "quarters": 0.75}
_SHARE_WORD = r"(?:(?:a|one|two|three)[- ])?(?:half|thirds?|quarters?)"
_PEOPLE = r"(?:people|patients|participants|subjects|men|women|adults|children|users|clients|" \
          r"respondents|cases|volunteers)"
_SHARE = Cue(re.compile(
    rf"(?:\b(?:(?:more|less|fewer) than|nearly|almost|about|roughly|around|over|under|by|"
    rf"some|approximately)\s+)(?:by\s+)?(?:about\s+|roughly\s+|nearly\s+|almost\s+)?"
    rf"(?P<w>{_SHARE_WORD})\b(?!-)|\b(?P<w2>{_SHARE_WORD})\s+of\s+(?:all\s+|the\s+|their\s+|"
    rf"these\s+|those\s+)?(?:[\w-]+\s+)?{_PEOPLE}\b", _FLAGS))
_BARE_PERCENT = re.compile(rf"(?<![\w.])({NUM})\s*(?:%|percent\b)", _FLAGS)
_INTERVAL_WORD = Cue(re.compile(r"\b(monthly|weekly|fortnightly|biweekly|daily)\s+(intervals?|sessions|treatments)\b", _FLAGS))
_INTERVAL_WORD_VALUES = {"monthly": (1, "months"), "weekly": (1, "weeks"), "fortnightly": (2, "weeks"),
                         "biweekly": (2, "weeks"), "daily": (1, "days")}
_COMPARE = Cue(re.compile(r"\b(vs\.?|versus|compared (?:with|to)|than|against|relative to|"
                          r"v\.?(?=\s*[−-]?\d))\b", _FLAGS))


def _num(s: str) -> float | None:
    return parse_number(s)


# A text holds a number when it has a digit or one of these words
_NUMBER_WORD = Cue(re.compile(
    rf"\b(?:{WORDNUM})\b|\b(?:monthly|weekly|fortnightly|biweekly|daily)\b", _FLAGS))
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
# What may stand before the first digit of a number: a sign, one space, a decimal mark
_LEAD = "-−–.,"
# The words a spelled-out number ({WORDNUM}) begins with, but for "a" or "one" before
# "hundred" or "thousand"
_NUMBER_WORD_START = Cue(re.compile(rf"(?<!\w)(?:{_TENS_RX}|{_ONES_RX}|hundred|thousand)", _FLAGS))


class _NumberLed:
    """The patterns that begin with a number ({NUM}) right after a boundary, tried all at
    once wherever a number may begin.

    One match of `combined` at a position answers, group by group, whether each
    pattern matches there and how (a lookahead keeps a pattern's own first match),
    so a text is not scanned once per pattern. `combined` is the patterns' case-folded
    twin, matched against the folded text: `re` tries case-insensitive alternatives
    one by one, but skips case-sensitive ones on their first character."""

    def __init__(self, *patterns: re.Pattern[str]):
        self.patterns = patterns
        self.first_group: list[int] = []
        parts = []
        group = 1
        for rx in patterns:
            self.first_group.append(group)
            parts.append(f"(?:(?=({caseless(rx)}))|)")
            group += rx.groups + 1
        self.combined = re.compile("".join(parts))

    def matches(self, probe: Probe, starts: list[int]) -> list[list[_Match]]:
        """For each pattern, what `finditer` would yield, given every position a match may
        begin at."""
        found: list[list[_Match]] = [[] for _ in self.patterns]
        ends = [0] * len(self.patterns)
        match = self.combined.match
        text, folded = probe.text, probe.folded
        for q in starts:
            m = match(folded, q)
            if m.lastindex is None:  # no pattern matches here
                continue
            for i, g in enumerate(self.first_group):
                if m.start(g) >= 0 and q >= ends[i]:
                    hit = _Match(text, m, g)
                    found[i].append(hit)
                    ends[i] = hit.end()
        return found


class _Match:
    """One pattern's match read out of the combined match: groups renumbered from 1, and
    their text taken from the original (not the folded) text."""

    __slots__ = ("text", "m", "g")

    def __init__(self, text: str, m: re.Match[str], g: int):
        self.text, self.m, self.g = text, m, g

    def start(self, k: int = 0) -> int:
        return self.m.start(self.g + k)

    def end(self, k: int = 0) -> int:
        return self.m.end(self.g + k)

    def group(self, k: int = 0) -> str | None:
        s, e = self.m.span(self.g + k)
        return None if s < 0 else self.text[s:e]


_NUMBER_LED = _NumberLed(_PER_GROUP, _RANGE, _OPEN, _HYPHEN_UNIT, _VALUE_UNIT, _SESSIONS_LOOSE,
                         _BARE_PERCENT, _PEOPLE_LOOSE)


# a count spelled out, then echoed in digits in brackets, as forms and some journals write it:
# "Twelve (12) subjects", "Thirty-one (31) adults"
_ECHOED = re.compile(rf"\b({WORDNUM})(\s*\(\s*(\d+)\s*\))", re.I)
_ECHO_HINT = re.compile(r"[a-z]\s*\(\s*\d{1,5}\s*\)", re.I)


def _without_echoes(text: str) -> str:
    """`text` with each count's echo in brackets blanked out, offsets kept."""
    out = text
    for m in _ECHOED.finditer(text):
        if parse_number(m.group(1)) == float(m.group(3)):
            s, e = m.span(2)
            out = out[:s] + " " * (e - s) + out[e:]
    return out


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every quantity in `text`, in text order; offsets are `offset` + position in `text`."""
    if ")" in text and _ECHO_HINT.search(text) and (read := _without_echoes(text)) != text:
        # read as if the echo were not there; each quantity still quotes the text as written
        return [replace(q, text=text[q.start - offset:q.end - offset])
                for q in find_quantities(read, offset)]
    probe = Probe(text)
    if not _DIGIT.search(text) and not _NUMBER_WORD.search(probe) and not _SHARE.search(probe):
        return []
    has_digit = _has_digit(text)
    f = _Finder(text, offset)
    if has_digit and ("CI" in text or "confidence interval" in text):
        _stats(f, probe)
    if has_digit and ("IQR" in text or "interquartile" in text):
        for m in _IQR.finditer(probe):
            lo, hi = _num(m.group(1)), _num(m.group(2))
            if lo is not None and hi is not None and lo <= hi:
                f.add(m.start(), m.end(), low=lo, high=hi, role="iqr")
    if has_digit and ("p" in text or "P" in text):
        for m in _P_VALUE.finditer(probe):
            v = _num(m.group(2).split("x")[0].split("×")[0])
            cmp = {"≤": "<=", "≥": ">="}.get(m.group(1), m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, role="p_value", comparator=cmp)
    if "±" in text or "+/-" in text:
        for m in _MEAN_SD.finditer(probe):
            v = _num(m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, unit=_unit(m.group(2) or m.group(4)))
    if has_digit and ")" in text:
        for m in _MEAN_SD_BRACKETS.finditer(probe):
            v = _num(m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, unit=_unit(m.group(2)))
    if has_digit and "illion" in text:
        for m in _SCALED_COUNT.finditer(text):
            v = _num(m.group(1))
            if v is not None and not _MONEY_BEFORE.search(text, max(0, m.start() - 4), m.start()):
                f.add(m.start(), m.end(), value=v, unit=m.group(2).lower())
    if " of " in text or "/" in text:  # "3 of 20 patients", "3/20 patients": events, then group
        for m in _EVENTS.finditer(probe):
            k, n = _num(m.group(1)), _num(m.group(2))
            if k is not None and n is not None and k <= n:
                f.add(m.start(1), m.end(1), value=k, unit="participants", role="events")
                f.add(m.start(2), m.end() if m.group(3) else m.end(2), value=n,
                      unit="participants", role="participants")
    if has_digit and "/" in text and "(" in text:
        for m in _BRACKETED_FRACTION.finditer(probe):
            k, n = _num(m.group(1)), _num(m.group(2))
            if k is not None and n is not None and n > 0 and k <= n:
                f.add(m.start(1), m.end(1), value=k, unit="participants", role="events")
                f.add(m.start(2), m.end(2), value=n, unit="participants", role="denominator")
    if has_digit and "age" in text:
        for m in _AGES.finditer(probe):
            lo, hi = _num(m.group(1)), _num(m.group(2))
            if lo is not None and hi is not None and lo < hi:
                f.add(m.start(1), m.end(2), low=lo, high=hi, unit="years", role="age")
    if has_digit:
        for m in _RATIO.finditer(probe):
            v = _num(m.group(2))
            if v is not None:
                f.add(m.start(), m.end(), value=v, role=_RATIO_ROLE[m.group(1).lower()])
        for m in _TIMEPOINT.finditer(probe):
            v = _num(m.group(2))
            if v is not None:
                f.add(m.start(), m.end(), value=v, unit=_TIMEPOINT_UNITS[m.group(1).lower()],
                      role="timepoint")
    if has_digit and "Hg" in text:
        for m in _PRESSURES.finditer(text):
            systolic, diastolic = _num(m.group(1)), _num(m.group(2))
            if systolic is not None and diastolic is not None:
                f.add(m.start(1), m.end(1), value=systolic, unit="mmHg")
                f.add(m.start(2), m.end(), value=diastolic, unit="mmHg")
    if has_digit and " and " in text:
        for m in _PEOPLE_PAIR.finditer(text):
            a, b = _num(m.group(1)), _num(m.group(3))
            if a is not None and b is not None and a == int(a) and b == int(b):
                f.add(m.start(1), m.start(2) + len(m.group(2).rstrip()), value=a,
                      unit="participants", role="participants")
                f.add(m.start(3), m.end(), value=b, unit="participants", role="participants")
    if "pairs" in text or "dyads" in text:
        for m in _PEOPLE_PAIRS.finditer(text):
            v = _num(m.group(1))
            if v is not None and v == int(v):
                f.add(m.start(), m.end(), value=v, unit="participants", role="participants")
    if has_digit and " " in text:
        for m in _SPACED_COUNT.finditer(text):
            v = _num(m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, unit="participants", role="participants")
    if has_digit or _NUMBER_WORD.search(probe):
        for m in _COUNTED.finditer(probe):
            v = _num(m.group(1))
            if v is not None and v == int(v):
                f.add(m.start(), m.end(), value=v, unit="participants",
                      role=_COUNTED_ROLES.get(m.group(2).lower()[:5], "participants"))
    if has_digit and "-" in text:
        for m in _HYPHEN_PEOPLE.finditer(text):
            v = _num(m.group(1))
            if v is not None and v == int(v):
                f.add(m.start(), m.end(), value=v, unit="participants",
                      role="per_group" if m.group(2) else "participants")
    if has_digit and " were " in text:
        for m in _NOUN_COUNTED.finditer(probe):
            v = _num(m.group(1))
            if v is not None and v == int(v):
                f.add(m.start(), m.end(), value=v, unit="participants", role="participants")
    if ":" in text:
        for m in _SESSIONS_FIELD.finditer(probe):
            lo, hi = _num(m.group(1)), _num(m.group(2) or "")
            if lo is None:
                continue
            if not m.group(2):
                f.add(m.start(1), m.end(), value=lo, unit="sessions", role="sessions")
            elif hi is not None and lo <= hi:
                f.add(m.start(1), m.end(), low=lo, high=hi, unit="sessions", role="sessions")
    if has_digit and (":" in text or "=" in text):
        for m in _SAMPLE_FIELD.finditer(probe):
            v = _num(m.group(1))
            if v is not None:
                f.add(m.start(1), m.end(1), value=v, unit="participants", role="participants")
    if has_digit and (any(c in text for c in "$£€") or any(code in text for code in _CODES)):
        for m in _MONEY.finditer(probe):
            v = _num(m.group(3))
            if v is not None:  # the figure as written; its scale goes with the currency
                cur = _CURRENCY.get(m.group(1) or "", (m.group(2) or "").upper() or "USD")
                scale = _SCALE_WORD.get((m.group(4) or "").lower())
                f.add(m.start(), m.end(), value=v, unit=f"{cur} {scale}" if scale else cur)
    if has_digit and "U" in text:
        for m in _TOXIN_UNITS.finditer(text):
            v = _num(m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, unit="U")
    folded = probe.folded
    if "half" in folded or "third" in folded or "quarter" in folded:
        for m in _SHARE.finditer(probe):
            word = (m.group("w") or m.group("w2")).lower()
            share = _share_value(word)
            if share is not None:
                f.add(m.start("w" if m.group("w") else "w2"),
                      m.end("w" if m.group("w") else "w2"), value=share, unit="share")
    if "times" in text or "fold" in text:
        for m in _TIMES.finditer(probe):
            lo, hi = _num(m.group(1)), _num(m.group(2) or "")
            if lo is not None and (hi is None or lo <= hi):
                f.add(m.start(), m.end(), value=None if hi else lo, low=lo if hi else None,
                      high=hi, unit="times")
    if has_digit and "=" in text:
        for m in _N_EQUALS.finditer(probe):
            v = _num(m.group(1))
            if v is not None:
                f.add(m.start(), m.end(), value=v, unit="participants", role="participants")
    return _general(f, probe, offset)


def _share_value(word: str) -> float | None:
    """"half" 0.5, "one-third" 1/3, "two thirds" 2/3, "a quarter" 0.25."""
    parts = word.replace("-", " ").split()
    base = _SHARES.get(parts[-1])
    if base is None:
        return None
    if len(parts) == 1 or parts[0] in ("a", "one"):
        return base if parts[-1] in ("half", "third", "quarter") else None
    count = WORD_VALUES.get(parts[0])
    return round(count * _SHARES[parts[-1].rstrip("s")], 4) if count else None


def _has_digit(text: str) -> bool:
    """Any character with a digit value (`str.isdigit`: "3", "٣", "²")."""
    if _DIGIT.search(text):
        return True
    return not text.isascii() and any(ch.isdigit() for ch in text)


def _number_starts(probe: Probe) -> list[int]:
    """Every position where a number-led pattern may match, in order.

    A number starts with a digit run, up to three characters before one (sign,
    space, decimal mark: "− .5"), or at a spelled-out number word. Trying the
    patterns only there finds exactly what scanning the whole text would."""
    text = probe.text
    starts = set()
    for m in _DIGIT_RUN.finditer(text):
        a = m.start()
        starts.add(a)
        for q in range(a - 1, max(a - 4, -1), -1):
            ch = text[q]
            if ch not in _LEAD and not ch.isspace():
                break
            starts.add(q)
    if _NUMBER_WORD_START.possible(probe):
        bit = _NUMBER_WORD_START.bit
        for piece, bits in probe.cued.items():
            if bits & bit:
                for q in word_starts(probe, piece.decode()):
                    starts.add(q)
                    starts.update((q - 4, q - 2))  # "one hundred", "a thousand"
    return sorted(q for q in starts if q >= 0)


def _stats(f: _Finder, probe: Probe) -> None:
    for m in _CI.finditer(probe):
        lo, hi = _num(m.group(2)), _num(m.group(4))
        if lo is not None and hi is not None:
            f.add(m.start(), m.end(), low=lo, high=hi, unit="%" if m.group(3) else None, role="ci")
    for m in _CI_BARE.finditer(probe):
        lo, hi = _num(m.group(1)), _num(m.group(2))
        if lo is not None and hi is not None:
            f.add(m.start(), m.end(), low=lo, high=hi, unit=None, role="ci")


def _general(f: _Finder, probe: Probe, offset: int) -> list[Quantity]:
    text = probe.text
    per_group, ranges, open_ranges, hyphenated, values, sessions, percents, people = \
        _NUMBER_LED.matches(probe, _number_starts(probe))
    for m in per_group:  # groups: 1 the count (and its noun), 2 "both", 3 how many arms
        v = _num((m.group(1) or "").split()[0])
        if v is not None:
            f.add(m.start(), m.end(1), value=v, unit="participants", role="per_group")
            arms = 3 if m.group(3) else 2 if m.group(2) else None
            if arms:
                f.add(m.start(arms), m.end(arms), unit="arms",
                      value=float(_ARM_COUNTS[(m.group(arms) or "").lower()]))
    for m in _BETWEEN.finditer(probe):
        lo, hi = _num(m.group(1)), _num(m.group(3))
        if lo is not None and hi is not None:
            f.add(m.start(), m.end(), low=lo, high=hi, unit=_unit(m.group(4)))
    for m in ranges:
        u1, u2 = _unit(m.group(2)), _unit(m.group(4))
        if u1 and u1 != u2:
            continue
        lo, hi = _num(m.group(1)), _num(m.group(3))
        if lo is None or hi is None or lo > hi or m.group(3).lower() in ("hundred", "thousand"):
            continue  # ("Two-hundred women" is one number, not two to a hundred)
        if _AND.search(m.group(0)) and not _BETWEEN_WORD.search(text[max(0, m.start() - 9):m.start()]):
            continue  # "3 and 5 days" only as "between 3 and 5 days"
        f.add(m.start(), m.end(), low=lo, high=hi, unit=u2,
              role=role_for(u2) or _interval_role(text, m.end(), u2))
    for m in open_ranges:
        lo = _num(m.group(1))
        if lo is not None:
            f.add(m.start(), m.end(), low=lo, high=None, unit=_unit(m.group(2)))
    for m in hyphenated:
        v = _num(m.group(1))
        if v is not None:
            u = _unit(m.group(2))  # "2-week" -> weeks, "1.5-mm" -> mm
            f.add(m.start(), m.end(), value=v, unit=u, role=_interval_role(text, m.end(), u))
    for m in values:
        v = _num(m.group(1))
        u = _unit(m.group(2))
        if v is None or u is None:
            continue
        if u == "sessions" and m.group(2).lower().startswith("treatment") and not _is_count_context(text, m):
            continue
        f.add(m.start(), m.end(), value=v, unit=u, role=role_for(u) or _interval_role(text, m.end(), u))
    for m in sessions:
        v = _num(m.group(1))
        if v is not None:
            f.add(m.start(), m.end(), value=v, unit="sessions", role="sessions")
    for m in percents:
        v = _num(m.group(1))
        if v is not None:
            f.add(m.start(), m.end(), value=v, unit="%")
    for m in people:
        v = _num(m.group(1))
        if v is not None and _THOUSAND_AFTER.match(text, m.end(1)):
            v *= 1000
        if v is not None and v == int(v) \
                and not _NAMES_A_NUMBER.search(text, max(0, m.start() - 12), m.start()):
            f.add(m.start(), m.end(), value=v, unit="participants", role="participants")
    for m in _INTERVAL_WORD.finditer(probe):
        v, u = _INTERVAL_WORD_VALUES[m.group(1).lower()]
        f.add(m.start(), m.end(), value=float(v), unit=u, role="interval")
    bare: set[int] = set()
    if _COMPARE.search(probe):  # "11.4 on the PRP side versus 8.7 on the control side"
        for m in _BARE_DECIMAL.finditer(text):
            n = len(f.out)
            f.add(m.start(), m.end(), value=_num(m.group(0)))
            if len(f.out) > n:
                bare.add(offset + m.start())
    out = _assign_arms(probe, offset, sorted(f.out, key=lambda q: q.start))
    out = _arms_by_name(text, offset, out)
    # a bare decimal counts only as one side of a comparison; a count never has a leading
    # zero ("RT 002-treated patients" name a product code, not two people)
    return [_bounded(q, text, offset) for q in out
            if (q.start not in bare or q.role is not None)
            and not (q.unit == "participants" and _LEADING_ZERO.match(q.text))]


_LEADING_ZERO = re.compile(r"0\d")


_BOUND_BEFORE = re.compile(
    r"\b(up to|as (?:much|many|long|high) as|no more than|not more than|at most|a maximum of|"
    r"more than|over|greater than|above|exceeding|in excess of|at least|no (?:less|fewer) than|"
    r"a minimum of|less than|fewer than|under|below|nearly|almost)\s+$", re.I)
_BOUND_COMPARATOR = {"up to": "<=", "no more than": "<=", "not more than": "<=", "at most": "<=",
                     "a maximum of": "<=", "more than": ">", "over": ">", "greater than": ">",
                     "above": ">", "exceeding": ">", "in excess of": ">", "at least": ">=",
                     "a minimum of": ">=", "less than": "<", "fewer than": "<", "under": "<",
                     "below": "<", "nearly": "<", "almost": "<"}


def _bounded(q: Quantity, text: str, offset: int) -> Quantity:
    """"up to 80%", "more than 40 patients": a single value that is a bound, not a point."""
    if q.value is None or q.comparator != "=" or q.role == "p_value":
        return q
    at = q.start - offset
    m = _BOUND_BEFORE.search(text, max(0, at - 22), at)
    if m is None:
        return q
    word = " ".join(m.group(1).lower().split())
    cmp = _BOUND_COMPARATOR.get(word, "<=" if word.startswith("as ") else ">=")
    return Quantity(unit=q.unit, start=q.start, end=q.end, text=q.text, value=q.value, low=q.low,
                    high=q.high, role=q.role, comparator=cmp)


# A score without a unit: a decimal that is not part of a date, range, ratio or percentage
_BARE_DECIMAL = re.compile(r"(?<![\w.,:/–−-])[−-]?\d{1,4}[.\u00b7]\d{1,3}(?![\w.,:/%–−-]|\s*(?:%|–|-|to)\s*\d)")


_AND = re.compile(r"\band\b")
_BETWEEN_WORD = re.compile(r"\bbetween\b")


def _is_count_context(text: str, m: object) -> bool:
    """'5 treatments' is a count of sessions; '2 treatments (A and B)' less so, but rare."""
    return True


def role_for(unit: str | None) -> str | None:
    if unit == "participants":
        return "participants"
    if unit == "arms":
        return "arms"
    if unit == "sessions":
        return "sessions"
    return None


def _interval_role(text: str, end: int, unit: str | None) -> str | None:
    if unit not in ("days", "weeks", "months"):
        return None
    tail = text[end:end + 14].lower()
    if _INTERVAL_AFTER.match(tail):
        return "interval"
    head = text[max(0, end - 40):end].lower()
    if _EVERY_BEFORE.search(head) or _AT_BEFORE.search(head) and "interval" in tail:
        return "interval"
    return None


_INTERVAL_AFTER = re.compile(r"\s*(apart|intervals?|between)")
_EVERY_BEFORE = re.compile(r"\b(every|each)\s+\S*$")
_AT_BEFORE = re.compile(r"\bat\s+\S+$")


def _assign_arms(probe: Probe, offset: int, qs: list[Quantity]) -> list[Quantity]:
    """In "A vs. B" comparisons, mark the first value intervention and the second control."""
    out = list(qs)
    if len(out) < 2:
        return out
    for m in _COMPARE.finditer(probe):
        pos = offset + m.start()
        before = [i for i, q in enumerate(out) if q.end <= pos and q.role is None]
        after = [i for i, q in enumerate(out) if q.start >= offset + m.end() and q.role is None]
        if not before or not after:
            continue
        a, b = before[-1], after[0]
        if out[a].unit != out[b].unit:
            continue
        out[a] = _with_role(out[a], "intervention")
        out[b] = _with_role(out[b], "control")
    return out


# "4.2 days on the PRP side", "in the saline group": the arm a value belongs to, named after it
_ARM_AFTER = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:on|in|with|for|among)\s+(?:the\s+)?"
                        r"(?P<arm>[\w+/-]+(?:\s+[\w+/-]+){0,3}?)\s+(?:side|group|arm|half|cohort)s?\b",
                        re.I)
# "3 days with PRP and 5 days with saline"
_ARM_WITH = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?with\s+(?:the\s+)?"
                       r"(?P<arm>[\w+/-]+(?:\s+(?:alone|only))?)(?=\s*(?:[,;.)]|and\b|or\b|\(|$))",
                       re.I)
_CONTROL_ARM = re.compile(r"\b(saline|vehicle|placebo|control|sham|untreated|alone|standard|"
                          r"comparator|no[- ]treatment)\b", re.I)


def _arms_by_name(text: str, offset: int, qs: list[Quantity]) -> list[Quantity]:
    """Values followed by the arm they belong to ("6.9 days on the saline side"): the control
    arm's values are `control`, the other arm's `intervention`, when both arms are named for
    values of the same unit and no comparison word has already said which is which."""
    if len(qs) < 2 or not any(w in text for w in (" side", " group", " arm", " half", " cohort",
                                                    " with ")):
        return qs
    arms: dict[int, str] = {}
    for i, q in enumerate(qs):
        if q.role is not None or q.unit is None:
            continue
        m = _ARM_AFTER.match(text, q.end - offset) or _ARM_WITH.match(text, q.end - offset)
        if m:
            arms[i] = "control" if _CONTROL_ARM.search(m.group("arm")) else "intervention"
    out = list(qs)
    for unit in {qs[i].unit for i in arms}:
        same = [i for i in arms if qs[i].unit == unit]
        if {arms[i] for i in same} == {"control", "intervention"}:
            for i in same:
                out[i] = _with_role(qs[i], arms[i])
    return out


def _with_role(q: Quantity, role: str) -> Quantity:
    return Quantity(unit=q.unit, start=q.start, end=q.end, text=q.text, value=q.value, low=q.low,
                    high=q.high, role=role, comparator=q.comparator)


# --- every other number of a claim --------------------------------------------------------

# A number token: digits (grouped thousands, a decimal point, a sign) or a spelled number
_FIGURE = re.compile(
    rf"(?<![\w.,/\u00b7])(?<![A-Za-z]-)(?:(?P<sign>[-−–](?=\d))?(?P<digits>{GROUPED}(?![\d,])|"
    rf"\d+(?:[.\u00b7]\d+)?)(?![\w.\u00b7]?\d)(?![A-Za-z])|(?P<word>\b{WORDNUM}\b))", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# What a number is not a figure in: a date, a citation or a figure's number, a legal reference
# ("21 CFR 1271.15", "(b)(4)"), a name ("glucagon-like peptide 1"), a clock time, the exponent
# of "40 × 10^6" flattened to "106"
_DATE_BEFORE = re.compile(rf"\b{_MONTH}\s*$", re.I)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH}(?!\w)", re.I)
_NOT_FIGURE_BEFORE = re.compile(
    r"(?:\b(?:fig(?:ure)?s?\.?|tables?|supplementary|section|chapter|ref\.?|references?|"
    r"no\.|cfr|§|u\.s\.c\.|class|grade|phase|type|version|v\.|step|part|page|pp?\.|doi:?|"
    r"visit|suite|schedule|peptide|receptor|article|paragraph|item|lot|batch|model)\s*|"
    r"\d:|\)\()$", re.I)
# "40 × 106 cells": 10⁶ with its exponent flattened by the page
_POWER_OF_TEN = re.compile(r"(?<![A-Za-z])[×x]\s*$")
_NOT_FIGURE_AFTER = re.compile(r"^(?:\s*cfr\b|:\d|\s*\(\s*[a-z]\s*\)|['’]s\b|-[a-z]|/\w)", re.I)
# an ordinal that places a result in time or rank: "by the 7th day", "the 12th injection",
# "the upper 50th percentile" (not "the 21st century", "its 5th edition")
_ORDINAL_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3})(?:st|nd|rd|th)\s+(?=(?:day|week|month|year|"
                             r"session|treatment|injection|visit|dose|cycle|percentile)s?\b)",
                             re.I)
# "one of the most", "One should not": the pronoun, not the number
_ONE_PRONOUN = re.compile(r"^\s+(?:of|should|can|could|may|might|must|would|will|does|is)\b",
                          re.I)
# "J/cm(2)": an exponent written in brackets after a unit
_EXPONENT = re.compile(r"[A-Za-z]\($")
_BRACKETED_REFS = re.compile(r"\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# "6.93 ± 3.56": the spread after a mean, which the mean's reader keeps inside its span
_SPREAD_BEFORE = re.compile(r"(?:±|\+/-)\s*$")


# A year a sentence tells ("approved by the FDA in December 2008", "a 2015 study", "between
# 2011 and 2015"), not a part of a DOI, an address, a citation's volume ("2019;12:34",
# "2019(3)") or a longer number
_YEAR_TOLD = re.compile(r"(?<![\w./:#@=])(19[5-9]\d|20[0-4]\d)(?![\w/@]|[.,]\d|\s*[;:(]\s*\d)")


def years_told(text: str, found: list[Quantity], offset: int = 0) -> list[Quantity]:
    """The years of `text` no quantity of `found` has read, each with unit `year` (role
    `year`): when a thing was approved, recalled, published or studied is a fact a page can
    get wrong, though it is no figure of a result (`other_figures` leaves years out)."""
    if not _DIGIT.search(text):
        return []
    taken = [(q.start - offset, q.end - offset) for q in found]
    refs = [m.span() for m in _BRACKETED_REFS.finditer(text)]
    out = []
    for m in _YEAR_TOLD.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken) or any(a <= s and e <= b for a, b in refs) \
                or _NOT_FIGURE_BEFORE.search(text[max(0, s - 24):s]):
            continue
        out.append(Quantity(unit="year", start=offset + s, end=offset + e, text=m.group(0),
                            value=float(m.group(0)), role="year"))
    return out


_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# The day of a date: "on October 16, 2000", "June 18 to July 2", "seen on 25 August 2017"
_DAY_TOLD = re.compile(rf"\b{_MONTH_NAME}\.?\s+(?P<a>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![.:/-]\d)"
                       rf"(?!\s*(?:%|(?:percent|per cent|patients|people|participants|cases)\b))|"
                       rf"\b(?P<b>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+{_MONTH_NAME}\b")
# A statute's sections a notice cites: "section 505(a) of the Act", "sections 505(a) and
# 301(d)", "21 U.S.C. §§ 355(a) and 331(d)", "the 510(k) process"
_SECTIONS_TOLD = re.compile(
    r"(?:\b[Ss]ections?|§§?|U\.S\.C\.)\s*(?:§+\s*)?(?P<first>\d{2,4})[a-z]?(?:\s*\(\w{1,3}\s?\))*"
    r"(?P<more>(?:\s*(?:,|and|or|&)\s*(?:§+\s*)?\d{2,4}[a-z]?(?:\s*\(\w{1,3}\s?\))*)*)|"
    r"\b(?P<k>510)\s*\(k\)")
_SECTION_NUMBER = re.compile(r"\d{2,4}")


def dates_and_sections_told(text: str, found: list[Quantity],
                            offset: int = 0) -> list[Quantity]:
    """The day of each date `text` tells (unit `date`) and the statute sections it cites
    (unit `section`), where no quantity of `found` has read them: when a letter was sent and
    which law it says was broken are facts a retelling can get wrong, though neither is a
    figure of a result (tracing and the number checks leave both aside)."""
    if not _DIGIT.search(text):
        return []
    taken = [(q.start - offset, q.end - offset) for q in found]
    out: list[Quantity] = []

    def add(s: int, e: int, unit: str, role: str) -> None:
        if not any(a < e and s < b for a, b in taken):
            taken.append((s, e))
            out.append(Quantity(unit=unit, start=offset + s, end=offset + e, text=text[s:e],
                                value=float(text[s:e]), role=role))

    for m in _DAY_TOLD.finditer(text):
        g = "a" if m.group("a") else "b"
        add(m.start(g), m.end(g), "date", "date")
    for m in _SECTIONS_TOLD.finditer(text):
        if m.group("k"):
            add(m.start("k"), m.end("k"), "section", "legal_reference")
            continue
        add(m.start("first"), m.end("first"), "section", "legal_reference")
        for n in _SECTION_NUMBER.finditer(m.group("more") or ""):
            s = m.start("more") + n.start()
            add(s, s + len(n.group(0)), "section", "legal_reference")
    return sorted(out, key=lambda q: q.start)


def other_figures(text: str, found: list[Quantity], offset: int = 0) -> list[Quantity]:
    """The numbers of `text` that `found` (its quantities, offsets shifted by `offset`) has not
    read, each as a bare figure (no unit, role `figure`).

    A claim is checked against every number it states: "a severity rating of 2.3", "203 on the
    drug and 61 on placebo", "a 2 × 6-week crossover". The readers above keep what a number
    counts or measures; a number they cannot place is still a figure of the claim, and the
    spread a mean's reader swallowed ("6.9 ± 3.6") is one too (role `spread`). Dates,
    years, citation markers, figure and table numbers, legal references and the numbers inside
    names ("GLP-1", "T2D") are not figures."""
    if not _DIGIT.search(text) and not _NUMBER_WORD.search(Probe(text)):
        return []
    taken = sorted((q.start - offset, q.end - offset) for q in found)
    refs = [m.span() for m in _BRACKETED_REFS.finditer(text)]
    out: list[Quantity] = []
    for m in _FIGURE.finditer(text):
        s, e = m.span()
        spread = _SPREAD_BEFORE.search(text, max(0, s - 5), s) is not None
        if any(a < e and s < b for a, b in taken) and not spread \
                or any(a <= s and e <= b for a, b in refs):
            continue
        before, after = text[max(0, s - 24):s], text[e:e + 16]
        if _NOT_FIGURE_BEFORE.search(before) or _NOT_FIGURE_AFTER.match(after) \
                or _EXPONENT.search(before) and after[:1] == ")" \
                or m.group(0).startswith("10") and _POWER_OF_TEN.search(before):
            continue
        digits = m.group("digits")
        if digits is not None:
            if _YEAR.fullmatch(digits) or _DATE_BEFORE.search(before) or _DATE_AFTER.match(
                    after.lstrip()):
                continue
            value = parse_number(digits)
            if value is not None and m.group("sign"):
                value = -value
        else:
            if m.group("word").lower() == "one" and _ONE_PRONOUN.match(after):
                continue
            value = parse_number(m.group("word"))
        if value is None:
            continue
        out.append(Quantity(unit=None, start=offset + s, end=offset + e, text=text[s:e],
                            value=value, role="spread" if spread else "figure"))
    for m in _ORDINAL_FIGURE.finditer(text):
        s, e = m.span(1)
        if not any(a < e and s < b for a, b in taken):
            out.append(Quantity(unit=None, start=offset + s, end=offset + e, text=text[s:e],
                                value=float(m.group(1)), role="figure"))
    return sorted(out, key=lambda q: q.start)
