"""The key's window shared by the processes of a machine (sinks/key_window.py), measured
on a fake clock: two gates of one key, each keeping to the rate, together never put more
than R starts in any window of 1 + safety seconds; a key at another origin is another
window; the file holds no key in clear."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from bulkspot.runner.gates import RateGate
from bulkspot.sinks.key_window import KeyWindow
from tests.runner.test_gates import most_in_any_window


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


def gates_of_two_processes(clock: FakeClock, folder: Path, rate: float) -> list[RateGate]:
    """Two gates, each with a window file of its own opened on one path: two processes."""
    path = folder / "key.window"
    return [RateGate(rate, clock=clock, shared=KeyWindow(path)) for _ in range(2)]


def starts_of(gates: list[RateGate], clock: FakeClock, count: int) -> list[float]:
    """`count` starts, the gates taking turns (each one's next start planned by its own
    pacing, the shared window deciding)."""
    starts: list[float] = []

    async def run() -> None:
        for n in range(count):
            starts.append(await gates[n % len(gates)].wait(clock.sleep))

    anyio.run(run)
    return starts


def test_two_gates_of_one_key_stay_within_the_rate_together(tmp_path: Path) -> None:
    clock = FakeClock()
    gates = gates_of_two_processes(clock, tmp_path, 4)
    starts = starts_of(gates, clock, 40)
    assert most_in_any_window(starts, 1.03) == 4  # the rate used, never passed
    assert starts[-1] - starts[0] >= (40 / 4 - 1) * 1.03 - 1e-9
    assert starts == sorted(starts)


def test_without_the_shared_window_two_gates_pass_the_rate(tmp_path: Path) -> None:
    """What the shared window prevents: two processes' own gates at 4/s draw 8 a second."""
    clock = FakeClock()
    gates = [RateGate(4, clock=clock) for _ in range(2)]
    assert most_in_any_window(starts_of(gates, clock, 40), 1.0) == 8


def test_a_key_at_another_origin_is_another_window(tmp_path: Path, cache_folder: Path) -> None:
    one = KeyWindow.for_key("http://127.0.0.1:8001", "sandbox-key")
    other = KeyWindow.for_key("http://127.0.0.1:8002", "sandbox-key")
    clock = FakeClock()
    assert one.path != other.path and one.path.parent == cache_folder / "rates"
    for _ in range(4):
        assert one.claim(clock, 4, 1.03) == (clock.now, 0.0)
    assert other.claim(clock, 4, 1.03) == (clock.now, 0.0)  # its own window: room
    now, wait = one.claim(clock, 4, 1.03)
    assert now == clock.now and wait == pytest.approx(1.03)  # full until the first leaves
    for path in (one.path, other.path):
        assert b"sandbox-key" not in path.read_bytes() and "sandbox-key" not in path.name


def test_a_ring_left_by_another_boot_starts_empty(tmp_path: Path) -> None:
    """Monotonic time restarts at boot: starts kept before it would look like the future."""
    clock = FakeClock()
    window = KeyWindow(tmp_path / "key.window")
    for _ in range(4):
        window.claim(clock, 4, 1.03)
    data = bytearray((tmp_path / "key.window").read_bytes())
    data[16:56] = b"another-boot".ljust(40, b"\0")
    (tmp_path / "key.window").write_bytes(bytes(data))
    assert window.claim(clock, 4, 1.03) == (clock.now, 0.0)


def test_processes_with_different_limits_keep_to_the_lowest_and_none_starves(
    tmp_path: Path,
) -> None:
    """A script at 8/s beside a command at 2/s (or one that learned the limit is 2): while
    the careful one runs, the key starts at most 2 a window, and both get their turns."""
    clock = FakeClock()
    path = tmp_path / "key.window"
    careful = RateGate(2, clock=clock, shared=KeyWindow(path))
    eager = RateGate(8, clock=clock, shared=KeyWindow(path))
    starts = starts_of([eager, careful], clock, 20)
    assert most_in_any_window(starts, 1.03) == 2
    assert len(careful._starts) == len(eager._starts) == 10


def test_a_careful_process_kept_waiting_holds_back_an_eager_one(tmp_path: Path) -> None:
    """The one at 2/s asks while the one at 8/s has 4 starts in the window: it waits, and
    its asking alone stops the eager one until the window has room for it."""
    clock = FakeClock()
    eager, careful = KeyWindow(tmp_path / "key.window"), KeyWindow(tmp_path / "key.window")
    for _ in range(4):
        assert eager.claim(clock, 8, 1.03)[1] == 0.0
        clock.now += 0.1
    assert careful.claim(clock, 2, 1.03)[1] > 0  # 4 starts in the window: more than 2
    assert eager.claim(clock, 8, 1.03)[1] > 0  # held back although 4 < 8
    clock.now += 1.03
    assert careful.claim(clock, 2, 1.03) == (clock.now, 0.0)
