"""The production server: gevent's WSGI server on a listener tuned for a hall of phones."""

from __future__ import annotations

import socket

from flask import Flask

LISTEN_BACKLOG = 4096  # a whole hall scanning the QR code at once


def tune_for_gevent(socketio) -> None:
    """Two costs per incoming message that a hall of phones pays hundreds of times a second.

    - gevent records where every greenlet was spawned (a walk of ten stack frames each), for
      debugging tools we do not use;
    - Engine.IO starts a greenlet to hand each message to Socket.IO, which starts another one
      to run the event's handler. Engine.IO now hands it over in the socket's own reader
      greenlet; handlers still run in a greenlet of their own, so a slow one blocks nobody.
    Measured with 2,000 phones (issue 7): greenlet creation was 7 % of the server's busy time
    while the hall answered.
    """
    import gevent

    gevent.config.track_greenlet_tree = False
    socketio.server.eio.async_handlers = False


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


class WorkerPool:
    """`quiz serve --workers N`: N server processes on consecutive ports, kept running.

    Each worker is a whole `quiz serve` on its own port, sharing the database and the message
    queue; a reverse proxy spreads browsers over them (deploy/nginx.conf). A worker that dies
    is started again; SIGTERM or Ctrl-C stops them all.
    """

    RESTART_DELAY_S = 1.0

    def __init__(self, host: str, first_port: int, count: int) -> None:
        self.host = host
        self.ports = [first_port + n for n in range(count)]
        self.processes: dict[int, object] = {}
        self.stopping = False

    def command(self, port: int) -> list[str]:
        import sys

        return [sys.executable, "-m", "quiz.cli", "serve", "--host", self.host,
                "--port", str(port), "--worker"]

    def start(self, port: int) -> None:
        import subprocess

        self.processes[port] = subprocess.Popen(self.command(port))

    def run(self) -> int:
        """Start every worker, restart the ones that die, until told to stop."""
        import signal
        import time

        def stop(_signum, _frame) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for port in self.ports:
            self.start(port)
        try:
            while not self.stopping:
                time.sleep(0.2)
                for port, process in list(self.processes.items()):
                    if process.poll() is not None and not self.stopping:
                        print(f"worker on port {port} exited ({process.returncode}); restarting",
                              flush=True)
                        time.sleep(self.RESTART_DELAY_S)
                        self.start(port)
        finally:
            for process in self.processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in self.processes.values():
                try:
                    process.wait(timeout=10)
                except Exception:
                    process.kill()
        return 0
