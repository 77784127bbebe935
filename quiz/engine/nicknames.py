"""Nickname safety: words refused at join, and nicknames made up for the shy."""

from __future__ import annotations

import random
import unicodedata

# Lower-case, accent-free stems; a nickname containing one as a word part is refused.
# Short on purpose: common French and English insults and slurs, not an exhaustive list.
OFFENSIVE_STEMS = frozenset({
    "connard", "connasse", "conne", "con", "salope", "salaud", "pute", "putain", "encule",
    "enculer", "nique", "niquer", "batard", "bite", "couille", "merde", "chier", "pd", "pede",
    "tapette", "negre", "bougnoul", "youpin", "nazi", "hitler", "pouffiasse", "fdp", "ntm",
    "fuck", "fucker", "fucking", "shit", "bitch", "cunt", "dick", "cock", "pussy", "asshole",
    "bastard", "whore", "slut", "nigger", "nigga", "fag", "faggot", "retard", "wanker", "twat",
})

# Short stems that no innocent name contains, refused even glued to other letters.
GLUED_TOO = frozenset({"fuck", "shit", "fdp", "ntm"})

ADJECTIVES = (
    "Agile", "Audacieux", "Brillant", "Curieux", "Durable", "Engagé", "Fraternel", "Généreux",
    "Habile", "Inventif", "Joyeux", "Lucide", "Malin", "Nomade", "Ouvert", "Patient", "Rapide",
    "Solidaire", "Tenace", "Vaillant",
)
NOUNS = (
    "Baobab", "Castor", "Colibri", "Dauphin", "Érable", "Faucon", "Flamant", "Hérisson",
    "Ibis", "Jaguar", "Koala", "Lynx", "Manchot", "Narval", "Olivier", "Panda", "Pélican",
    "Renard", "Séquoia", "Toucan",
)


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_offensive(nickname: str) -> bool:
    """Whether a nickname holds a refused word (as a whole word, or glued: "xXfuckXx")."""
    bare = _bare(nickname)
    words = "".join(ch if ch.isalnum() else " " for ch in bare).split()
    squashed = "".join(words)
    for stem in OFFENSIVE_STEMS:
        if stem in words:
            return True
        if (len(stem) >= 5 or stem in GLUED_TOO) and stem in squashed:
            return True  # short stems in general would hit innocent names (Hitchcock)
    return False


def suggest_nickname(rng: random.Random) -> str:
    """A friendly made-up nickname, e.g. "Colibri Solidaire"."""
    return f"{rng.choice(NOUNS)} {rng.choice(ADJECTIVES)}"
