"""Errors the tool reports to people.

Every error carries a short code, the input it concerns and a "try ..." hint, so
the CLI can print one line that names the input and what to do, and map the
error class to an exit code without knowing any details.
"""

from __future__ import annotations


class EvidenceError(Exception):
    """Base class: a problem with one input or with the user's request."""

    code = "E000"
    hint = "see `evidence --help`"
    exit_code = 5

    def __init__(self, message: str, *, input: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.input = input
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """The single line printed on stderr: `input: problem (try: hint) [code]`."""
        where = f"{self.input}: " if self.input else ""
        return f"{where}{self.message} (try: {self.hint}) [{self.code}]"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.one_line()


class InputError(EvidenceError):
    """A local file or folder cannot be used as a document."""

    code = "E100"
    hint = "check the path and that the file is a readable .txt, .md, .html, .xml or .pdf document"


class EmptyDocumentError(InputError):
    code = "E101"
    hint = "the document has no text; remove it from the batch or fix the source"


class NotTextError(InputError):
    """Binary or otherwise non-text content."""

    code = "E102"
    hint = ("only text, Markdown, HTML, JATS XML and PDF documents are supported; "
            "convert the file to one of these first")


class EncodingError(InputError):
    """Bytes that do not decode in the declared (or any sensible) charset."""

    code = "E103"
    hint = "re-save the file as UTF-8, or fix the charset the page declares"


class ExtractionError(InputError):
    """Parsing or extraction failed on this document in a way no rule foresaw; the batch goes on."""

    code = "E104"
    hint = "the document is skipped; report it with the file attached if it looks ordinary"

    @classmethod
    def wrap(cls, exc: BaseException, input: str) -> ExtractionError:
        what = str(exc).splitlines()[0][:120] if str(exc) else ""
        return cls(f"could not be parsed: {type(exc).__name__}" + (f": {what}" if what else ""),
                   input=input)


class PdfError(InputError):
    """A PDF that cannot be read: truncated, damaged, or without a text layer."""

    code = "E120"
    hint = "check that the file opens in a PDF reader; a broken download is often truncated, so fetch it again"


class EncryptedPdfError(PdfError):
    code = "E121"
    hint = "the PDF is protected by a password; save an unprotected copy (print to PDF) and ingest that"


class TooLargeDocument(InputError):
    """Over a page or decompressed-size limit (a decompression bomb looks like this too)."""

    code = "E122"
    hint = ("split the document, or raise EVIDENCE_PDF_MAX_PAGES / EVIDENCE_PDF_MAX_MB "
            "if you trust it")


class XmlError(InputError):
    """XML that is malformed, or that declares entities or external references (refused)."""

    code = "E123"
    hint = ("check that the file is well-formed JATS XML; documents that declare entities "
            "or load external files are refused")


class IdentifierError(InputError):
    """A `doi:`, `pmid:`, `pmcid:` or `nct:` input whose identifier is malformed."""

    code = "E124"
    hint = ("write doi:10.xxxx/..., pmid:12345678, pmcid:PMC1234567 or nct:NCT01234567 "
            "(a bare 10.xxxx/... or NCT01234567 also works)")


class FetchError(EvidenceError):
    """Anything that went wrong while fetching a URL."""

    code = "E200"
    hint = "check the URL in a browser and try again later"


class HTTPStatusError(FetchError):
    code = "E201"
    hint = "check that the URL is right; the server answered with an error"


class FetchTimeout(FetchError):
    code = "E202"
    hint = "the server is slow or unreachable; try again later or raise --timeout"


class ResponseTooLarge(FetchError):
    code = "E203"
    hint = "the page is larger than the limit; raise --max-bytes if you trust it"


class TooManyRedirects(FetchError):
    code = "E204"
    hint = "the URL redirects too often or in a loop; use the final address directly"


class UnsupportedEncoding(FetchError):
    code = "E208"
    hint = "the server compressed the page in a way it was not asked for; save the page from a browser and ingest the file"


class RobotsDisallowed(FetchError):
    code = "E205"
    hint = "the site's robots.txt forbids fetching this path; save the page by hand and ingest the file"


class AddressRefused(FetchError):
    code = "E206"
    hint = "private, loopback and link-local addresses are refused; pass --allow-private to fetch them"


class SchemeRefused(FetchError):
    code = "E207"
    hint = "only http and https URLs can be fetched"


class UnknownIdentifier(FetchError):
    """No service knows the identifier: nothing is stored."""

    code = "E209"
    hint = "check the identifier for typos; a new record may take a few days to appear"


class StoreError(EvidenceError):
    """The database cannot be opened or written."""

    code = "E300"
    hint = "check --db / EVIDENCE_DB and that the database is reachable and writable"
    exit_code = 4


class AuditError(EvidenceError):
    """The review log does not verify: an entry was changed, removed or left out."""

    code = "E302"
    hint = "restore the database from a backup taken before the change, and find who changed it"


class NotFound(EvidenceError):
    """A claim, study or source id that is not in the database."""

    code = "E301"
    hint = "list ids with `evidence claims`, `evidence studies` or `evidence sources`"


class UsageError(EvidenceError):
    code = "E400"
    hint = "see `evidence COMMAND --help`"
    exit_code = 64
