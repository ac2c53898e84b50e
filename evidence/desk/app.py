"""The review desk as a Starlette application: the queue, a page per claim, the
decision log, and the forms that decide and assign.

Every page has a JSON twin at the same path with `.json` (`/queue.json?flag=...`,
`/claims/3.json`, `/history.json`); a POST answers JSON when asked with `Accept:
application/json`. Database work runs in Starlette's thread pool, one short
transaction per request, so several editors (and the CLI) can work at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from evidence.desk.model import DecisionRequest, DeskClaim
from evidence.desk.pages import ClaimPage, claim_page, verdict_choices
from evidence.desk.queue import STATUSES, Filters, Group, Queue, build_queue, group
from evidence.desk.security import PAGE_CSP, Guard, Secrets
from evidence.errors import EvidenceError, NotFound, UsageError
from evidence.report.render import asset, make_env
from evidence.store.db import Store
from evidence.store.desk import (
    DecisionConflict,
    assign,
    decide,
    history,
    load_desk,
    study_statements,
)
from evidence.store.queries import claim_detail
from evidence.verdicts import label

STATIC = {"style.css": "text/css", "desk.css": "text/css", "desk.js": "text/javascript"}
EDITOR_COOKIE = "evidence_editor"


@dataclass(frozen=True)
class DeskConfig:
    port: int
    editor: str  # who decides when the form does not say
    templates: Path | None = None  # searched before the shipped templates


@dataclass(frozen=True)
class QueuePage:
    queue: Queue
    sources: dict[str, str]  # source id -> location, for the source facet
    editor: str

    def link(self, **change: str) -> str:
        q = self.queue.filters.to_query(**change)
        return "/queue" + (f"?{urlencode(q)}" if q else "")

    @property
    def here(self) -> str:
        return self.link()

    def claim_link(self, claim_id: int) -> str:
        q = self.queue.filters.to_query()
        return f"/claims/{claim_id}" + (f"?{urlencode(q)}" if q else "")


def _form(body: bytes) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        out.setdefault(k, []).append(v)
    return out


def _one(form: dict[str, list[str]], key: str, default: str = "") -> str:
    return (form.get(key) or [default])[0]


def _safe_return(target: str) -> str:
    """Only a path on the desk itself: never another site, never a scheme."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or \
        "application/json" in request.headers.get("accept", "")


