"""PDF input: reading order, page furniture, limits and broken files, on PDFs made here."""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from evidence.errors import EncryptedPdfError, PdfError, TooLargeDocument
from evidence.export import build_export
from evidence.ingest import IngestOptions, expand_inputs, ingest
from evidence.parse import parse_document
from evidence.parse.pdf import PARSER as PDF_PARSER
from evidence.settings import PdfLimits
from evidence.store import Store
from examples.make_trial_pdf import Layout, journal_pdf, trial_blocks
from tests.conftest import EXAMPLES
from tests.test_cli import EXIT_PARTIAL, GOOD, run

LEFT = ("Forty adults with atrophic acne scars were enrolled at one centre. Each face was divided "
        "at the midline and a computer-generated list decided which side received PRP. ")
RIGHT = ("Erythema resolved within two days on both sides of the face. No serious adverse events "
         "were reported during the sixteen weeks of follow-up. ")
CUT = ("The mean improvement in the quantitative scar score was 41.2% on the PRP side and 27.8% on "
       "the saline side after three sessions four weeks apart, with similar downtime on both sides "
       "of the face in every patient who completed the study.")


def kinds_and_texts(raw: bytes, **kw: object) -> list[tuple[str, str]]:
    doc = parse_document("paper.pdf", raw, **kw)  # type: ignore[arg-type]
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_one_column_paper_reads_as_headings_and_paragraphs() -> None:
    front = [("title", "Microneedling with PRP for acne scars: a randomized trial"),
             ("line", "Ana Ruiz MD1, Ben Okoro PhD2")]
    body = [("heading", "Methods"), ("paragraph", LEFT * 2), ("heading", "Results"),
            ("paragraph", RIGHT)]
    raw = journal_pdf(front, body, Layout(page=(210, 297), columns=1, page_numbers=False))
    doc = parse_document("paper.pdf", raw)
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert blocks[0] == ("heading", front[0][1])
    assert ("heading", "Methods") in blocks and ("heading", "Results") in blocks
    paragraph = next(t for k, t in blocks if k == "paragraph" and t.startswith("Forty"))
    assert paragraph == (LEFT * 2).strip()  # wrapped lines joined into one paragraph
    assert doc.media_type == "application/pdf" and doc.parser == PDF_PARSER
    assert doc.meta.title == front[0][1] and doc.meta.pages == 1
    assert doc.meta.authors == ["Ana Ruiz", "Ben Okoro"]


@pytest.mark.parametrize("row_major", [False, True])
def test_two_columns_are_read_left_then_right(row_major: bool) -> None:
    """Also when the file writes each line across both columns (its order is not the reader's)."""
    body = [("heading", "Methods"), ("paragraph", LEFT * 3), ("heading", "Safety"),
            ("paragraph", RIGHT * 3)]
    raw = journal_pdf([("title", "A split-face trial of PRP")], body,
                      Layout(page=(148, 130), size=9, page_numbers=False, row_major=row_major))
    file_order = PdfReader(io.BytesIO(raw)).pages[0].extract_text()
    assert ((LEFT * 3).strip() in " ".join(file_order.split())) is not row_major
    doc = parse_document("paper.pdf", raw)
    text = doc.text
    assert (LEFT * 3).strip() in text  # the sentence cut at the column break is whole again
    assert (RIGHT * 3).strip() in text
    assert text.index("Forty adults") < text.index("Erythema resolved")
    heads = [text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert heads == ["A split-face trial of PRP", "Methods", "Safety"]


def test_page_furniture_is_marked_and_the_cut_sentence_joins(extractor) -> None:  # type: ignore[no-untyped-def]
    body = [("heading", "Results"), ("paragraph", LEFT * 2 + CUT), ("paragraph", RIGHT)]
    raw = journal_pdf([("title", "A split-face trial of PRP")], body,
                      Layout(page=(148, 80), size=9, running_head="Invented Scar Res 2025;9:77-86",
                             first_page=77))
    first_page = PdfReader(io.BytesIO(raw)).pages[0].extract_text()
    assert "The mean improvement" in first_page and "every patient" not in first_page  # cut
    doc = parse_document("paper.pdf", raw)
    assert doc.meta.pages == 2
    furniture = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "furniture"]
    assert "Invented Scar Res 2025;9:77-86" in furniture and "77" in furniture and "78" in furniture
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert not any("Invented Scar Res" in p for p in paragraphs)
    assert any(p.endswith(CUT) for p in paragraphs)
    claims = [c.text for c in extractor.extract(doc).claims]
    assert CUT in claims
    assert all(doc.text[c.start:c.end] == c.text for c in extractor.extract(doc).claims)


def test_the_example_pdf_reads_like_the_trial_page() -> None:
    pdf = parse_document(str(EXAMPLES / "trial.pdf"), (EXAMPLES / "trial.pdf").read_bytes())
    page = parse_document(str(EXAMPLES / "trial-microneedling-prp.html"),
                          (EXAMPLES / "trial-microneedling-prp.html").read_bytes())
    for b in page.blocks:
        if b.kind in ("paragraph", "heading", "table_row"):
            assert page.text[b.start:b.end] in pdf.text
    assert (pdf.meta.doi, pdf.meta.pmid, pdf.meta.registrations) == \
        (page.meta.doi, page.meta.pmid, page.meta.registrations)
    assert pdf.meta.title == page.meta.title and pdf.kind == "journal_article"


