"""Bytes to text, refusing what is not text.

A document is refused (with a one-line reason) rather than stored as mojibake:
binary content, bytes that are not valid in the declared charset, or a page
that declares a single-byte charset while actually being UTF-8.
"""

from __future__ import annotations

import codecs
import re

from evidence.errors import EmptyDocumentError, EncodingError, NotTextError

_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"{\\rtf": "an RTF document",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}

_CONTROL = bytes(b for b in range(32) if b < 9 or b > 13)  # control bytes text does not use
_SINGLE_BYTE = {"iso8859-1", "cp1252", "ascii"}  # codec names, as `codecs.lookup` gives them
# The charsets web pages use (the WHATWG Encoding Standard's, by Python codec name). Python's
# other codecs are refused: some are not text encodings at all (`hex`, `base64`, `zlib`), and
# some would turn harmless bytes into other text (`unicode_escape`, `utf-7`, `punycode`).
TEXT_CHARSETS = frozenset({
    "utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "iso8859-1", "iso8859-2", "iso8859-3",
    "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13",
    "iso8859-14", "iso8859-15", "iso8859-16", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254",
    "cp1255", "cp1256", "cp1257", "cp1258", "cp866", "cp874", "tis-620", "koi8-r", "koi8-u",
    "mac-roman", "mac-cyrillic", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_jp",
    "iso2022_jp", "shift_jis", "euc_kr",
})
_ALIASES = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "x-mac-roman": "mac-roman",
            "iso-8859-8-i": "iso8859-8", "x-user-defined": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def declared_html_charset(raw: bytes) -> str | None:
    """The charset an HTML document declares in its first 4 KB, if any."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def sniff_binary(raw: bytes) -> str | None:
    """Describe binary content, or None when the bytes look like text."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            return what
    head = raw[:8192]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    if head:
        control = len(head) - len(head.translate(None, _CONTROL))
        if control / len(head) > 0.05:
            return "binary data (control bytes)"
    return None


def decode(raw: bytes, *, input: str, declared: str | None = None) -> str:
    """Decode `raw` to str with normalised newlines; raise an InputError subclass when it is not text.

    `declared` is the charset named by the HTTP header or the HTML itself.
    """
    if not raw.strip():
        raise EmptyDocumentError("the document is empty", input=input)
    what = sniff_binary(raw)
    if what:
        raise NotTextError(f"not a text document: looks like {what}", input=input)
    if raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw[3:], "utf-8", input)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(raw, "utf-16", input)
    elif declared and (enc := text_charset(declared, input)) != "utf-8":
        if enc in _SINGLE_BYTE and _is_utf8_with_multibyte(raw):
            raise EncodingError(
                f"declared charset {declared[:40]!r} is wrong: the bytes are UTF-8", input=input
            )
        text = _strict(raw, enc, input, declared=True)
    else:
        text = _strict(raw, "utf-8", input, declared=bool(declared))
    if "\x00" in text:
        raise NotTextError("not a text document: contains NUL characters", input=input)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocumentError("the document has no text", input=input)
    return text


def text_charset(declared: str, input: str) -> str:
    """The Python codec for a declared charset label, or an EncodingError naming the label.

    A UTF-16 label on bytes without a byte-order mark is read as UTF-8, as browsers
    do: the label itself was found in ASCII-compatible bytes."""
    label = declared.strip().lower()
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name
    except (LookupError, ValueError) as exc:
        raise EncodingError(f"unknown declared charset {declared[:40]!r}", input=input) from exc
    if name not in TEXT_CHARSETS:
        raise EncodingError(f"declared charset {declared[:40]!r} is not a text encoding web "
                            f"pages use", input=input)
    return "utf-8" if name.startswith("utf-16") else name


def _is_utf8_with_multibyte(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not raw.isascii()


def _strict(raw: bytes, enc: str, input: str, declared: bool = False) -> str:
    which = f"declared charset {enc!r}" if declared else enc.upper()
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"invalid {which} at byte {exc.start} ({raw[exc.start:exc.start + 4]!r})",
            input=input,
        ) from exc
    except (UnicodeError, LookupError) as exc:  # a codec that fails in its own way
        raise EncodingError(f"cannot decode as {which}: {str(exc)[:80]}", input=input) from exc
