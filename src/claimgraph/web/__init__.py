"""The web app: server-rendered pages and a JSON API over the read layer (``claimgraph.read``).

Every page and its API twin call the same read-layer function; pages only render the records
(Jinja2, autoescaped: article text is untrusted and always shown as text). The store is opened
read-only for each request and closed after it, so ``claimgraph ingest`` can take the file
between requests; while an ingest holds it, requests answer 503 with Retry-After.
"""

from claimgraph.web.app import create_app

__all__ = ["create_app"]
