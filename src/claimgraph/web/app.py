"""FastAPI application: pages under /, the same records as JSON under /api (OpenAPI at
/api/openapi.json). No JavaScript: filters are forms, event sources open with <details>."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from claimgraph import read
from claimgraph.models import CERTAINTIES, EVENT_TYPES
from claimgraph.nlp.pipeline import gazetteer
from claimgraph.store import DuckStore, StoreError, open_store

HERE = Path(__file__).parent
# Limits on what a request may ask (the app only reads; these keep a request cheap and bounded).
MAX_QUERY_STRING = 2048  # characters in the whole query string
MAX_BODY = 0  # GET only: a request with a body is refused
MAX_NAME = 200  # characters in an entity name or search query
KEY_PATTERN = r"^[^/\\\x00]{1,300}$"  # article keys: no path separators, no NUL
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
CACHE_ENTRIES = 4096  # per-parameter results (pages, JSON bodies) kept per store state

T = TypeVar("T")
# Query parameters, validated before a handler runs (module level: FastAPI resolves them by name).
Name = Annotated[str, Query(min_length=1, max_length=MAX_NAME)]
OptName = Annotated[str | None, Query(max_length=MAX_NAME)]
DateQ = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=1000, description="items per list")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
PAGE = 200  # timeline entries and entity-list items per page unless asked otherwise


class _Cache:
    """Read-layer results, valid while the store file is unchanged (size and mtime of the file
    and its WAL): a page is computed once per store state, not once per request."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.stamp: tuple[int, ...] | None = None
        self.items: dict[tuple[Any, ...], Any] = {}  # per-parameter results, the oldest dropped first
        self.base: dict[tuple[Any, ...], Any] = {}  # whole-store results the others are cut from: kept
        self.lock = threading.Lock()

    def _now(self) -> tuple[int, ...]:
        out: list[int] = []
        for p in (self.db, Path(str(self.db) + ".wal")):
            try:
                st = p.stat()
                out += [st.st_size, st.st_mtime_ns]
            except FileNotFoundError:
                out += [-1, -1]
        return tuple(out)

    def get(self, key: tuple[Any, ...], compute: Callable[[], T], keep: bool = False) -> T:
        stamp = self._now()
        with self.lock:
            if stamp != self.stamp:
                self.stamp, self.items, self.base = stamp, {}, {}
            store = self.base if keep else self.items
            if key in store:
                return store[key]  # type: ignore[no-any-return]
        value = compute()
        with self.lock:
            if not keep and len(self.items) >= CACHE_ENTRIES:
                self.items.pop(next(iter(self.items)))
            (self.base if keep else self.items)[key] = value
        return value


