"""The WSGI entry point for an outside server such as gunicorn (docs/deploy.md).

`quiz serve` does not use it. Imported by a gevent worker after it patched the standard library;
the timers' sweeper starts with the app, so questions close at their deadline on this worker too.
"""

from __future__ import annotations

from quiz import create_app

app = create_app({"ASYNC_MODE": "gevent"})
app.extensions["quiz_broadcaster"].restart_timers()
app.extensions["quiz_broadcaster"].start_sweeper()
app.extensions["quiz_broadcaster"].start_clock_probes()
