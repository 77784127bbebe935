"""Random secrets and their at-rest hashes (tokens are high-entropy, so SHA-256 suffices)."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


PIN_DIGITS = 6


def new_pin() -> str:
    """A PIN drawn from the whole 6-digit space, 000000 to 999999 (a string: zeros kept)."""
    return f"{secrets.randbelow(10 ** PIN_DIGITS):0{PIN_DIGITS}d}"


def new_player_id() -> str:
    return "p" + secrets.token_hex(8)
