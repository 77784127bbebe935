"""A lean Socket.IO client for the load tester's simulated phones (`quiz loadtest`).

python-socketio's asyncio client cost the load tester about as much CPU as the server it
measured (2,000 phones: 22-24 s against the server's 20 s, issue 7), and when both run on one
machine that CPU is taken from the server. A phone needs little of that client: one websocket,
the Engine.IO 4 and Socket.IO 5 text packets of the default namespace, events, acknowledgements
both ways, and the answer to the server's pings. This is that much, on aiohttp's websocket
client. The load tester's host and projector keep python-socketio's client.

Packets, as they travel in websocket text frames: `0{...}` open, `2` ping, `3` pong, `40`
connect, `41` disconnect, `42["event", data]` event, `42<id>[...]` event asking for an
acknowledgement, `43<id>[...]` acknowledgement, `44{...}` connection refused.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

log = logging.getLogger(__name__)


class Disconnected(Exception):
    """The socket closed before the acknowledgement came."""


class CallTimeout(Exception):
    """No acknowledgement within the time given."""


def websocket_url(url: str) -> str:
    """The Socket.IO websocket endpoint of a server's base URL."""
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    path = parts.path.rstrip("/") + "/socket.io/"
    return urlunsplit((scheme, parts.netloc, path, "EIO=4&transport=websocket", ""))


def split_packet(text: str) -> tuple[str, int | None, Any]:
    """A Socket.IO packet of the default namespace (without its Engine.IO `4`): its type, its
    acknowledgement id if any, and its decoded JSON data (None when there is none)."""
    kind, rest = text[:1], text[1:]
    digits = len(rest) - len(rest.lstrip("0123456789"))
    ack_id = int(rest[:digits]) if digits else None
    body = rest[digits:]
    return kind, ack_id, json.loads(body) if body else None


class PhoneSocket:
    """One Socket.IO connection, with the part of python-socketio's AsyncClient a phone uses:
    `on`, `connect`, `call`, `disconnect`, `connected`. Event handlers are plain functions."""

    def __init__(self, session) -> None:
        self.session = session  # an aiohttp.ClientSession, shared by a process's phones
        self.handlers: dict[str, Callable[..., Any]] = {}
        self.connected = False
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._pending: dict[int, asyncio.Future] = {}
        self._ids = itertools.count()
        self._gone = False

    def on(self, event: str, handler: Callable[..., Any]) -> None:
        """Call `handler(*args)` for each `event`; "disconnect" once the socket is lost."""
        self.handlers[event] = handler

    async def connect(self, url: str, headers: dict[str, str] | None = None,
                      timeout: float = 15.0) -> None:
        """Open the websocket and join the default namespace; raise ConnectionError if refused."""
        self._ws = await asyncio.wait_for(
            self.session.ws_connect(websocket_url(url), headers=headers), timeout)
        try:
            opening = await asyncio.wait_for(self._ws.receive_str(), timeout)
            if not opening.startswith("0"):
                raise ConnectionError(f"unexpected Engine.IO opening {opening[:40]!r}")
            await self._ws.send_str("40")
            while True:  # the namespace's answer; a ping may come first
                reply = await asyncio.wait_for(self._ws.receive_str(), timeout)
                if reply == "2":
                    await self._ws.send_str("3")
                    continue
                if reply.startswith("40"):
                    break
                raise ConnectionError(f"connection refused: {reply[:200]!r}")
        except BaseException:
            await self._ws.close()
            raise
        self.connected = True
        self._reader = asyncio.ensure_future(self._read())

    async def call(self, event: str, data: Any, timeout: float) -> Any:
        """Send an event and return the server's acknowledgement (its first argument)."""
        if not self.connected:
            raise Disconnected()
        ack_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[ack_id] = future
        try:
            await self._ws.send_str(f"42{ack_id}" + json.dumps([event, data]))
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise CallTimeout() from None
        except (ConnectionError, RuntimeError) as exc:  # the websocket closed under us
            raise Disconnected() from exc
        finally:
            self._pending.pop(ack_id, None)

    async def disconnect(self) -> None:
        """Leave the namespace and close the websocket (the "disconnect" handler runs)."""
        if self._ws is not None and not self._ws.closed:
            try:
                await self._ws.send_str("41")
            except (ConnectionError, RuntimeError):
                pass
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        self._lost()

    async def _read(self) -> None:
        import aiohttp

        try:
            async for message in self._ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
                    break
                text = message.data
                if text == "2":
                    await self._ws.send_str("3")
                elif text.startswith("4"):
                    if not await self._packet(text[1:]):
                        break
                elif text.startswith("1"):  # Engine.IO close
                    break
        except (ConnectionError, RuntimeError, asyncio.CancelledError):
            pass
        finally:
            self._lost()

    async def _packet(self, text: str) -> bool:
        """Handle one Socket.IO packet; False when the server ends the connection."""
        kind, ack_id, data = split_packet(text)
        if kind == "2" and data:
            handler = self.handlers.get(data[0])
            if handler is not None:
                try:
                    handler(*data[1:])
                except Exception:  # a phone's own bug must not cut its connection
                    log.exception("handler of %r failed", data[0])
            if ack_id is not None:  # the server times this (its clock probe): answer at once
                await self._ws.send_str(f"43{ack_id}[]")
        elif kind == "3" and ack_id is not None:
            future = self._pending.get(ack_id)
            if future is not None and not future.done():
                future.set_result(data[0] if data else None)
        elif kind in ("1", "4"):  # disconnected by the server, or refused
            return False
        return True

    def _lost(self) -> None:
        """Once: fail the calls still waiting and tell the "disconnect" handler."""
        self.connected = False
        for future in self._pending.values():
            if not future.done():
                future.set_exception(Disconnected())
        if not self._gone:
            self._gone = True
            handler = self.handlers.get("disconnect")
            if handler is not None:
                handler()
