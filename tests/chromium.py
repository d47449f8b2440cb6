"""Real Chromium for the browser tests, with every network request blocked, and the real
TimelineJS from its npm package.

The browser is Debian's ``chromium`` (installed by the project's own ``.ci/chromium install``
when /usr/bin/chromium is missing), driven by the Python ``playwright`` package with
``executable_path`` (Playwright never downloads a browser of its own here) and a fresh
user-data folder. Every page is loaded from an origin that does not exist,
``http://casetrail.test``: each request to it is answered from the files the test gives
(:meth:`Chromium.open`) through Playwright's routing, so nothing ever reaches a network, and
any request to anything else is aborted and recorded; :meth:`Page.check_clean` fails the
test on such a request, on a console error or on an uncaught exception.

TimelineJS is the pinned release of ``@knight-lab/timelinejs`` from the npm registry: its
tarball is fetched with urllib (no npm or node), checked against the sha512 ``integrity``
the registry gives (which must equal the one pinned here), and its ``dist/`` folder kept in
a cache folder outside the checkout (``$CASETRAIL_TEST_CACHE``, or ``~/.cache/casetrail-tests``).

The tests skip only where Chromium cannot be installed at all (no apt-get); on CI
(``CI`` set) a missing Playwright is an error, never a skip.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import mimetypes
import os
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "chromium"
CHROMIUM = "/usr/bin/chromium"
NOT_INSTALLABLE = 3  # .ci/chromium: no Chromium and no apt-get to install it
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
ORIGIN = "http://casetrail.test"

TIMELINEJS_PACKAGE = "@knight-lab/timelinejs"
TIMELINEJS_VERSION = "3.9.11"
TIMELINEJS_INTEGRITY = (
    "sha512-+jUuY1OJ+9zSO5O3AfYSLd1yB0vQkm22zyIElz8BWT5DQ9mL0rs"
    "xlQkBKAqLbWpJjFuAAJeqzLY35xFIg6GW4g=="
)
REGISTRY = "https://registry.npmjs.org"


class Unavailable(Exception):
    """Chromium cannot be installed on this platform (the reason is the message)."""


def install_chromium() -> str:
    """The path of Debian's Chromium, installed with ``.ci/chromium install`` when missing."""
    done = subprocess.run([str(SCRIPT), "install"], capture_output=True, text=True, timeout=900)
    if done.returncode == NOT_INSTALLABLE:
        raise Unavailable(done.stderr.strip())
    if done.returncode != 0:
        raise RuntimeError(f".ci/chromium install failed: {done.stderr.strip()}")
    return CHROMIUM


# -- TimelineJS from the npm registry -------------------------------------------------------


def cache_folder() -> Path:
    """Where downloaded test material is kept: outside the checkout."""
    named = os.environ.get("CASETRAIL_TEST_CACHE")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casetrail-tests"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (https only)
        return response.read()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def timelinejs_dist() -> Path:
    """The ``dist`` folder (js/timeline.js, css/...) of the pinned TimelineJS release."""
    return _timelinejs_package() / "dist"


def timelinejs_templates() -> Path:
    """TimelineJS's own sample files shipped in the package (``src/template``: cosmo.json,
    eras.json, my-own-timeline.csv, ...)."""
    return _timelinejs_package() / "templates"


_WANTED = {"package/dist/": "dist", "package/src/template/": "templates"}


def _timelinejs_package() -> Path:
    target = cache_folder() / f"timelinejs-{TIMELINEJS_VERSION}"
    if all((target / kept / ".complete").is_file() for kept in _WANTED.values()):
        return target
    name = TIMELINEJS_PACKAGE.replace("/", "%2f")
    meta = json.loads(_get(f"{REGISTRY}/{name}/{TIMELINEJS_VERSION}"))
    dist = meta["dist"]
    if dist["integrity"] != TIMELINEJS_INTEGRITY:
        raise RuntimeError(
            f"{TIMELINEJS_PACKAGE} {TIMELINEJS_VERSION}: the registry gives integrity "
            f"{dist['integrity']}, not the pinned {TIMELINEJS_INTEGRITY}"
        )
    if not dist["tarball"].startswith(REGISTRY + "/"):
        raise RuntimeError(f"unexpected tarball address {dist['tarball']}")
    tarball = _get(dist["tarball"])
    if _integrity(tarball) != TIMELINEJS_INTEGRITY:
        raise RuntimeError(f"{dist['tarball']}: the download does not match its integrity")
    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="unpack-", dir=target))
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(tuple(_WANTED))]
            tar.extractall(work, members=members, filter="data")
        for prefix, kept in _WANTED.items():
            unpacked = work / prefix.rstrip("/")
            (unpacked / ".complete").write_text(TIMELINEJS_INTEGRITY + "\n", encoding="utf-8")
            shutil.rmtree(target / kept, ignore_errors=True)
            try:
                unpacked.rename(target / kept)
            except OSError:  # another session put it there first
                if not (target / kept / ".complete").is_file():
                    raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


