"""The jinja2 environment of the report, and the writing of its files.

Autoescaping is on for every template, whatever its name, and undefined names
fail instead of rendering as empty text, so a typo in a template (shipped or
the user's) is an error rather than a silently missing field. A user folder
passed with `--templates` is searched before the shipped `templates` package.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)

from evidence.errors import EvidenceError
from evidence.report.context import CSP, Page, ReportContext

PAGE_TEMPLATES = {"index": "index.html", "flagged": "flagged.html",
                  "regulatory": "regulatory.html", "sources": "source.html",
                  "studies": "study.html"}
ASSETS = ("style.css", "app.js")
GENERATOR = "evidence report"


class ReportError(EvidenceError):
    """The report cannot be written: an unusable folder or a broken template."""

    code = "E500"
    hint = "check OUT_DIR and the --templates folder"


def shipped_templates() -> Path:
    """The folder of the `templates` package that ships with the tool. Read from the
    package's search path rather than `importlib.resources.files`, which rejects some
    editable installs that see the folder as a namespace package."""
    spec = importlib.util.find_spec("templates")
    for entry in (spec.submodule_search_locations or []) if spec else []:
        if (Path(entry) / "base.html").is_file():
            return Path(entry)
    raise ReportError("the shipped templates are missing", input="templates",
                      hint="reinstall evidence (pip install --force-reinstall evidence)")


def make_env(user_dir: Path | None = None) -> Environment:
    loaders: list[BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise ReportError("the templates folder does not exist", input=str(user_dir),
                              hint="pass an existing folder to --templates, or leave it out")
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FileSystemLoader(str(shipped_templates())))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(csp=CSP, generator=GENERATOR)
    return env


def _where(env: Environment, name: str) -> str:
    """The file a template name resolves to, for error messages."""
    try:
        _, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound:
        return name
    return filename or name


def _template_error(env: Environment, name: str, exc: TemplateError) -> ReportError:
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or _where(env, exc.name or name)
        return ReportError(f"template error at line {exc.lineno}: {exc.message}", input=where,
                           hint="fix the template, or remove it from --templates to use the shipped one")
    if isinstance(exc, TemplateNotFound):
        return ReportError(f"template not found: {exc.name}", input=name,
                           hint="reinstall evidence, or add the template to --templates")
    return ReportError(f"template failed: {exc.message or exc.__class__.__name__}",
                       input=_where(env, name),
                       hint="fix the template, or remove it from --templates to use the shipped one")


def check_templates(env: Environment) -> None:
    """Compile every page template before anything is written, so a broken template fails
    the build at once, not halfway through."""
    for name in sorted(set(PAGE_TEMPLATES.values())):
        try:
            env.get_template(name)
        except TemplateError as exc:
            raise _template_error(env, name, exc) from None
    for name in ASSETS:
        asset(env, name)


def asset(env: Environment, name: str) -> str:
    """A static file (CSS, JS) from the loaders, copied as is: not a template."""
    try:
        text, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound as exc:
        raise _template_error(env, name, exc) from None
    return text


def render(env: Environment, page: Page, ctx: ReportContext) -> str:
    name = PAGE_TEMPLATES[page.nav]
    try:
        return env.get_template(name).render(page=page, report=ctx)
    except TemplateError as exc:
        raise _template_error(env, name, exc) from None


def write_page(env: Environment, page: Page, report: Any, out_dir: Path) -> None:
    """Render a page straight into its file, piece by piece as the template produces it
    (the same text as `render`), so a page listing every flagged claim is never one
    string in memory. `report` is what templates see as `report`."""
    name = PAGE_TEMPLATES[page.nav]
    path = out_dir / page.path
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            for piece in env.get_template(name).generate(page=page, report=report):
                fh.write(piece)
    except TemplateError as exc:
        raise _template_error(env, name, exc) from None
    except OSError as exc:
        raise unwritable(out_dir, exc) from None


def _write(out_dir: Path, rel: str, text: str) -> None:
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def unwritable(out_dir: Path, exc: OSError) -> ReportError:
    why = exc.strerror or exc.__class__.__name__
    return ReportError(f"cannot write the report: {why}", input=str(out_dir),
                       hint="choose a folder you can write to, or one that does not exist yet")


def prepare(out_dir: Path) -> None:
    """Create OUT_DIR (and its page folders) or fail with one line saying why."""
    try:
        for sub in ("", "sources", "studies"):
            (out_dir / sub).mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".evidence-report-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise unwritable(out_dir, exc) from None


def write_site(env: Environment, ctx: ReportContext, out_dir: Path,
               extra: Iterable[tuple[str, Callable[[], str]]],
               step: Callable[[str], Any] = lambda _p: None) -> int:
    """Render every page and write it with the assets and `extra` files; return the
    number of pages. Pages of sources or studies no longer in the base are removed."""
    written: set[str] = set()
    try:
        for name in ASSETS:
            _write(out_dir, name, asset(env, name))
        for rel, make in extra:
            _write(out_dir, rel, make())
        for page in ctx.pages():
            _write(out_dir, page.path, render(env, page, ctx))
            written.add(page.path)
            step(page.path)
    except OSError as exc:
        raise unwritable(out_dir, exc) from None
    remove_stale(out_dir, written)
    return len(written)


def write_assets(env: Environment, out_dir: Path) -> None:
    try:
        for name in ASSETS:
            _write(out_dir, name, asset(env, name))
    except OSError as exc:
        raise unwritable(out_dir, exc) from None


def remove_stale(out_dir: Path, written: set[str]) -> None:
    """Remove the pages of sources or studies no longer in the base."""
    try:
        for sub in ("sources", "studies"):
            for old in sorted((out_dir / sub).glob("*.html")):
                if f"{sub}/{old.name}" not in written:
                    os.remove(old)
    except OSError as exc:
        raise unwritable(out_dir, exc) from None