class Desk:
    def __init__(self, store: Store, keys: Secrets, config: DeskConfig):
        self.store = store
        self.keys = keys
        self.config = config
        self.env: Environment = make_env(config.templates)
        self.env.globals.update(csp=PAGE_CSP, verdicts=verdict_choices(), verdict_label=label,
                                statuses=STATUSES, csrf=keys.csrf)

    # --- helpers ---------------------------------------------------------------------------

    def editor(self, request: Request) -> str:
        return unquote(request.cookies.get(EDITOR_COOKIE, "")) or self.config.editor

    def html(self, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(template).render(**ctx), status_code=status)

    def json(self, data: dict[str, Any], status: int = 200) -> JSONResponse:
        return JSONResponse(data | {"csrf": self.keys.csrf}, status_code=status)

    def error(self, request: Request, exc: EvidenceError, status: int) -> Response:
        if _wants_json(request):
            return self.json({"error": exc.message, "code": exc.code, "hint": exc.hint}, status)
        return self.html("desk_error.html", status, status=status, error=exc,
                         editor=self.editor(request))

    # --- pages -----------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/queue", status_code=303)

    async def queue(self, request: Request) -> Response:
        f = Filters.from_query(request.query_params)
        claims = await run_in_threadpool(load_desk, self.store)
        q = build_queue(claims, f)
        if _wants_json(request):
            return self.json(q.to_json())
        sources = {str(c.source_id): c.location for c in claims}
        return self.html("desk_queue.html", page=QueuePage(q, sources, self.editor(request)),
                         editor=self.editor(request))

    def _claim(self, claim_id: int, f: Filters) -> tuple[ClaimPage, int | None, int | None]:
        detail = claim_detail(self.store, claim_id)
        flagged = load_desk(self.store)
        this = next((c for c in flagged if c.id == claim_id), None)
        grp = _group_of(this, flagged) if this else None
        if this is None:  # a claim without flags can be decided too, on its own
            this = next(iter(load_desk(self.store, [claim_id])), None)
        statements = study_statements(self.store, detail["study"]["id"]) \
            if detail.get("study") else []
        ids = [c.id for c in grp.claims] if grp else [claim_id]
        page = claim_page(detail, statements, this, grp, history(self.store, claim_ids=ids))
        groups = build_queue(flagged, f).groups
        order = [g.lead.id for g in groups]
        members = set(ids)
        at = next((i for i, g in enumerate(groups) if members & {c.id for c in g.claims}), None)
        if at is None:
            return page, (order[0] if order else None), None
        nxt = order[at + 1] if at + 1 < len(order) else None
        prev = order[at - 1] if at > 0 else None
        return page, nxt, prev

    async def claim(self, request: Request) -> Response:
        claim_id = int(request.path_params["claim_id"])
        f = Filters.from_query(request.query_params)
        try:
            page, nxt, prev = await run_in_threadpool(self._claim, claim_id, f)
        except NotFound as exc:
            return self.error(request, exc, 404)
        if _wants_json(request):
            return self.json(page.to_json() | {"next": nxt, "previous": prev})
        q = f.to_query()
        suffix = f"?{urlencode(q)}" if q else ""
        return self.html("desk_claim.html", page=page, next_id=nxt, prev_id=prev,
                         suffix=suffix, queue_link="/queue" + suffix,
                         editor=self.editor(request))

    async def log(self, request: Request) -> Response:
        who = request.query_params.get("editor", "").strip() or None
        entries = await run_in_threadpool(lambda: history(self.store, editor=who))
        if _wants_json(request):
            return self.json({"editor": who, "entries": [e.to_json() for e in entries]})
        return self.html("desk_history.html", entries=entries, who=who or "",
                         editor=self.editor(request))

    async def favicon(self, request: Request) -> Response:
        return Response(status_code=204)  # browsers ask; the desk has none

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(asset(self.env, name), media_type=STATIC[name])

    # --- forms -----------------------------------------------------------------------------

    async def decisions(self, request: Request) -> Response:
        form = _form(await request.body())
        try:
            pairs = tuple((int(c), int(_one(form, f"base_{c}", "0") or 0))
                          for c in form.get("claim", []))
        except ValueError:
            return self.error(request, UsageError("claim ids and bases must be numbers"), 400)
        editor = _one(form, "editor") or self.editor(request)
        req = DecisionRequest(pairs, _one(form, "verdict"), _one(form, "note"), editor)
        try:
            stored = await run_in_threadpool(decide, self.store, req)
        except DecisionConflict as exc:
            return self._conflict(request, exc, req, _safe_return(_one(form, "return")))
        except NotFound as exc:
            return self.error(request, exc, 404)
        except UsageError as exc:
            return self.error(request, exc, 400)
        if _wants_json(request):
            resp: Response = self.json({"stored": stored.to_json()})
        else:
            resp = RedirectResponse(_safe_return(_one(form, "return")), status_code=303)
        _remember_editor(resp, stored.editor)
        return resp

    def _conflict(self, request: Request, exc: DecisionConflict, req: DecisionRequest,
                  back: str) -> Response:
        """409, with the decision that got there first and the editor's own verdict and note
        kept in a form that can be sent again on top of it."""
        firsts = {c.claim_id: c.first for c in exc.conflicts}
        if _wants_json(request):
            return self.json({"error": "conflict: already decided by another editor",
                              "conflicts": [{"claim_id": cid, "first": s.to_json()}
                                            for cid, s in firsts.items()],
                              "yours": {"verdict": req.verdict, "note": req.note,
                                        "editor": req.editor}}, 409)
        rebased = [(cid, firsts[cid].review_id if cid in firsts else base)
                   for cid, base in req.claims]
        return self.html("desk_conflict.html", 409, firsts=firsts, req=req, rebased=rebased,
                         back=back, editor=req.editor)

    async def assignments(self, request: Request) -> Response:
        form = _form(await request.body())
        try:
            ids = [int(c) for c in form.get("claim", [])]
        except ValueError:
            return self.error(request, UsageError("claim ids must be numbers"), 400)
        by = _one(form, "editor") or self.editor(request)
        try:
            n = await run_in_threadpool(assign, self.store, ids, _one(form, "assignee"), by)
        except NotFound as exc:
            return self.error(request, exc, 404)
        except UsageError as exc:
            return self.error(request, exc, 400)
        if _wants_json(request):
            return self.json({"assigned": n, "assignee": _one(form, "assignee")})
        return RedirectResponse(_safe_return(_one(form, "return")), status_code=303)

    async def set_editor(self, request: Request) -> Response:
        form = _form(await request.body())
        resp = RedirectResponse(_safe_return(_one(form, "return")), status_code=303)
        _remember_editor(resp, _one(form, "editor").strip() or self.config.editor)
        return resp


def _group_of(this: DeskClaim, flagged: list[DeskClaim]) -> Group | None:
    """`this` with the flagged claims worded like it that still wait for a decision."""
    same = [g for g in group(flagged) if this in g.claims]
    if not same:
        return None
    members = tuple(c for c in same[0].claims if c.id == this.id or not c.decided)
    return Group(same[0].key, members)


def _remember_editor(resp: Response, editor: str) -> None:
    resp.set_cookie(EDITOR_COOKIE, quote(editor), httponly=True, samesite="strict", path="/")


def create_app(store: Store, keys: Secrets, config: DeskConfig) -> Guard:
    """The desk for `store`, wrapped in its guard (see `evidence.desk.security`)."""
    desk = Desk(store, keys, config)
    routes = [
        Route("/", desk.home),
        Route("/queue", desk.queue), Route("/queue.json", desk.queue),
        Route("/claims/{claim_id:int}", desk.claim),
        Route("/claims/{claim_id:int}.json", desk.claim),
        Route("/history", desk.log), Route("/history.json", desk.log),
        Route("/static/{name}", desk.static), Route("/favicon.ico", desk.favicon),
        Route("/decisions", desk.decisions, methods=["POST"]),
        Route("/assignments", desk.assignments, methods=["POST"]),
        Route("/editor", desk.set_editor, methods=["POST"]),
    ]
    return Guard(Starlette(routes=routes), keys, config.port)