# -- pages with the network blocked ---------------------------------------------------------

Files = dict[str, "bytes | str | Path"]


@dataclass
class Page:
    """One loaded page and what it asked for."""

    page: Any  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def check_clean(self, allowed: set[str] | None = None) -> None:
        """Fail on any request that was blocked (or, with ``allowed``, on any request whose
        address is not in it), on any console error and on any uncaught exception."""
        assert not self.blocked, f"requests outside the page's files: {self.blocked}"
        if allowed is not None:
            others = [url for url in self.requests if url not in allowed]
            assert not others, f"requests other than {sorted(allowed)}: {others}"
        assert not self.errors, f"console errors: {self.errors}"


class Chromium:
    """A Chromium for the session (a persistent context in a fresh user-data folder)."""

    def __init__(self, context: Any) -> None:
        self.context = context

    @contextmanager
    def open(
        self,
        files: Files,
        path: str = "/index.html",
        *,
        viewport: tuple[int, int] = (1280, 800),
        before: Callable[[Any], None] | None = None,
    ) -> Iterator[Page]:
        """A new page at ``ORIGIN + path``; ``files`` maps paths under the origin ("/x.json",
        or a folder "/timelinejs/" to a local folder) to their content."""
        page = self.context.new_page()
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        loaded = Page(page)

        def answer(route: Any) -> None:
            url = route.request.url
            body = _lookup(files, url)
            if body is None:
                loaded.blocked.append(url)
                route.abort("blockedbyclient")
                return
            kind = mimetypes.guess_type(url.split("?", 1)[0])[0] or "application/octet-stream"
            route.fulfill(status=200, body=body, content_type=kind)

        page.on("request", lambda request: loaded.requests.append(request.url))
        page.on(
            "console",
            lambda message: loaded.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: loaded.errors.append(f"uncaught: {error}"))
        page.route("**/*", answer)
        page.route_web_socket("**/*", lambda ws: loaded.blocked.append(ws.url) or ws.close())
        if before is not None:
            before(page)
        try:
            page.goto(ORIGIN + path, wait_until="load")
            yield loaded
        finally:
            page.close()


def _lookup(files: Files, url: str) -> bytes | None:
    if url in files:  # a stand-in for a remote file, answered here and never fetched
        return _bytes(files[url])
    if not url.startswith(ORIGIN + "/"):
        return None
    path = url[len(ORIGIN) :].split("?", 1)[0].split("#", 1)[0]
    if path in files:
        return _bytes(files[path])
    for prefix, folder in files.items():
        if prefix.endswith("/") and path.startswith(prefix) and isinstance(folder, Path):
            wanted = (folder / path[len(prefix) :]).resolve()
            if wanted.is_file() and wanted.is_relative_to(folder.resolve()):
                return wanted.read_bytes()
    return None


def _bytes(content: bytes | str | Path) -> bytes:
    if isinstance(content, Path):
        return content.read_bytes()
    return content.encode("utf-8") if isinstance(content, str) else content


def launch(folder: Path) -> Iterator[Chromium]:
    """Start Chromium (see the module's docstring) with its user data in ``folder``."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        raise Unavailable("the playwright package is not installed (the test extra)") from None
    executable = install_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(folder),
            executable_path=executable,
            headless=True,
            args=list(FLAGS),
            service_workers="block",
            accept_downloads=False,
        )
        context.set_offline(True)
        try:
            yield Chromium(context)
        finally:
            context.close()


# -- TimelineJS in the page -----------------------------------------------------------------

_TIMELINE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="/timelinejs/css/timeline.css">
<script src="/timelinejs/js/timeline.js"></script>
</head><body style="margin:0">
<div id="timeline" style="width:100%;height:100vh"></div>
<script>
window.timelineReady = false;
window.timeline = new TL.Timeline("timeline", "/data/DATA", {
  script_path: "ORIGIN/timelinejs/js/",
  font: "georgia-helvetica",
  hash_bookmark: false,
  start_at_slide: START,
  duration: DURATION
});
window.timeline.on("ready", function () { window.timelineReady = true; });
</script></body></html>
"""

