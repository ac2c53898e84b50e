"""The listings (`sources`, `claims`, `studies`, `query`): filtered, ranked and limited in
SQL, read as plain rows, and yielded one by one.

Each listing reads only the columns it prints. Flags are looked up a batch of
rows at a time, and editor reviews are attached only for the documents that have
any, so neither the first row nor the memory in use grows with the evidence base.
Nothing here imports SQLAlchemy or the extraction pipeline (see `reader`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from types import SimpleNamespace
from typing import Any

from evidence import search as sx
from evidence.errors import UsageError
from evidence.reviews import Attached, attach
from evidence.store.reader import CHUNK, Reader, from_json, from_time, of_store
from evidence.store.versions import RANK_KEYS_INDEX


@dataclass(frozen=True)
class ClaimFilter:
    """Filters shared by `claims`, `query` and `check`."""

    evidence_class: str | None = None
    kind: str | None = None
    source: str | None = None  # source id, or part of its location
    flag: str | None = None
    unreviewed: bool = False
    study: int | None = None


SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_CLAIM_COLUMNS = ("c.id, c.source_id, s.location, c.kind, c.evidence_class, c.text, c.subject, "
                  "c.section, COALESCE(c.traced_study_id, c.study_id), s.kind, c.agency")


def _where(r: Reader, f: ClaimFilter, *, indexed: bool = False) -> tuple[str, dict[str, Any]]:
    """The filter as SQL conditions on `c` (claim) and `s` (its source), all but
    `unreviewed`, which depends on the attached reviews. `indexed` leaves out what SQLite's
    full-text index already holds to (the latest versions, each claim's class)."""
    cond, params = ([] if indexed else ["s.is_latest"]), {}
    if f.evidence_class and not indexed:
        cond.append("c.evidence_class = :cls")
        params["cls"] = f.evidence_class
    if f.kind:
        cond.append("c.kind = :kind")
        params["kind"] = f.kind
    if f.source:
        cond.append(f"(CAST(s.id AS TEXT) = :src OR {r.contains('s.location', 'src')})")
        params["src"] = f.source
    if f.flag:
        cond.append("EXISTS (SELECT 1 FROM flag fl WHERE fl.claim_id = c.id AND fl.code = :flag)")
        params["flag"] = f.flag
    if f.study:
        cond.append("(c.traced_study_id = :study OR c.study_id = :study)")
        params["study"] = f.study
    return " AND ".join(cond) or "1", params


def reviews_by_claim(r: Reader) -> dict[int, Attached]:
    """claim id -> its standing review, for the documents that have reviews at all."""
    reviews = [SimpleNamespace(id=x[0], doc_key=x[1], fingerprint=x[2], claim_id=x[3],
                               claim_text=x[4], decision=x[5], editor=x[6], note=x[7],
                               at=from_time(x[8]))
               for x in r.rows("SELECT id, doc_key, fingerprint, claim_id, claim_text, decision, "
                               "editor, note, at FROM review ORDER BY id")]
    if not reviews:
        return {}
    keys = sorted({x.doc_key for x in reviews})
    claims, doc_keys = [], {}
    for i in range(0, len(keys), CHUNK):
        part = keys[i:i + CHUNK]
        names, values = _in_list(part)
        for row in r.rows(
                "SELECT c.id, c.source_id, c.fingerprint, c.text, s.doc_key FROM claim c "
                f"JOIN source s ON s.id = c.source_id WHERE s.is_latest AND s.doc_key IN ({names}) "
                "ORDER BY c.id", values):
            claims.append(SimpleNamespace(id=row[0], source_id=row[1], fingerprint=row[2],
                                          text=row[3]))
            doc_keys[row[1]] = row[4]
    return attach(claims, doc_keys, reviews)


def _in_list(values: list[Any]) -> tuple[str, dict[str, Any]]:
    """The placeholders of an SQL `IN (...)` list and their values, named alike on both
    backends (callers keep a list to CHUNK values)."""
    return ", ".join(f":v{j}" for j in range(len(values))), {f"v{j}": v for j, v in
                                                               enumerate(values)}


def _flags_of(r: Reader, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """claim id -> its flags' (code, severity), for one batch of claims."""
    out: dict[int, list[tuple[str, str]]] = {}
    if not ids:
        return out
    names, values = _in_list(ids)
    for cid, code, severity in r.rows(
            f"SELECT claim_id, code, severity FROM flag WHERE claim_id IN ({names}) ORDER BY id",
            values):
        out.setdefault(cid, []).append((code, severity))
    return out


def _row(x: tuple[Any, ...], flags: list[tuple[str, str]],
         att: Attached | None) -> dict[str, Any]:
    return {
        "id": x[0], "source_id": x[1], "location": x[2], "kind": x[3], "evidence_class": x[4],
        "text": x[5], "subject": x[6], "section": x[7], "flags": sorted({c for c, _ in flags}),
        "review": att.status if att else None, "reopened": bool(att and att.reopened),
        "study_id": x[8], "source_kind": x[9], "agency": x[10],
    }


def _claim_rows(r: Reader, rows: Iterable[tuple[Any, ...]], f: ClaimFilter,
                attached: dict[int, Attached], *, with_severity: bool = False,
                ) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Listing rows (with flags and review) for raw claim rows, a batch at a time."""
    it = iter(rows)
    while batch := list(islice(it, CHUNK)):
        flags = _flags_of(r, [x[0] for x in batch])
        for x in batch:
            att = attached.get(x[0])
            if f.unreviewed and att is not None and not att.reopened:
                continue
            if f.source and not (f.source == str(x[1]) or f.source in x[2]):
                continue
            row = _row(x, flags.get(x[0], []), att)
            if with_severity:
                row["severity"] = min((sev for _, sev in flags.get(x[0], [])),
                                      key=lambda v: SEVERITY_ORDER.get(v, 9), default=None)
            yield x, row


def iter_claims(store: Any, f: ClaimFilter | None = None) -> Iterator[dict[str, Any]]:
    """Claims of the latest versions, in document order, as they are read."""
    f = f or ClaimFilter()
    with of_store(store) as r:
        attached = reviews_by_claim(r)
        where, params = _where(r, f)
        raw = r.rows(f"SELECT {_CLAIM_COLUMNS} FROM claim c JOIN source s ON s.id = c.source_id "
                     f"WHERE {where} ORDER BY c.source_id, c.ordinal", params)
        for _, row in _claim_rows(r, raw, f, attached):
            yield row


def list_claims(store: Any, f: ClaimFilter | None = None) -> list[dict[str, Any]]:
    return list(iter_claims(store, f))


def review_queue(store: Any) -> list[dict[str, Any]]:
    """Flagged claims with no standing decision (or a re-opened one), most severe first."""
    with of_store(store) as r:
        attached = reviews_by_claim(r)
        raw = r.rows(f"SELECT {_CLAIM_COLUMNS} FROM claim c JOIN source s ON s.id = c.source_id "
                     "WHERE s.is_latest AND EXISTS (SELECT 1 FROM flag fl WHERE fl.claim_id = c.id)"
                     " ORDER BY c.source_id, c.ordinal")
        out = [row for _, row in _claim_rows(r, raw, ClaimFilter(unreviewed=True), attached,
                                             with_severity=True)]
    out.sort(key=lambda row: (SEVERITY_ORDER.get(row["severity"], 9), row["id"]))
    return out


def iter_sources(store: Any) -> Iterator[dict[str, Any]]:
    """Latest documents with their claim and flagged-claim counts, counted in SQL."""
    with of_store(store) as r:
        yield from ({"id": x[0], "location": x[1], "version": x[2], "kind": x[3], "title": x[4],
                     "published": x[5], "doi": x[6], "claims": x[7], "flagged_claims": x[8],
                     "also_at": list((from_json(x[9]) or {}).get("also_at") or [])}
                    for x in r.rows(
            "SELECT s.id, s.location, s.version, s.kind, s.title, s.published, s.doi, "
            "(SELECT COUNT(*) FROM claim c WHERE c.source_id = s.id), "
            "(SELECT COUNT(*) FROM claim c WHERE c.source_id = s.id AND EXISTS "
            " (SELECT 1 FROM flag fl WHERE fl.claim_id = c.id)), s.meta "
            "FROM source s WHERE s.is_latest ORDER BY s.id"))


def list_sources(store: Any) -> list[dict[str, Any]]:
    return list(iter_sources(store))


def iter_studies(store: Any) -> Iterator[dict[str, Any]]:
    """Studies of the latest versions, with how many claims elsewhere trace to each."""
    with of_store(store) as r:
        yield from ({"id": x[0], "source_id": x[1], "location": x[2], "own": bool(x[3]),
                     "design": x[4], "randomized": _bool(x[5]), "within_subject": _bool(x[6]),
                     "participants": x[7], "arms": x[8], "duration": x[9], "traced_to": x[10],
                     "traced_claims": x[11]}
                    for x in r.rows(
            "SELECT st.id, st.source_id, s.location, st.reported_in_own_source, st.design, "
            "st.randomized, st.within_subject, st.participants, st.arms, st.duration, "
            "st.traced_to, (SELECT COUNT(*) FROM claim c JOIN source cs ON cs.id = c.source_id "
            " WHERE c.traced_study_id = st.id AND cs.is_latest) "
            "FROM study st JOIN source s ON s.id = st.source_id WHERE s.is_latest ORDER BY st.id"))


def list_studies(store: Any) -> list[dict[str, Any]]:
    return list(iter_studies(store))


def _bool(v: Any) -> bool | None:
    return None if v is None else bool(v)


# --- search ----------------------------------------------------------------------------

SCAN = 500  # hits past --limit still read to say exactly what was left out, and why
# Hits of one class scored at most, the most recently stored, so that a query's cost stays
# bounded however large the base grows; more are ranked only when asked (`rank_all`)
RANK_WINDOW = 20_000


@dataclass
class Hits:
    """What a search shows, and how many it left out for their polarity and past the limit;
    `bounded` names the classes whose hits were too many to rank all (only the RANK_WINDOW
    most recently stored of each were scored), and `unranked` counts the others."""

    rows: list[dict[str, Any]]
    other_polarity: int
    past_limit: int
    bounded: list[str] = field(default_factory=list)
    unranked: int = 0  # hits of the bounded classes past their window, never read


def search_hits(store: Any, query: str, f: ClaimFilter | None = None, *, limit: int = 50,
                any_term: bool = False, any_polarity: bool = False,
                rank_all: bool = False) -> Hits:
    """Claims matching `query`, ranked in SQL within evidence classes (randomized first)
    and cut at `limit`; claims that deny what the query asserts ("does not reduce" for
    "reduces") are left out unless `any_polarity`.

    The hits are counted once; the ranking reads only ids and scores, class by class (at
    most the RANK_WINDOW most recent of a class unless `rank_all`), a window of `limit` +
    SCAN hits at a time, and the listing columns are read for the window alone. Once
    `limit` hits are kept and SCAN more read, every hit not read is counted as past the
    limit, which it is, whatever its polarity; before that the counts are exact. (With a filter only Python can finish, `--unreviewed` or a part of a
    location, every hit is read, so the counts stay exact.)"""
    f = f or ClaimFilter()
    ts = sx.terms(query)
    if not ts:
        raise UsageError("the query has no searchable words", input=query,
                         hint="search for a treatment, outcome or measure, e.g. 'downtime'")
    want_negated = sx.negated(query)
    exact = f.unreviewed or bool(f.source)
    with of_store(store) as r:
        ranking = _ranking(r, ts, f, any_term)
        if ranking is None:
            return Hits([], 0, 0)
        rankings, (count_sql, params) = ranking
        total = next(iter(r.rows(count_sql, params)))[0]
        attached = reviews_by_claim(r)
        hits = Hits([], 0, 0)
        read = 0
        window = limit + SCAN
        for ranked in rankings:
            if ranked.cls is not None and not rank_all:
                ranked, cut = _bounded(r, ranked, params)
                if cut:
                    hits.bounded.append(ranked.cls)
            sql = ranked.sql()
            offset = 0
            while page := list(r.rows(f"{sql} LIMIT {window} OFFSET {offset}", params)):
                _take(r, page, ts, want_negated, f, attached, hits, limit, any_polarity)
                offset += len(page)
                read += len(page)
                if len(hits.rows) >= limit and hits.past_limit >= SCAN and not exact:
                    hits.past_limit += max(total - read, 0)  # the rest rank below the last shown
                    return _in_order(hits)
                if len(page) < window:
                    break
        hits.unranked = max(total - read, 0)
    return _in_order(hits)


def _bounded(r: Reader, ranked: _Ranked, params: dict[str, Any]) -> tuple[_Ranked, bool]:
    """One class's ranking cut to its RANK_WINDOW most recently stored hits, and whether it
    had more."""
    cut = next(iter(r.rows(f"SELECT claim_fts.rowid {ranked.hits} ORDER BY claim_fts.rowid "
                           f"DESC LIMIT 1 OFFSET {RANK_WINDOW - 1}", params)), None)
    if cut is None:
        return ranked, False
    return replace(ranked, hits=f"{ranked.hits} AND claim_fts.rowid >= {int(cut[0])}"), True


def _take(r: Reader, page: list[tuple[Any, ...]], ts: list[sx.Term], want_negated: bool,
          f: ClaimFilter, attached: dict[int, Attached], hits: Hits, limit: int,
          any_polarity: bool) -> None:
    """One page of ranked (id, score) into `hits`: kept, or counted as left out."""
    scores = {x[0]: x[1] for x in page}
    for x, row in _claim_rows(r, _claims_by_id(r, [x[0] for x in page]), f, attached):
        neg = any(sx.polarity_near(x[5], t.phrases) for t in ts)
        if neg != want_negated and not any_polarity:
            hits.other_polarity += 1
        elif len(hits.rows) < limit:
            row["rank"] = round(float(scores[x[0]]), 4)
            row["polarity"] = "negative" if neg else "positive"
            hits.rows.append(row)
        else:
            hits.past_limit += 1


def _in_order(hits: Hits) -> Hits:
    hits.rows.sort(key=lambda h: (sx.class_rank(h["evidence_class"]), -h["rank"], h["id"]))
    return hits


def _claims_by_id(r: Reader, ids: list[int]) -> list[tuple[Any, ...]]:
    """Listing columns of the claims `ids`, in that order."""
    got: dict[int, tuple[Any, ...]] = {}
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        names, values = _in_list(part)
        for x in r.rows(f"SELECT {_CLAIM_COLUMNS} FROM claim c JOIN source s ON s.id = c.source_id "
                        f"WHERE c.id IN ({names})", values):
            got[x[0]] = x
    return [got[i] for i in ids if i in got]


def search(store: Any, query: str, f: ClaimFilter | None = None, *, limit: int = 50,
           any_term: bool = False, any_polarity: bool = False) -> list[dict[str, Any]]:
    return search_hits(store, query, f, limit=limit, any_term=any_term,
                       any_polarity=any_polarity).rows


def _class_order() -> str:
    whens = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(sx.CLASS_ORDER))
    return f"CASE c.evidence_class {whens} ELSE {len(sx.CLASS_ORDER)} END"


@dataclass(frozen=True)
class _Ranked:
    """One ranking query: `select` (claim id, score) from `hits` (FROM ... WHERE ...), best
    first by `order`, for the class `cls` (None: every class, in order)."""

    cls: str | None
    select: str
    hits: str
    order: str

    def sql(self) -> str:
        return f"{self.select} {self.hits} ORDER BY {self.order}"


def _ranking(r: Reader, ts: list[sx.Term], f: ClaimFilter, any_term: bool,
             ) -> tuple[list[_Ranked], tuple[str, dict[str, Any]]] | None:
    """The ranking as queries read one after the other, each yielding (claim id, score where
    higher is better) best first, with the query counting every hit and their shared
    parameters. Only ids and scores are sorted, never the claims' text.

    On SQLite there is one query per evidence class, in `CLASS_ORDER`: the full-text index
    holds only the latest versions' claims, each with its class, so a class's hits are
    found, scored and counted in the index alone (no claim row is read per hit unless a
    filter needs one), and a class is never scored when the classes before it fill the
    window."""
    if r.dialect == "sqlite":
        where, params = _where(r, f, indexed=True)
        params["q"] = f"{{text subject section}} : ({sx.fts5_query(ts, any_term=any_term)})"
        join = ""
        if where != "1":
            # Other claim columns come from the narrow rank-keys index when it holds them
            narrow = not (f.flag or f.study)
            claim = f"claim c INDEXED BY {RANK_KEYS_INDEX}" if narrow else "claim c"
            join = f"JOIN {claim} ON c.id = claim_fts.rowid JOIN source s ON s.id = c.source_id "
        classes = [f.evidence_class] if f.evidence_class else sx.CLASS_ORDER
        rankings = []
        for i, cls in enumerate(classes):
            params[f"q{i}"] = f'{params["q"]} AND evidence_class : "{cls}"'
            rankings.append(_Ranked(
                cls, "SELECT claim_fts.rowid AS id, -bm25(claim_fts, 1, 1, 1, 0) AS sc",
                f"FROM claim_fts {join}WHERE claim_fts MATCH :q{i} AND {where}", "sc DESC, id"))
        if f.evidence_class:
            params["q"] = params["q0"]
        count = f"SELECT COUNT(*) FROM claim_fts {join}WHERE claim_fts MATCH :q AND {where}"
        return rankings, (count, params)
    where, params = _where(r, f)
    q = sx.tsquery(ts, any_term=any_term)
    if not q:
        return None
    params["q"] = q
    vector = "to_tsvector('english', coalesce(c.text, '') || ' ' || coalesce(c.subject, ''))"
    hits = (f"FROM claim c JOIN source s ON s.id = c.source_id "
            f"WHERE {vector} @@ to_tsquery('english', :q) AND {where}")
    return ([_Ranked(None, f"SELECT c.id, ts_rank({vector}, to_tsquery('english', :q)) AS sc",
                     hits, f"{_class_order()}, sc DESC, c.id")],
            (f"SELECT COUNT(*) {hits}", params))
