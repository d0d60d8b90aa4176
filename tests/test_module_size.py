"""Modules stay small (DESIGN.md: about 300 lines at most, one job each): a module under
bulkspot/ over the limit fails here, every offender named with its count, so a module that
grows is split along its seams rather than let grow."""

from __future__ import annotations

from pathlib import Path

import bulkspot

PACKAGE = Path(bulkspot.__file__).resolve().parent
MOST_LINES = 300
GENERATED = ("types.py",)  # written by `python -m bulkspot.core.typegen`, not by hand


def line_counts(root: Path) -> dict[str, int]:
    """Every module under `root` (its path from there, with /) and its number of lines."""
    return {
        path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(root.rglob("*.py"))
    }


def oversized(counts: dict[str, int], most: int, skip: tuple[str, ...] = ()) -> list[str]:
    """'path: N lines' for each module over `most` lines, but those in `skip`."""
    return [f"{name}: {n} lines" for name, n in counts.items() if n > most and name not in skip]


def test_no_module_is_over_300_lines() -> None:
    found = oversized(line_counts(PACKAGE), MOST_LINES, GENERATED)
    assert found == [], f"over {MOST_LINES} lines, split each along its seams: " + "; ".join(found)


def test_the_check_names_every_offender(tmp_path: Path) -> None:
    """The checker itself, on a package of four modules: the two over the limit, nested ones
    too, are named with their counts; one at the limit and a skipped one are not."""
    (tmp_path / "sub").mkdir()
    for name, lines in {"a.py": 301, "sub/b.py": 450, "c.py": 300, "gen.py": 900}.items():
        (tmp_path / name).write_text("x = 1\n" * lines, encoding="utf-8")
    counts = line_counts(tmp_path)
    assert counts == {"a.py": 301, "c.py": 300, "gen.py": 900, "sub/b.py": 450}
    assert oversized(counts, 300, ("gen.py",)) == ["a.py: 301 lines", "sub/b.py: 450 lines"]