# TimelineJS loads a slide's media 1.2 s after it comes near the screen: load every slide's
# media now, so every request the file makes is made (and checked) before the page is read.
_LOAD_ALL_MEDIA = """() => {
  for (const slide of window.timeline._storyslider._slides) { slide.loadMedia(); }
}"""
_MEDIA_LOADED = """() => window.timeline._storyslider._slides.every(
    (slide) => !slide._media || slide._media._state.loaded)
  && [...document.images].every((image) => image.complete)"""

# What TimelineJS shows: every slide of the story slider (title slide first), the markers of
# the time navigation, the eras and the group names.
_SHOWN = """() => {
  const text = (e) => (e ? e.innerText.trim() : null);
  const slides = [...document.querySelectorAll(".tl-storyslider .tl-slide")].map((s) => ({
    id: s.id,
    title_slide: s.classList.contains("tl-slide-titleslide"),
    headline: text(s.querySelector(".tl-headline")),
    date: text(s.querySelector(".tl-headline-date")),
    text: text(s.querySelector(".tl-text-content")),
    credit: text(s.querySelector(".tl-credit")),
    caption: text(s.querySelector(".tl-caption")),
  }));
  return {
    slides,
    markers: [...document.querySelectorAll(".tl-timemarker .tl-headline")].map(text),
    eras: [...document.querySelectorAll(".tl-timeera .tl-headline")].map(text),
    groups: [...document.querySelectorAll(".tl-timegroup-message")].map(text),
    message: text(document.querySelector(".tl-message-full")),
  };
}"""


@dataclass
class Shown:
    """What TimelineJS put on the page for one file."""

    title: dict[str, Any] | None
    slides: list[dict[str, Any]]  # the event slides, in TimelineJS's order
    markers: list[str]
    eras: list[str]
    groups: list[str]

    def summary(self) -> list[tuple[str, str]]:
        """(headline, date as TimelineJS shows it) of every event slide, in order."""
        return [(s["headline"], s["date"]) for s in self.slides]


def render_timeline(
    chromium: Chromium,
    dist: Path,
    data: bytes | str | Path,
    name: str = "timeline.json",
    *,
    start_at_slide: int = 0,
    screenshot: Path | None = None,
    viewport: tuple[int, int] = (1280, 800),
    stand_ins: Files | None = None,
) -> Shown:
    """Load ``data`` (a TimelineJS JSON file, or a sheet as CSV when ``name`` ends .csv) in
    the real TimelineJS with the network blocked; fail on any request outside the page's
    own files (``stand_ins`` answers given remote addresses, such as a media image, with
    local content) and on any console error; return what TimelineJS shows."""
    page_html = (
        _TIMELINE_PAGE.replace("DATA", name)
        .replace("ORIGIN", ORIGIN)
        .replace("START", str(start_at_slide))
        .replace("DURATION", "0" if screenshot else "1000")  # a picture of the slide itself
    )
    files: Files = {"/index.html": page_html, "/timelinejs/": dist, f"/data/{name}": data}
    files.update(stand_ins or {})
    with chromium.open(files, viewport=viewport) as loaded:
        page = loaded.page
        try:
            page.wait_for_function("window.timelineReady", timeout=60_000)
        except Exception as error:
            message = page.evaluate(_SHOWN)["message"]
            raise AssertionError(f"TimelineJS did not load {name}: {message!r}") from error
        page.evaluate(_LOAD_ALL_MEDIA)
        page.wait_for_function(_MEDIA_LOADED, timeout=60_000)
        shown = page.evaluate(_SHOWN)
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        loaded.check_clean()
    slides = shown["slides"]
    title = slides[0] if slides and slides[0]["title_slide"] else None
    events = [s for s in slides if not s["title_slide"]]
    return Shown(title, events, shown["markers"], shown["eras"], shown["groups"])
