"""Random secrets and their at-rest hashes (tokens are high-entropy, so SHA-256 suffices)."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_pin() -> str:
    """A 6-digit PIN that never starts with 0 (so nobody wonders about leading zeros)."""
    return str(secrets.randbelow(900_000) + 100_000)


def new_player_id() -> str:
    return "p" + secrets.token_hex(8)
