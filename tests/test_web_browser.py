"""newsdesk serve in a real browser: Debian's Chromium driven by Selenium through
/usr/bin/chromedriver (nothing downloaded), against a uvicorn server on 127.0.0.1.

Clicks: front page -> story -> citation marker -> the passage with the cited span
highlighted, and the article page it links to; a search; an upload of two files, one
bad; a story whose article carries <script>, onerror and javascript: payloads; "new
since your last visit" after a story grows."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="needs the web extra: pip install -e '.[web]'")
selenium = pytest.importorskip("selenium", reason="needs selenium (the dev extra)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).is_file() and Path(DRIVER).is_file()):
    pytest.skip(
        "needs Debian's chromium and chromium-driver: apt-get install -y chromium "
        "chromium-driver (.ci/run installs them)",
        allow_module_level=True,
    )

import uvicorn  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from newsdesk.web import ServeOptions, create_app  # noqa: E402
from test_web import HOSTILE, build_store  # noqa: E402

WAIT = 30  # seconds: a first brief is written while the page waits


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "news.db"
    build_store(db, [HOSTILE])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(ServeOptions(db=db, port=port)), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,1600"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def _wait(driver: Any, css: str) -> Any:
    return WebDriverWait(driver, WAIT).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def _api(driver: Any, base: str, path: str) -> Any:
    driver.get(base + path)
    return json.loads(driver.find_element(By.TAG_NAME, "body").text)


def _no_script_ran(driver: Any) -> None:
    assert driver.execute_script("return window.__pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def test_front_page_story_citation_passage(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    links = browser.find_elements(By.CSS_SELECTOR, "#stories a.headline")
    assange = next(a for a in links if "Assange" in a.text or "Ecuador" in a.text)
    assange.click()
    marker = _wait(browser, "#summary a.cite")  # the page waits while the brief is written
    article, start, end = (marker.get_attribute(k) for k in
                           ("data-article", "data-start", "data-end"))  # fmt: skip
    href = marker.get_attribute("href")
    marker.click()
    shown = _wait(browser, "#passage mark.focus").text
    text = _api(browser, base_url, f"/api/articles/{article}")["text"]
    cited = text[int(start) : int(end)]
    assert " ".join(shown.split()) == " ".join(cited.split())
    browser.get(href)  # without script, the marker opens the article at the span
    page_focus = _wait(browser, "mark#focus")
    assert " ".join(page_focus.text.split()) == " ".join(cited.split())
    assert _wait(browser, "#story-link").get_attribute("href").startswith(base_url + "/stories/")


def test_search(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    box = browser.find_element(By.ID, "search-q")
    box.send_keys("Patino asylum")
    box.submit()
    headlines = [a.text for a in _wait_all(browser, "#stories a.headline")]
    assert len(headlines) == 1
    browser.find_element(By.CSS_SELECTOR, "#stories a.headline").click()
    _wait(browser, "#summary")
    assert "Patino" in browser.find_element(By.ID, "quotes").text


def _wait_all(driver: Any, css: str) -> list[Any]:
    _wait(driver, css)
    return list(driver.find_elements(By.CSS_SELECTOR, css))


def test_upload_with_one_bad_input(browser: Any, base_url: str, tmp_path: Path) -> None:
    good = tmp_path / "lighthouse.jsonl"
    good.write_text(json.dumps({"text": "Volunteers repainted the Northport lighthouse "
                                "on Saturday, the harbour office said.", "title": "Lighthouse"})
                    + "\n", encoding="utf-8")  # fmt: skip
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"title": "no text here"}\n', encoding="utf-8")
    browser.get(base_url + "/add")
    browser.find_element(By.ID, "files").send_keys(f"{good}\n{bad}")
    browser.find_element(By.ID, "add-submit").click()
    summary = _wait(browser, "#add-summary").text
    assert summary.startswith("1 added") and "1 rejected" in summary
    rejected = browser.find_element(By.ID, "rejected").text
    assert "broken.jsonl:1" in rejected and 'missing or empty "text"' in rejected
    browser.find_element(By.CSS_SELECTOR, "#added-stories a").click()
    assert "Lighthouse" in _wait(browser, "#headline").text


def test_hostile_article_runs_nothing_and_links_only_http(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/?q=Residents+cheered")
    browser.find_element(By.CSS_SELECTOR, "#stories a.headline").click()
    _wait(browser, "#summary")
    _no_script_ran(browser)
    assert "<script>window.__pwned = 1</script>" in browser.find_element(By.ID, "headline").text
    for a in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
        assert a.get_attribute("href").startswith(("http://", "https://")), a.get_attribute("href")
    source = next(a for a in browser.find_elements(By.CSS_SELECTOR, "#sources a")
                  if "Evil Outlet" in a.text)  # fmt: skip
    source.click()
    text = _wait(browser, "#article-text").text
    assert "<script>window.__pwned = 3</script>" in text and 'onerror="window' in text
    _no_script_ran(browser)
    assert not browser.find_elements(By.ID, "original-url")  # javascript: is no link
    for a in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
        assert a.get_attribute("href").startswith(("http://", "https://"))
    for marker in browser.find_elements(By.CSS_SELECTOR, "mark"):
        assert not marker.find_elements(By.CSS_SELECTOR, "*")  # text only, no elements


def test_new_since_last_visit(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/?q=harbour+bridge+reopened")
    browser.find_element(By.CSS_SELECTOR, "#stories a.headline").click()
    _wait(browser, "#summary")
    story_url = browser.current_url
    assert not browser.find_element(By.ID, "new-since").is_displayed()
    first_source = browser.find_element(By.CSS_SELECTOR, "#sources li a").get_attribute("href")
    original = _api(browser, base_url, "/api/articles/" + first_source.rsplit("/", 1)[1])
    copy = {"text": original["text"] + " Traffic was light at dawn.", "source": "Harbour Weekly"}
    browser.get(story_url)
    status = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/articles', {method: 'POST', body: arguments[0]})"
        ".then(r => done(r.status));",
        json.dumps(copy),
    )
    assert status == 201
    browser.get(story_url)
    note = _wait(browser, "#new-since")  # after the new brief is written
    assert note.text.startswith("1 new article")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#sources li.new")) == 1
    browser.get(story_url)  # seen now
    _wait(browser, "#summary")
    assert not browser.find_element(By.ID, "new-since").is_displayed()
