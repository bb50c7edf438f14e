"""Gunicorn instances on 127.0.0.1, for the benchmark and the scale-out test.

Each runs the project's gunicorn.conf.py exactly as `make serve` does, on a
free port between 8300 and 8399, and is stopped (by its own PID) when the
`with` block ends.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTS = range(8300, 8400)
START_TIMEOUT = 30  # seconds


@dataclass
class Server:
    url: str
    pid: int  # the gunicorn master

    def worker_pids(self):
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


@contextmanager
def gunicorn_server(env=None, workers=None, log=subprocess.DEVNULL):
    """Serve blogcms with `env` added to this process's environment."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "--config", ROOT / "gunicorn.conf.py"),
        *("--bind", f"127.0.0.1:{port}"),
        *(("--workers", str(workers)) if workers else ()),
        "blogcms.wsgi",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        server = Server(f"http://127.0.0.1:{port}", process.pid)
        _wait_until_healthy(server, process)
        yield server
    finally:
        process.terminate()  # graceful: workers finish their requests
        process.wait(timeout=60)


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port between {PORTS.start} and {PORTS.stop - 1}.")


def _wait_until_healthy(server, process):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {server.url} in time")
