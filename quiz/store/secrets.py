"""Random secrets and their at-rest hashes (tokens are high-entropy, so SHA-256 suffices)."""

import base64
import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


PIN_DIGITS = 6


def successor_token(token: str, key: str) -> str:
    """The token that follows `token` at a resume: only the server (holding `key`) can tell it,
    and it is always the same one, so a resume whose acknowledgement was lost can be repeated."""
    digest = hmac.new(key.encode(), b"resume:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def new_pin() -> str:
    """A PIN drawn from the whole 6-digit space, 000000 to 999999 (a string: zeros kept)."""
    return f"{secrets.randbelow(10 ** PIN_DIGITS):0{PIN_DIGITS}d}"


def new_player_id() -> str:
    return "p" + secrets.token_hex(8)
