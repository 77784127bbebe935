"""Python's cycle collector, kept out of the way of a hall that answers at once (issue 7).

With 2,000 phones connected, the server holds a few million objects: their sockets, queues and
greenlets, the game, the question bank. A full collection walks every one of them, and stops
the whole server meanwhile: measured at 2,000 phones, 14 full collections in one game, the
longest 734 ms, four of them in the middle of answer bursts (answer ack p99 2.7 s).

Those objects live as long as the game, so a collection never frees them. `gc.freeze()` moves
every object alive into a permanent generation that collections skip: we freeze at start, each
time the player list goes out (the lobby fills in steps) and each time a question opens. A
collection then walks only what is newer than the last freeze (85-100 ms at most, measured).

The price is that a garbage cycle alive at a freeze, or frozen then dropped (a socket that
closed), is not reclaimed until `thaw`: when a game ends and no question is open in this
process, everything is handed back to the collector, which runs once while the podium shows.
Only `quiz serve` and the gunicorn workers turn this on (`enable`); tests in one process keep
Python's defaults.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

_enabled = False


def enable() -> None:
    """Turn the policy on for this process (a server), and freeze what start-up made."""
    global _enabled
    _enabled = True
    gc.freeze()


def freeze() -> None:
    """Leave every object alive now out of future collections (cheap: no walk)."""
    if _enabled:
        gc.freeze()


def thaw() -> None:
    """Hand every frozen object back to the collector and collect once, now."""
    if not _enabled:
        return
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    found = gc.collect()
    log.info("collector: %d objects thawed, %d unreachable freed", frozen, found)
    gc.freeze()  # what survived lives on (the server itself, the other games)
