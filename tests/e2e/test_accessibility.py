"""WCAG 2.1 AA in real Chromium: axe-core on every phone step, the host console and the results.

axe-core is vendored in tests/e2e/vendor (CI has no npm step) and injected by Playwright. The
pages forbid inline and injected scripts (CSP), so the contexts of this test bypass the CSP; the
other browser tests keep it. A second phone at 320 px with text at 200 % and reduced motion
checks that nothing overflows sideways and that nothing moves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_browser import ARTIFACTS, PHONE, browser, expect, shot  # noqa: F401  (fixture)
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SMALL_PHONE = {**PHONE, "viewport": {"width": 320, "height": 640}, "reduced_motion": "reduce"}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""

# With the root font at 200 %, the page must still fit 320 px: no sideways scrolling.
ZOOMED_OVERFLOW = """() => {
  document.documentElement.style.fontSize = '200%';
  const root = document.documentElement;
  const overflow = root.scrollWidth - window.innerWidth;
  root.style.fontSize = '';
  return overflow;
}"""

LONGEST_MOTION = """() => {
  let longest = 0;
  for (const node of document.querySelectorAll('*')) {
    const style = getComputedStyle(node);
    for (const value of [style.transitionDuration, style.animationDuration]) {
      for (const part of value.split(',')) {
        const seconds = part.trim().endsWith('ms') ? parseFloat(part) / 1000 : parseFloat(part);
        longest = Math.max(longest, seconds || 0);
      }
    }
  }
  return longest;
}"""


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "acces", count=2,
                                           time_limit=60).parent)
    live.create_host("animatrice")
    live.start()
    yield live
    live.stop()


def serious_violations(page, name: str) -> list[dict]:
    """Run axe-core on the page as it stands; return its serious and critical violations."""
    # Colours are measured once entrance animations (fades, pops) are over.
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().iterations === Infinity)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    shot(page, f"a11y-{name}")
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def check(page, name: str, problems: dict) -> None:
    found = serious_violations(page, name)
    if found:
        problems[name] = found


def check_zoom(page, name: str, problems: dict) -> None:
    overflow = page.evaluate(ZOOMED_OVERFLOW)
    if overflow > 0:
        problems[f"zoom-200%-{name}"] = f"{overflow}px wider than 320px"


def test_phone_pages_and_host_console_have_no_serious_axe_violations(browser, server):  # noqa: F811
    problems: dict = {}
    host = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR",
                               bypass_csp=True).new_page()
    host.goto(f"{server.url}/host")
    check(host, "host-login", problems)
    host.fill("input[name=username]", "animatrice")
    host.fill("input[name=password]", "motdepasse")
    host.click("button[type=submit]")
    host.wait_for_selector("body[data-screen=console]")
    check(host, "host-console", problems)
    host.click("form:has(input[name=quiz_id][value=acces]) button[type=submit]")
    host.wait_for_selector("#btn-start:not([disabled])")
    pin = host.get_attribute("body", "data-pin")
    check(host, "host-game-lobby", problems)

    phone = browser.new_context(**PHONE, bypass_csp=True).new_page()
    small = browser.new_context(**SMALL_PHONE, bypass_csp=True).new_page()
    for page in (phone, small):
        page.goto(f"{server.url}/join/{pin}")
        page.wait_for_selector("body[data-screen=join]")
    check(phone, "phone-join", problems)
    check_zoom(small, "join", problems)
    for page, nickname in ((phone, "Alice"), (small, "Zoé")):
        page.fill("#nickname", nickname)
        page.click("#btn-join")
        page.wait_for_selector("body[data-screen=lobby]")
    check(phone, "phone-lobby", problems)
    check_zoom(small, "lobby", problems)
    assert small.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")

    host.click("#btn-start")
    for index in range(2):
        for page in (phone, small):
            page.wait_for_selector("body[data-screen=question]")
        expect(phone.locator(".answer-btn").first).to_be_visible()
        if index == 0:
            check(phone, "phone-question", problems)
            check_zoom(small, "question", problems)
            assert small.evaluate(LONGEST_MOTION) <= 0.01, "reduced motion still animates"
            check(host, "host-game-question", problems)
        phone.click(".answer-btn[data-choice-id=b]")
        small.click(".answer-btn[data-choice-id=a]")
        for page in (phone, small):
            page.wait_for_selector("body[data-screen=reveal]")
        if index == 0:
            expect(phone.locator("#result-explanation")).to_have_text("Explication 1.")
            check(phone, "phone-result", problems)
            check_zoom(small, "result", problems)
        host.wait_for_selector("#btn-next:not([disabled])")
        host.click("#btn-next")
        phone.wait_for_selector("body[data-screen=leaderboard]")
        if index == 0:
            check(phone, "phone-leaderboard", problems)
            check_zoom(small, "leaderboard", problems)
        host.wait_for_selector("#btn-next:not([disabled])")
        host.click("#btn-next")

    phone.wait_for_selector("body[data-screen=finished]")
    check(phone, "phone-final", problems)
    check(host, "host-game-finished", problems)
    phone.click("#btn-recap")
    expect(phone.locator("#recap .recap-item")).to_have_count(2)
    expect(phone.locator("#btn-recap")).to_have_attribute("aria-expanded", "true")
    check(phone, "phone-recap", problems)
    phone.screenshot(path=str(ARTIFACTS / "a11y-phone-recap-full.png"), full_page=True)
    small.wait_for_selector("body[data-screen=finished]")
    small.click("#btn-recap")
    expect(small.locator("#recap .recap-item")).to_have_count(2)
    check_zoom(small, "recap", problems)

    host.goto(f"{server.url}/host/games")
    check(host, "host-past-games", problems)
    host.goto(f"{server.url}/host/games/{pin}/results")
    expect(host.locator("#players-table tbody tr")).to_have_count(2)
    check(host, "host-results", problems)

    if problems:
        pytest.fail("accessibility problems:\n"
                    + json.dumps(problems, indent=1, ensure_ascii=False))