def test_the_example_pdf_is_what_its_script_makes(tmp_path: Path) -> None:
    front, body, title, author = trial_blocks()
    made = journal_pdf(front, body, Layout(running_head="J Fict Dermatol. 2025;12(3):214–223",
                                           first_page=214), title=title, author=author)
    assert parse_document("a.pdf", made).text == \
        parse_document("b.pdf", (EXAMPLES / "trial.pdf").read_bytes()).text


def _pdf_with_content(stream: bytes, pages: int = 1) -> bytes:
    """A minimal PDF whose pages share one Flate-compressed content stream."""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
            + b"\nendstream"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_a_decompression_bomb_is_refused() -> None:
    bomb = zlib.compress(b" " * (8 << 20), 9)  # 8 MB of page content in a few KB
    assert len(bomb) < 64 * 1024
    with pytest.raises(TooLargeDocument) as err:
        parse_document("bomb.pdf", _pdf_with_content(bomb), pdf_limits=PdfLimits(
            max_decompressed=1 << 20))
    assert "bomb.pdf" in err.value.one_line() and "decompression bomb" in err.value.message
    assert type(err.value.__cause__).__name__ == "LimitReachedError"  # pypdf stopped inflating


def test_page_content_is_capped_in_total() -> None:
    each = zlib.compress(b" " * (600 << 10), 9)  # under the cap per page, over it for three
    with pytest.raises(TooLargeDocument) as err:
        parse_document("many.pdf", _pdf_with_content(each, pages=3),
                       pdf_limits=PdfLimits(max_decompressed=1 << 20))
    assert "expands past 1 MB" in err.value.message


def test_the_page_cap() -> None:
    content = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Page text) Tj ET")
    with pytest.raises(TooLargeDocument) as err:
        parse_document("long.pdf", _pdf_with_content(content, pages=5),
                       pdf_limits=PdfLimits(max_pages=4))
    assert "5 pages" in err.value.message and "4-page limit" in err.value.message


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.999])
def test_a_truncated_pdf_is_refused_whole(cut: float) -> None:
    raw = (EXAMPLES / "trial.pdf").read_bytes()
    with pytest.raises(PdfError) as err:
        parse_document("cut.pdf", raw[: int(len(raw) * cut)])
    assert "truncated" in err.value.message and err.value.input == "cut.pdf"


def _encrypted(user_password: str) -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 5, "Forty patients were randomised to PRP or saline.")
    return bytes(pdf.output())


def test_an_encrypted_pdf_is_refused_unless_it_opens_without_a_password() -> None:
    with pytest.raises(EncryptedPdfError):
        parse_document("locked.pdf", _encrypted("secret"))
    assert parse_document("open.pdf", _encrypted("")).text == \
        "Forty patients were randomised to PRP or saline."


@pytest.mark.parametrize(("name", "content", "words"), [
    ("locked.pdf", _encrypted("secret"), "encrypted with a password"),
    ("cut.pdf", (EXAMPLES / "trial.pdf").read_bytes()[:2000], "truncated"),
    ("bomb.pdf", _pdf_with_content(zlib.compress(b" " * (60 << 20), 9)), "decompression bomb"),
])
def test_a_bad_pdf_fails_alone_and_the_batch_goes_on(db_path: str, write, name: str,  # type: ignore[no-untyped-def]
                                                     content: bytes, words: str) -> None:
    bad, good = write(name, content), write("good.txt", GOOD)
    r = run("ingest", bad, good, "--db", db_path)
    assert r.exit_code == EXIT_PARTIAL
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and bad in errors[0] and words in errors[0] and "try:" in errors[0]
    data = json.loads(run("export", "--db", db_path).stdout)
    assert [s["location"] for s in data["sources"]] == [good]


def test_folder_ingest_leaves_out_what_the_folder_lists_but_a_named_file_is_read(tmp_path: Path,
                                                                                 extractor) -> None:  # type: ignore[no-untyped-def]
    listed = [str(p) for p in expand_inputs([str(EXAMPLES)])]
    assert str(EXAMPLES / "trial.pdf") not in listed and len(listed) == 3
    with Store.open(str(tmp_path / "p.db")) as store:
        report = ingest([str(EXAMPLES / "trial.pdf"), str(EXAMPLES / "clinic-prp-microneedling.html")],
                        store, IngestOptions(), extractor=extractor)
        assert not report.failed
        data = build_export(store.snapshot())
    pdf = next(s for s in data["sources"] if s["location"].endswith("trial.pdf"))
    assert (pdf["kind"], pdf["media_type"], pdf["pages"]) == ("journal_article", "application/pdf", 2)
    assert pdf["doi"] == "10.5555/jfd.2025.0142" and pdf["registrations"] == ["NCT09412785"]
    study = pdf["study"]
    assert (study["design"], study["participants"], study["within_subject"]) == ("rct", 40, True)
    clinic = next(c for c in data["claims"] if c["text"].startswith("A 2025 split-face study"))
    assert clinic["evidence_class"] == "attributed" and "number_mismatch" in clinic["flags"]
    assert clinic["study_id"] == study["id"]
    for c in data["claims"]:
        src = next(s for s in data["sources"] if s["id"] == c["source_id"])
        assert src["text"][c["start"]:c["end"]] == c["text"]
