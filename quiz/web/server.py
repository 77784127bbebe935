"""The production server: gevent's WSGI server on a listener tuned for a hall of phones."""

from __future__ import annotations

import socket

from flask import Flask

LISTEN_BACKLOG = 4096  # a whole hall scanning the QR code at once


def listener(host: str, port: int) -> socket.socket:
    """A listening socket whose accepted connections send small frames at once.

    Linux copies TCP_NODELAY to accepted sockets. Without it, a reply made of two small
    websocket frames (an event, then the ack) waits for the phone's delayed ACK: ~40 ms each.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(LISTEN_BACKLOG)
    sock.setblocking(False)
    return sock


def serve_forever(app: Flask, host: str, port: int) -> None:
    """Serve HTTP, long-polling and websockets from one gevent process."""
    from gevent import pywsgi

    server = pywsgi.WSGIServer(listener(host, port), app, log=None)
    server.serve_forever()
