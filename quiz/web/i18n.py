"""The server-rendered interface in French and English (the editor, the host pages).

A small gettext: strings are keyed by their French text, French is the default and needs no
catalogue, English comes from `quiz.web.i18n_en.EN` (a Python module, so an installed wheel
carries it without package data or compiled .mo files). Parameters use `%(name)s`.

The language of a request (`ui_lang`): `?lang=fr|en` (which also sets the `quiz_lang` cookie),
then the `quiz_lang` cookie, then the best of Accept-Language, else French. static/js/i18n.js
reads and writes the same cookie and follows the `<html lang>` the server rendered, so a page is
never half French, half English.

In templates: `_('Texte')`, `_('Texte %(n)s', n=3)`, `_n('%(n)s question', '%(n)s questions',
n)` and `_h(...)` for a text holding HTML markup (its parameters are escaped). In Python: the
same `gettext` / `ngettext`, and `N_` to mark a text that is translated later (label tables).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, g, has_request_context, request
from markupsafe import Markup, escape

from quiz.web.i18n_en import EN

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
COOKIE = "quiz_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
CATALOGUES: dict[str, dict[str, str]] = {"en": EN}


def _supported(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value if value in LANGS else None


def accept_language(header_values) -> str | None:
    """The first supported language in Accept-Language order of preference ("en-GB" is en)."""
    for value, _quality in header_values:  # werkzeug sorts them by quality, best first
        primary = str(value).split("-")[0].split("_")[0].lower()
        if primary in LANGS:
            return primary
    return None


def ui_lang() -> str:
    """The interface language of the current request ("fr" outside a request)."""
    if not has_request_context():
        return DEFAULT_LANG
    if "ui_lang" not in g:
        g.ui_lang = (
            _supported(request.args.get("lang"))
            or _supported(request.cookies.get(COOKIE))
            or accept_language(request.accept_languages)
            or DEFAULT_LANG
        )
    return g.ui_lang


def N_(text: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a text for the catalogue without translating it now (it is translated on use)."""
    return text


def gettext(text: str, /, **params: Any) -> str:
    """`text` (French) in the request's language, with `%(name)s` parameters filled."""
    lang = ui_lang()
    translated = CATALOGUES[lang].get(text, text) if lang in CATALOGUES else text
    return translated % params if params else translated


def ngettext(one: str, many: str, n: int, /, **params: Any) -> str:
    """The singular or the plural text for `n` (`%(n)s` is filled with n)."""
    return gettext(one if n == 1 else many, n=n, **params)


def gettext_markup(text: str, /, **params: Any) -> Markup:
    """A translated text that holds HTML markup: the text is trusted, its parameters escaped."""
    lang = ui_lang()
    translated = CATALOGUES[lang].get(text, text) if lang in CATALOGUES else text
    return Markup(translated % {k: escape(v) for k, v in params.items()}
                  if params else translated)


def translated(labels: dict[str, str]) -> dict[str, str]:
    """A label table (values marked with N_) in the request's language."""
    return {key: gettext(value) for key, value in labels.items()}


def lang_url(lang: str) -> str:
    """This page again in `lang` (the same query string); a form's result goes to a GET page."""
    rule = request.url_rule
    if request.method == "GET" or (rule is not None and "GET" in (rule.methods or ())):
        path = request.path
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    else:
        path = "/editor" if request.path.startswith("/editor") else "/host"
        args = []
    return f"{path}?{urlencode([*args, ('lang', lang)])}"


def remember_choice(response: Response) -> Response:
    """`?lang=` chosen explicitly: keep it in the cookie the pages and i18n.js share."""
    chosen = _supported(request.args.get("lang"))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, path="/", samesite="Lax",
                            secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        _=gettext, gettext=gettext, _n=ngettext, ngettext=ngettext, _h=gettext_markup,
        lang_url=lang_url,
    )

    @app.context_processor
    def language() -> dict[str, Any]:
        return {"lang": ui_lang()}

    app.after_request(remember_choice)


# ---- the catalogue's texts, found in the sources (tests/web/test_i18n_server.py) --------------

TEMPLATE_FUNCTIONS = ("_", "_h", "_n", "gettext", "ngettext")
PYTHON_FUNCTIONS = ("_", "N_", "gettext", "ngettext", "gettext_markup")


def template_texts(source: str) -> list[tuple[int, str]]:
    """(line, French text) of every constant `_()` / `_n()` / `_h()` in a Jinja template."""
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.i18n"])
    found = []
    for line, _function, message in env.extract_translations(
            source, gettext_functions=TEMPLATE_FUNCTIONS):
        for text in message if isinstance(message, tuple) else (message,):
            if isinstance(text, str):
                found.append((line, text))
    return found


def python_texts(source: str) -> list[tuple[int, str]]:
    """(line, French text) of every constant argument of `_()`, `N_()`, `gettext()`, … ."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in PYTHON_FUNCTIONS):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, arg.value))
    return found
