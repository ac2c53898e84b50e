"""The spaCy pipeline: `spacy.blank("en")` plus versioned components.

Components (each a `Doc -> Doc` step that declares what it assigns):

- `evidence.sentences.v1`: sentence starts that survive "et al.", "e.g.", "vs.",
  "Fig.", "approx.", decimals and "p < 0.01" (`token.is_sent_start`), and the
  sentences' character offsets (`doc._.sentences`), which the extractor reads
  instead of building a Span per sentence;
- `evidence.numbers.v1`: every quantity in the text (`doc._.quantities`);
- `evidence.treatments.v1`: treatment mentions via a case-insensitive
  PhraseMatcher (`doc.spans["treatments"]`).

No trained model is loaded and nothing is downloaded. `build_nlp()` is called
once per run by the Extractor, never at import time. Its tokenizer keeps the
text it was given (`doc._.text`): `Doc.text` rebuilds the string token by
token, which costs more than tokenising it did.
"""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.tokens.underscore import Underscore

from evidence.extract import lexicon as lx
from evidence.extract.numbers import VERSION as NUMBERS_VERSION
from evidence.extract.numbers import find_quantities
from evidence.extract.sentences import VERSION as SENTENCES_VERSION
from evidence.extract.sentences import split_sentences

TREATMENTS_VERSION = "evidence.treatments.v1"
NOT_START = numpy.uint64(2**64 - 1)  # -1, as `Doc.from_array` reads a sentence start
SPECIAL_CASES = ["e.g.", "i.e.", "vs.", "Fig.", "Figs.", "approx.", "Dr.", "Prof.",
                 "cf.", "No.", "al.", "Ref.", "ca.", "resp."]


@Language.component(SENTENCES_VERSION.replace(".", "_"),
                    assigns=["token.is_sent_start", "doc._.sentences"])
def sentences_v1(doc: Doc) -> Doc:
    ext = doc._  # each `doc._` builds a new accessor
    spans = split_sentences(text_of(doc, ext))
    ext.sentences = spans
    if not len(doc):
        return doc
    starts = numpy.zeros(len(doc), dtype="uint64")  # 0: not set, 1: start, NOT_START
    starts[0] = 1
    for start, _end in spans:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and len(span):
            starts[span.start] = 1
    if len(doc) > 1 and starts[1] != 1:
        starts[1] = NOT_START  # marks the annotation as set for one-sentence docs
    # one array write: setting token.is_sent_start re-checks the whole doc each time
    doc.from_array([SENT_START], starts)
    return doc


@Language.component(NUMBERS_VERSION.replace(".", "_"), assigns=["doc._.quantities"])
def numbers_v1(doc: Doc) -> Doc:
    ext = doc._
    ext.quantities = find_quantities(text_of(doc, ext))
    return doc


def text_of(doc: Doc, ext: Underscore) -> str:
    """The doc's text (`ext` is its `doc._`): as the tokenizer received it, else rebuilt
    from the tokens."""
    text = ext.text
    return doc.text if text is None else text


class _TextKeepingTokenizer:
    """The blank English tokenizer, noting on each doc the text it was given."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc._.text = text
        return doc


@Language.factory(TREATMENTS_VERSION.replace(".", "_"), assigns=["doc.spans"])
def make_treatments(nlp: Language, name: str) -> TreatmentTagger:
    return TreatmentTagger(nlp)


class TreatmentTagger:
    """Tags treatment mentions so subjects and interventions can be named."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("TREATMENT", [nlp.make_doc(t) for t in lx.TREATMENTS])

    def __call__(self, doc: Doc) -> Doc:
        spans = self.matcher(doc, as_spans=True)
        doc.spans["treatments"] = spacy.util.filter_spans(spans)
        return doc


def build_nlp() -> Language:
    """A blank English pipeline with the evidence components, built once per run."""
    for name in ("text", "quantities", "sentences"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    nlp = spacy.blank("en")
    for case in SPECIAL_CASES:
        nlp.tokenizer.add_special_case(case, [{"ORTH": case}])
    nlp.tokenizer = _TextKeepingTokenizer(nlp.tokenizer)
    for version in (SENTENCES_VERSION, NUMBERS_VERSION, TREATMENTS_VERSION):
        # factories cannot contain dots; the pipe keeps the versioned name
        nlp.add_pipe(version.replace(".", "_"), name=version)
    return nlp


def component_versions(nlp: Language) -> list[str]:
    return list(nlp.pipe_names)
