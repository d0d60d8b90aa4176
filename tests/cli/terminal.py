"""Run a command in a pseudo-terminal and read all it prints, as a person's terminal would."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence


def run_in_terminal(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: str | None = None,
    columns: int = 120,
    rows: int = 30,
    timeout: float = 60.0,
    typed: bytes = b"",
) -> tuple[int, bytes]:
    """Start `argv` with a pty as stdin, stdout and stderr; read until EOF; (exit code, bytes).
    `typed`: what a person types ahead (the terminal holds it until the program reads).

    No fixed sleeps: the reading ends when the child closes the terminal; `timeout` is only
    a guard against a hang.
    """
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        list(argv),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,
        close_fds=True,
    )
    os.close(follower)
    if typed:
        os.write(leader, typed)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                process.kill()
                raise TimeoutError(f"{argv} still running after {timeout} s: {b''.join(chunks)!r}")
            ready, _, _ = select.select([leader], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return process.wait(timeout=timeout), b"".join(chunks)
