"""The spaCy pipeline: `spacy.blank("en")` plus versioned components.

Components (each a `Doc -> Doc` step that declares what it assigns):

- `evidence.sentences.v<n>` (`sentences.VERSION`): sentence starts that survive "et al.", "e.g.", "vs.",
  "Fig.", "approx.", decimals and "p < 0.01" (`token.is_sent_start`), and the
  sentences' character offsets (`doc._.sentences`), which the extractor reads
  instead of building a Span per sentence;
- `evidence.numbers.v<n>` (`numbers.VERSION`): every quantity in the text (`doc._.quantities`).

Treatments, outcomes and populations are read from the claim's text by the
lexicon's patterns (`evidence.extract.lexicon`), which also see the words a
token matcher would split differently ("PRP-treated", "CO2"); a matcher here
would cost as much as tokenising and nothing would read its spans.

No trained model is loaded and nothing is downloaded. `build_nlp()` is called
once per run by the Extractor, never at import time. Its tokenizer keeps the
text it was given (`doc._.text`): `Doc.text` rebuilds the string token by
token, which costs more than tokenising it did.
"""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.tokens.underscore import Underscore

from evidence.extract.numbers import VERSION as NUMBERS_VERSION
from evidence.extract.numbers import find_quantities
from evidence.extract.sentences import VERSION as SENTENCES_VERSION
from evidence.extract.sentences import split_sentences, without_glued_labels

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
    if spans:
        # the token holding each sentence's first character: the last token that starts
        # at or before it (what `doc.char_span(start, start + 1, "expand")` finds)
        idx = doc.to_array(IDX)
        first = numpy.fromiter((a for a, _z in spans), dtype=idx.dtype, count=len(spans))
        tokens = numpy.searchsorted(idx, first, side="right") - 1
        starts[tokens[tokens >= 0]] = 1
    if len(doc) > 1 and starts[1] != 1:
        starts[1] = NOT_START  # marks the annotation as set for one-sentence docs
    # one array write: setting token.is_sent_start re-checks the whole doc each time
    doc.from_array([SENT_START], starts)
    return doc


@Language.component(NUMBERS_VERSION.replace(".", "_"), assigns=["doc._.quantities"])
def numbers_v1(doc: Doc) -> Doc:
    ext = doc._
    # a label glued to its sentence ("ResultsNinety women") would hide the sentence's first word
    ext.quantities = find_quantities(without_glued_labels(text_of(doc, ext)))
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


def build_nlp() -> Language:
    """A blank English pipeline with the evidence components, built once per run."""
    for name in ("text", "quantities", "sentences"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    nlp = spacy.blank("en")
    for case in SPECIAL_CASES:
        nlp.tokenizer.add_special_case(case, [{"ORTH": case}])
    nlp.tokenizer = _TextKeepingTokenizer(nlp.tokenizer)
    for version in (SENTENCES_VERSION, NUMBERS_VERSION):
        # factories cannot contain dots; the pipe keeps the versioned name
        nlp.add_pipe(version.replace(".", "_"), name=version)
    return nlp


def component_versions(nlp: Language) -> list[str]:
    return list(nlp.pipe_names)
