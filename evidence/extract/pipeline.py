"""The spaCy pipeline: `spacy.blank("en")` plus versioned components.

Components (each a `Doc -> Doc` step that declares what it assigns):

- `evidence.sentences.v1`: sentence starts that survive "et al.", "e.g.", "vs.",
  "Fig.", "approx.", decimals and "p < 0.01" (`token.is_sent_start`);
- `evidence.numbers.v1`: every quantity in the text (`doc._.quantities`);
- `evidence.treatments.v1`: treatment mentions via a case-insensitive
  PhraseMatcher (`doc.spans["treatments"]`).

No trained model is loaded and nothing is downloaded. `build_nlp()` is called
once per run by the Extractor, never at import time.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from evidence.extract import lexicon as lx
from evidence.extract.numbers import VERSION as NUMBERS_VERSION
from evidence.extract.numbers import find_quantities
from evidence.extract.sentences import VERSION as SENTENCES_VERSION
from evidence.extract.sentences import split_sentences

TREATMENTS_VERSION = "evidence.treatments.v1"
SPECIAL_CASES = ["e.g.", "i.e.", "vs.", "Fig.", "Figs.", "approx.", "Dr.", "Prof.",
                 "cf.", "No.", "al.", "Ref.", "ca.", "resp."]


@Language.component(SENTENCES_VERSION.replace(".", "_"), assigns=["token.is_sent_start"])
def sentences_v1(doc: Doc) -> Doc:
    for start, _end in split_sentences(doc.text):
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and len(span):
            span[0].is_sent_start = True
    if len(doc):
        doc[0].is_sent_start = True
    if len(doc) > 1 and not doc[1].is_sent_start:
        doc[1].is_sent_start = False  # marks the annotation as set for one-sentence docs
    return doc


@Language.component(NUMBERS_VERSION.replace(".", "_"), assigns=["doc._.quantities"])
def numbers_v1(doc: Doc) -> Doc:
    doc._.quantities = find_quantities(doc.text)
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
    if not Doc.has_extension("quantities"):
        Doc.set_extension("quantities", default=None)
    nlp = spacy.blank("en")
    for case in SPECIAL_CASES:
        nlp.tokenizer.add_special_case(case, [{"ORTH": case}])
    for version in (SENTENCES_VERSION, NUMBERS_VERSION, TREATMENTS_VERSION):
        # factories cannot contain dots; the pipe keeps the versioned name
        nlp.add_pipe(version.replace(".", "_"), name=version)
    return nlp


def component_versions(nlp: Language) -> list[str]:
    return list(nlp.pipe_names)
