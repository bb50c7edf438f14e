"""Gunicorn settings for blogcms (read by `make serve`, the benchmark and tests).

Every value can be overridden without editing this file: WEB_CONCURRENCY sets
the number of workers, and GUNICORN_CMD_ARGS (or command-line options, which
win over both) sets anything else, e.g. GUNICORN_CMD_ARGS="--timeout 60".
"""

import os

# Rendering a page is CPU work in Python, so processes, not threads, give
# parallelism; two per core plus one keeps every core busy while some workers
# wait on the database or the cache (gunicorn's own rule of thumb).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * os.cpu_count() + 1))
worker_class = "sync"

# The app is served on 127.0.0.1 behind a proxy or load balancer that buffers
# slow clients, as sync workers need; `make serve` passes --bind explicitly.
bind = "127.0.0.1:8000"

# A page takes milliseconds; a worker silent for 30 s is stuck and is replaced.
timeout = 30
# On SIGHUP/SIGTERM, requests in flight get this long to finish.
graceful_timeout = 30
# Not preloaded: a SIGHUP then starts workers on freshly deployed code (a
# graceful restart), and Django's lazy database connections are never opened
# before the fork anyway. Preloading would only shave worker start-up time.
preload_app = False

# One line per request on stdout, with the client as the proxy reports it and
# the time taken in milliseconds (%(M)s).
accesslog = "-"
errorlog = "-"
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
)

# Gunicorn 25+ opens a control socket at one fixed path per user; several
# instances on one host (the scale-out test, the benchmark) would fight over
# it, and signals already do everything we need.
control_socket_disable = True
