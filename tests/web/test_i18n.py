"""The interface catalogue (static/js/i18n.js): French and English complete, every key used
by a template or a script defined in both."""

from __future__ import annotations

import re

from quiz.config import resource_path

STATIC = resource_path("static")
TEMPLATES = resource_path("templates")
ENTRY = re.compile(r"^\s*'([a-z0-9_.]+)':", re.MULTILINE)


def catalogue() -> dict[str, set[str]]:
    source = (STATIC / "js" / "i18n.js").read_text(encoding="utf-8")
    fr_start = source.index("\n    fr: {")
    en_start = source.index("\n    en: {")
    en_end = source.index("\n    }", en_start)
    return {"fr": set(ENTRY.findall(source[fr_start:en_start])),
            "en": set(ENTRY.findall(source[en_start:en_end]))}


def used_keys() -> dict[str, set[str]]:
    """Keys named in templates (data-i18n*) and scripts (t('…'))."""
    used: dict[str, set[str]] = {}
    for path in TEMPLATES.rglob("*.html"):
        for key in re.findall(r'data-i18n(?:-[a-z-]+)?="([a-z0-9_.]+)"', path.read_text("utf-8")):
            used.setdefault(key, set()).add(path.name)
    for path in (STATIC / "js").glob("*.js"):
        for key in re.findall(r"\bt\('([a-z0-9_.]+)'", path.read_text("utf-8")):
            used.setdefault(key, set()).add(path.name)
    return used


def test_french_and_english_have_the_same_keys():
    keys = catalogue()
    assert len(keys["fr"]) > 200
    assert keys["fr"] - keys["en"] == set(), "French keys with no English"
    assert keys["en"] - keys["fr"] == set(), "English keys with no French"


def test_every_key_a_page_uses_is_translated():
    keys = catalogue()
    missing = {key: sorted(where) for key, where in used_keys().items()
               if not key.endswith((".", "_"))  # a prefix: t('state.' + state)
               and (key not in keys["fr"] or key not in keys["en"])}
    assert missing == {}
