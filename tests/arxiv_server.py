"""A real HTTP server on 127.0.0.1 that plays the arXiv API for the tests (no network).

By default it answers ``id_list`` queries from its ``library`` (recorded entries plus
synthetic ones built by :func:`synthetic_entry`), leaving unknown ids out as arXiv does.
Tests queue scripted replies (status, body, headers, delay, redirect) that are served
first, one per request, and read ``requests`` to count and inspect what was asked.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"

FEED_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" "
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/test</id>\n  <title>arXiv Query</title>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def recorded_entry(name: str) -> str:
    """The ``<entry>`` element of a recorded body, as text (namespaces as the feed declares)."""
    text = fixture(name).decode("utf-8")
    return text[text.index("<entry>") : text.index("</entry>") + len("</entry>")]


def synthetic_entry(arxiv_id: str, title: str = "", abstract: str = "") -> str:
    """A hand-built entry in the current backend's shape (values are XML-escaped by the caller)."""
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v1</id><title>{title or 'Paper ' + arxiv_id}</title>"
        "<updated>2020-01-02T00:00:00Z</updated><published>2020-01-01T00:00:00Z</published>"
        f"<summary>{abstract or 'Abstract of ' + arxiv_id}</summary><author><name>A. Author</name></author>"
        f'<link href="https://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>'
        f'<link href="https://arxiv.org/pdf/{arxiv_id}v1" rel="related" type="application/pdf" title="pdf"/>'
        '<category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>'
        '<arxiv:primary_category term="cs.CV"/></entry>'
    )


def make_entry(
    arxiv_id: str,
    *,
    version: int = 1,
    title: str = "",
    authors: list[str] | None = None,
    published: str = "2020-01-01",
    updated: str = "2020-01-02",
    abstract: str = "",
    categories: list[str] | None = None,
    comment: str = "",
    journal_ref: str = "",
    doi: str = "",
    links: bool = True,
) -> str:
    """An ``<entry>`` as arXiv writes one, from plain values (escaped here, so any text goes)."""
    categories = categories or ["cs.CV"]
    parts = [
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id>",
        f"<title>{escape(title or 'Paper ' + arxiv_id)}</title>",
        f"<updated>{updated}T00:00:00Z</updated><published>{published}T00:00:00Z</published>",
        f"<summary>{escape(abstract or 'Abstract of ' + arxiv_id)}</summary>",
        *(f"<author><name>{escape(name)}</name></author>" for name in (authors or ["A. Author"])),
        *(f"<category term={quoteattr(term)} scheme='http://arxiv.org/schemas/atom'/>" for term in categories),
        f"<arxiv:primary_category term={quoteattr(categories[0])}/>",
    ]
    if links:
        parts.append(f'<link href="https://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" type="text/html"/>')
        parts.append(f'<link href="https://arxiv.org/pdf/{arxiv_id}v{version}" rel="related" title="pdf"/>')
    for element, value in (("comment", comment), ("journal_ref", journal_ref), ("doi", doi)):
        if value:
            parts.append(f"<arxiv:{element}>{escape(value)}</arxiv:{element}>")
    return "".join(parts) + "</entry>"


def write_store(path: Path, entries: dict[str, str], fetched_at: str = "2026-01-01T00:00:00Z") -> dict[str, Any]:
    """``arxiv.json`` as the project's tools write it: the real client asks a local server for
    ``entries`` (id -> ``<entry>`` XML), the store merges and writes the records. Returns them."""
    from imgsynth.arxiv import Client, load_papers, merge_papers, write_papers

    with ArxivServer() as server:
        server.library.update(entries)
        with Client(server.url, delay=0, backoff=0) as client:
            report = client.fetch(list(entries))
    assert report.ok, report.failed
    papers = merge_papers(load_papers(path), report.records, fetched_at)
    write_papers(path, papers)
    return papers


def feed(entries: list[str]) -> bytes:
    return (FEED_HEAD.format(total=len(entries)) + "\n".join(entries) + "\n</feed>\n").encode("utf-8")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/atom+xml; charset=utf-8"


@dataclass
class Seen:
    path: str
    ids: list[str]
    max_results: str | None
    user_agent: str
    at: float


class ArxivServer:
    def __init__(self) -> None:
        self.library: dict[str, str] = {
            "1706.03762": recorded_entry("new-backend-1706.03762.xml"),
        }
        self.script: deque[Reply] = deque()
        self.requests: list[Seen] = []
        self.hide_once: set[str] = set()
        """Ids left out of the next answer that would hold them (a batch with one id missing)."""
        self.latency = 0.0
        """Seconds every answer waits before it is sent (on top of a scripted reply's delay)."""
        self.gate: threading.Event | None = None
        """When set to an event, every answer waits until the event is set (at most 60 s)."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                ids = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
                server.requests.append(
                    Seen(
                        parts.path,
                        ids,
                        (query.get("max_results") or [None])[0],
                        self.headers.get("User-Agent", ""),
                        time.monotonic(),
                    )
                )
                reply = server.script.popleft() if server.script else server.answer(ids)
                if server.gate is not None:
                    server.gate.wait(60)
                if reply.delay or server.latency:
                    time.sleep(reply.delay + server.latency)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/api/query"

    def answer(self, ids: list[str]) -> Reply:
        entries = []
        for arxiv_id in ids:
            if arxiv_id in self.hide_once:
                self.hide_once.discard(arxiv_id)
                continue
            if arxiv_id in self.library:
                entries.append(self.library[arxiv_id])
            elif re.fullmatch(r"99[0-9]{2}\.[0-9]{5}", arxiv_id):
                continue  # 99xx.xxxxx: well-formed ids that do not exist
            else:
                entries.append(synthetic_entry(arxiv_id))
        return Reply(body=feed(entries))

    def queue(self, *replies: Reply) -> None:
        self.script.extend(replies)

    def __enter__(self) -> ArxivServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