def _date(name: str, value: str | None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _check_key(key: str) -> str:
    if not re.match(KEY_PATTERN, key) or ".." in key:
        raise HTTPException(400, "not an article key")
    return key


def highlight(text: str, marks: list[read.Highlight]) -> Markup:
    """The article text, escaped, with claims, events and entities marked and linked.

    Highlights nest only when one lies inside another; an overlapping one is dropped so the
    markup stays well formed. Every character of the text passes through ``escape``.
    """
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # end offsets of open marks
    kinds: list[str] = []  # their kinds, to close an entity's link too
    for h in marks:
        if h.end <= h.start or h.start < pos and not stack:
            continue
        while stack and stack[-1] <= h.start:
            out.append(str(escape(text[pos:stack[-1]])) + _close(kinds.pop()))
            pos = stack.pop()
        if stack and h.end > stack[-1]:
            continue  # crosses an open mark
        out.append(str(escape(text[pos:h.start])))
        pos = h.start
        cls = f"hl hl-{h.kind}"
        title = escape(h.label)
        ident = f' id="{h.kind}-{escape(h.ref)}"' if h.kind in ("claim", "event") else ""
        out.append(f'<mark class="{cls}"{ident} title="{title}">')
        if h.kind == "entity":  # the name leads to the entity's page (the ref is quoted, never raw)
            out[-1] += f'<a class="ent" href="/entity?name={quote(h.ref, safe="")}">'
        stack.append(h.end)
        kinds.append(h.kind)
    while stack:
        end = stack.pop()
        out.append(str(escape(text[pos:end])) + _close(kinds.pop()))
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _close(kind: str) -> str:
    return "</a></mark>" if kind == "entity" else "</mark>"


def create_app(db: Path) -> FastAPI:
    """The app over the store at ``db`` (opened read-only per request)."""
    db = Path(db)
    app = FastAPI(title="claimgraph", description="Claims, events, stories and contradictions found in news "
                  "articles, each with its article and character offsets.", version="1",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # Every value is escaped, whatever the template's file name (Jinja's default chooses by the
    # extension, and ".j2" would not qualify): article text is untrusted.
    templates.env.autoescape = True
    templates.env.globals["highlight"] = highlight
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    cache = _Cache(db)
    gaz = gazetteer()

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Any]) -> Response:
        if len(request.url.query) > MAX_QUERY_STRING:
            return JSONResponse({"detail": "query string too long"}, status_code=414, headers=_headers())
        if request.method not in ("GET", "HEAD"):
            return JSONResponse({"detail": "this app only reads"}, status_code=405, headers=_headers())
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return JSONResponse({"detail": "no request body is accepted"}, status_code=413, headers=_headers())
        response: Response = await call_next(request)
        for k, v in _headers().items():
            response.headers[k] = v
        return response

    @contextmanager
    def store() -> Iterator[DuckStore]:
        if not db.exists():
            raise HTTPException(503, f"no store at {db}; run `claimgraph ingest` first")
        try:
            s = open_store(db, read_only=True)
        except StoreError as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": "5"}) from exc
        try:
            yield s
        finally:
            s.close()

    def cached(key: tuple[Any, ...], fn: Callable[[DuckStore], T], keep: bool = False) -> T:
        def compute() -> T:
            with store() as s:
                return fn(s)
        return cache.get(key, compute, keep)

    def as_json(key: tuple[Any, ...], records: Callable[[], Any]) -> Response:
        """The records as JSON, encoded once per store state (encoding a large timeline costs
        more than finding it)."""
        body = cache.get(("json", *key), lambda: json.dumps(_plain(records()), ensure_ascii=False).encode())
        return Response(body, media_type="application/json")

    def page(request: Request, template: str, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, ctx)

    # ------------------------------------------------------------------ overview
    def _overview() -> read.Overview:
        return cached(("overview",), read.overview)

    @app.get("/api/overview", tags=["api"])
    def api_overview() -> Response:
        return as_json(("overview",), _overview)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> HTMLResponse:
        return page(request, "overview.html.j2", o=_overview())

    # ------------------------------------------------------------------ timeline
    def _timeline(entity: str | None, type: str | None, certainty: str | None, since: str | None,
                  until: str | None) -> list[read.TimelineRecord]:
        if type and type not in EVENT_TYPES:
            raise HTTPException(422, f"type must be one of {', '.join(EVENT_TYPES)}")
        if certainty and certainty not in CERTAINTIES:
            raise HTTPException(422, f"certainty must be one of {', '.join(CERTAINTIES)}")
        start, stop = _date("since", since), _date("until", until)
        if entity:
            known = cached(("known", entity), lambda s: read.known_entity(s, entity, gaz=gaz))
            if not known:
                raise HTTPException(404, f"no entity named {entity!r}")
        every = cached(("all events",), read.all_events, keep=True)
        return cache.get(("timeline", entity, type, certainty, start, stop),
                         lambda: read.filter_timeline(every, entity=entity or None, type=type or None,
                                                      certainty=certainty or None, since=start, until=stop,
                                                      gaz=gaz))

    @app.get("/api/timeline", tags=["api"])
    def api_timeline(entity: OptName = None, type: OptName = None, certainty: OptName = None,
                     since: DateQ = None, until: DateQ = None, offset: Offset = 0, limit: Limit = PAGE) -> Response:
        return as_json(("timeline", entity, type, certainty, since, until, offset, limit),
                       lambda: read.page_of(_timeline(entity, type, certainty, since, until), offset, limit))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, entity: OptName = None, type: OptName = None, certainty: OptName = None,
                      since: DateQ = None, until: DateQ = None, offset: Offset = 0) -> HTMLResponse:
        part = read.page_of(_timeline(entity, type, certainty, since, until), offset, PAGE)
        more = {k: v for k, v in (("entity", entity), ("type", type), ("certainty", certainty), ("since", since),
                                  ("until", until)) if v}
        return page(request, "timeline.html.j2", rows=part.entries, part=part, more=more,
                    types=EVENT_TYPES, certainties=CERTAINTIES,
                    f={"entity": entity or "", "type": type or "", "certainty": certainty or "",
                       "since": since or "", "until": until or ""}, query=request.url.query)

    @app.get("/charts/timeline.png", include_in_schema=False)
    def timeline_chart(entity: OptName = None, type: OptName = None, certainty: OptName = None,
                       since: DateQ = None, until: DateQ = None) -> Response:
        from claimgraph.report import charts

        rows = _timeline(entity, type, certainty, since, until)
        png = cached(("timeline.png", entity, type, certainty, since, until),
                     lambda _s: charts.timeline_png(_picture_of(rows)))
        if not png:
            raise HTTPException(404, "no dated events to draw")
        return Response(png, media_type="image/png")

    # ------------------------------------------------------------------ entity
    def _entity(name: str) -> read.EntityView:
        found = cached(("entity", name), lambda s: read.entity_view(s, name, gaz=gaz))
        if found is None:
            raise HTTPException(404, f"no entity named {name!r}")
        return found

    @app.get("/api/entity", tags=["api"])
    def api_entity(name: Name, limit: Limit = PAGE) -> Response:
        return as_json(("entity", name, limit), lambda: read.limit_entity(_entity(name), limit))

    @app.get("/entity", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, name: Name) -> HTMLResponse:
        return page(request, "entity.html.j2", v=read.limit_entity(_entity(name), PAGE), name=name)

    @app.get("/charts/entity.png", include_in_schema=False)
    def entity_chart(name: Name) -> Response:
        from claimgraph.report import charts

        v = _entity(name)
        png = cached(("entity.png", name), lambda _s: charts.network_png(_picture_of(
            [read.TimelineRecord(e.date, False, e.type, e.actors, [e.article_key], [e.source], 1, [], [])
             for e in v.profile.events])))
        if not png:
            raise HTTPException(404, "no event names two actors")
        return Response(png, media_type="image/png")

    # ------------------------------------------------------------------ claim clusters
    def _cluster(cid: int) -> read.ClusterView:
        every = cached(("clusters",), lambda s: {c.id: c for c in read.claim_clusters(s, min_articles=1)},
                       keep=True)
        if cid not in every:
            raise HTTPException(404, f"no claim cluster {cid}")
        contra = cached(("contradictions",), read.contradictions, keep=True)
        return cache.get(("cluster", cid), lambda: read.cluster_view(every[cid], contra))

    @app.get("/api/clusters/{cid}", tags=["api"])
    def api_cluster(cid: int) -> Response:
        return as_json(("cluster", cid), lambda: _cluster(cid))

    @app.get("/clusters/{cid}", response_class=HTMLResponse, include_in_schema=False)
    def cluster_page(request: Request, cid: int) -> HTMLResponse:
        return page(request, "cluster.html.j2", v=_cluster(cid))

    # ------------------------------------------------------------------ stories
    def _story(ident: str) -> read.StoryRecord:
        found = cached(("story", ident), lambda s: read.story(s, _check_key(ident)))
        if found is None:
            raise HTTPException(404, f"no story or article {ident!r}")
        return found

    @app.get("/api/stories/{ident}", tags=["api"])
    def api_story(ident: str) -> Response:
        return as_json(("story", ident), lambda: _story(ident))

    @app.get("/stories/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, ident: str) -> HTMLResponse:
        return page(request, "story.html.j2", st=_story(ident))

    # ------------------------------------------------------------------ articles
    def _article(key: str) -> read.ArticleView:
        found = cached(("article", key), lambda s: read.article_view(s, _check_key(key)))
        if found is None:
            raise HTTPException(404, f"no article {key!r}")
        return found

    @app.get("/api/articles/{key}", tags=["api"])
    def api_article(key: str) -> Response:
        return as_json(("article", key), lambda: _article(key))

    @app.get("/articles/{key}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, key: str) -> HTMLResponse:
        return page(request, "article.html.j2", v=_article(key))

    # ------------------------------------------------------------------ search
    def _search(q: str) -> list[read.SearchHit]:
        return cached(("search", q), lambda s: read.search(s, q))

    @app.get("/api/search", tags=["api"])
    def api_search(q: Name) -> Response:
        return as_json(("search", q), lambda: _search(q))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: OptName = None) -> HTMLResponse:
        return page(request, "search.html.j2", q=q or "", hits=_search(q) if q else [])

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException) -> Response:
        headers = {**(exc.headers or {}), **_headers()}
        if request.url.path.startswith("/api/") or request.url.path.startswith("/charts/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
        return templates.TemplateResponse(request, "error.html.j2", {"status": exc.status_code,
                                          "detail": exc.detail}, status_code=exc.status_code, headers=headers)

    return app


def _plain(records: Any) -> Any:
    """Records (dataclasses, lists of them, tuples) as JSON values."""
    if isinstance(records, list):
        return [_plain(r) for r in records]
    return asdict(records) if hasattr(records, "__dataclass_fields__") else records


def _headers() -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY"}


def _picture_of(rows: list[read.TimelineRecord]) -> read.Picture:
    """A picture holding only a timeline, for the chart functions the report also uses."""
    return read.Picture("claimgraph", None, None, [], [], [], [], [], rows, [], [], [])


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000) -> None:  # pragma: no cover - runs a server
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level=os.environ.get("CLAIMGRAPH_LOG", "warning"))
