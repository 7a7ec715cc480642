"""The web app in headless Chromium: an analyst's path from the overview to an article, and an
article carrying script markup that the browser must not run.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make install-test`` installs them where it
can). With ``CLAIMGRAPH_SCREENSHOTS=1`` the main pages are saved under docs/ (``make web-docs``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web import web_db  # noqa: F401  (the seeds plus the hostile article)

pytestmark = pytest.mark.slow
DOCS = Path(__file__).resolve().parent.parent / "docs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:  # noqa: F811
    import uvicorn

    from claimgraph.web import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM or not DRIVER:
        pytest.skip("no headless Chromium here: install Debian's chromium and chromium-driver "
                    "(make install-test does where it can)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400",
                "--disable-dev-shm-usage"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _shot(driver: Any, name: str) -> None:
    if os.environ.get("CLAIMGRAPH_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        height = driver.execute_script("return Math.min(document.body.scrollHeight, 2400)")
        driver.set_window_size(1280, max(800, int(height)))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(DOCS / f"web-{name}.png"))
        driver.set_window_size(1280, 1400)


def test_overview_to_timeline_to_event_to_article(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Overview"
    counts = browser.find_element(By.CLASS_NAME, "counts").text
    assert "6\narticles" in counts
    assert browser.find_elements(By.CSS_SELECTOR, "section .card")  # clusters and contradictions are listed
    _shot(browser, "overview")

    browser.find_element(By.LINK_TEXT, "Timeline").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Timeline"
    every = len(browser.find_elements(By.CSS_SELECTOR, "li.event"))
    assert every > 5
    box = browser.find_element(By.NAME, "entity")
    box.clear()
    box.send_keys("Russia")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    assert "entity=Russia" in browser.current_url
    events = browser.find_elements(By.CSS_SELECTOR, "li.event")
    assert 0 < len(events) < every
    assert all("Russia" in e.find_element(By.TAG_NAME, "summary").text for e in events)
    assert browser.find_element(By.CSS_SELECTOR, "img.chart").get_attribute("naturalWidth") != "0"
    _shot(browser, "timeline")

    first = events[0]
    sources = first.find_element(By.CSS_SELECTOR, "ul.sources")
    assert not sources.is_displayed()
    first.find_element(By.TAG_NAME, "summary").click()
    assert sources.is_displayed()
    sentence = sources.find_element(By.TAG_NAME, "q").text
    assert sentence
    link = sources.find_element(By.CSS_SELECTOR, "a")
    key = link.text
    link.click()
    assert f"/articles/{key}" in browser.current_url
    text = browser.find_element(By.CSS_SELECTOR, "article.text")
    assert " ".join(sentence.split())[:60] in " ".join(text.text.split())
    target = browser.find_elements(By.CSS_SELECTOR, "mark.hl-event:target")
    assert target, "the event's trigger is marked and targeted"
    assert browser.find_elements(By.CSS_SELECTOR, "mark.hl-claim")
    _shot(browser, "article")


def test_pages_a_hostile_article_appears_on_run_none_of_its_markup(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    for path in ("/articles/hostile_markup", "/", "/search?q=pwned", "/timeline?entity=Karvany",
                 "/entity?name=Karvany"):
        browser.get(server + path)
        assert browser.title != "pwned", path
        assert browser.execute_script("return window.pwned === undefined"), path
        assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img[src='x'], main a[href^='javascript']")
    browser.get(server + "/articles/hostile_markup")
    shown = browser.find_element(By.TAG_NAME, "article").text
    assert "<script>window.pwned = 1</script>" in shown and "<img src=x onerror=" in shown
    assert "<script>document.title='pwned'</script>" in browser.find_element(By.TAG_NAME, "h1").text


def test_entity_cluster_and_story_pages(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/entity?name=North%20Korea")
    assert browser.find_element(By.TAG_NAME, "h1").text == "North Korea"
    assert "Claims about North Korea" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, "entity")
    browser.get(server + "/")
    browser.find_element(By.CSS_SELECTOR, "a.title").click()
    assert "/clusters/" in browser.current_url
    assert "independent sources" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, "cluster")
    browser.get(server + "/stories/001_8a43366d0cd8ca85")
    assert browser.find_elements(By.CSS_SELECTOR, "table.lineage td.changed")
    _shot(browser, "story")
