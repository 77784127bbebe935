"""Random secrets and their at-rest hashes (tokens are high-entropy, so SHA-256 suffices)."""

import base64
import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def successor_token(token: str, key: str) -> str:
    """The token that follows `token` at a resume: only the server (holding `key`) can tell it,
    and it is always the same one, so a resume whose acknowledgement was lost can be repeated."""
    digest = hmac.new(key.encode(), b"resume:" + token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def new_pin() -> str:
    """A 6-digit PIN that never starts with 0 (so nobody wonders about leading zeros)."""
    return str(secrets.randbelow(900_000) + 100_000)


def new_player_id() -> str:
    return "p" + secrets.token_hex(8)
