"""Site scrapers: fetch a URL and turn it into a `RawDocument`, with per-site knowledge where it pays.

Every scraper module offers the same small interface:

- `NAME`: a short name;
- `matches(url, body) -> bool`: whether the module knows this kind of page;
- `parse(url, body, content_type) -> RawDocument`: pure parsing, no network;
- optionally `complete(doc, fetcher) -> RawDocument`: follow-up fetches the page
  itself asks for (a summary's link to the full paper), recorded in `doc.notes`.

`scraper_for` picks the first specific module that matches and falls back to
`generic`; `scrape` does fetch, choice, parse and follow-up in one call. All
network access goes through the `Fetcher` passed in.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from scrapers import generic, pmc, summary

if TYPE_CHECKING:
    from evidence.fetch import Fetcher
    from evidence.models import RawDocument

__all__ = ["SCRAPERS", "scrape", "scraper_for"]

SCRAPERS: tuple[ModuleType, ...] = (pmc, summary)


def scraper_for(url: str, html: bytes | None = None) -> ModuleType:
    """The scraper module for a URL (and, when known, the page's bytes); `generic` if none fits."""
    for module in SCRAPERS:
        if module.matches(url, html):
            return module
    return generic


def scrape(url: str, fetcher: Fetcher) -> RawDocument:
    """Fetch `url`, parse it with the fitting scraper and run its follow-up fetches.

    `location` is the URL as given and `final_url` the address after
    redirects. Raises `FetchError` subclasses when the page itself cannot be
    fetched and `InputError` subclasses when it is not a usable text document.
    """
    result = fetcher.get(url)
    module = scraper_for(result.url, result.body)
    doc = module.parse(result.url, result.body, result.content_type)
    doc.location = url
    doc.final_url = result.url
    if result.redirects:
        doc.notes.append(f"redirected to {result.url}")
    if result.from_cache:
        doc.notes.append("unchanged since the cached copy (the server answered 304 Not Modified)")
    follow = getattr(module, "complete", None)
    if follow is not None:
        doc = follow(doc, fetcher)
    return doc
