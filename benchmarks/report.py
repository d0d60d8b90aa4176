"""The table, benchmarks/RESULTS.md and benchmarks/rate.png."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from benchmarks.results import Findings

KEEP = "<!-- kept: everything below this line survives a new run -->"


def table(findings: Findings) -> str:
    lines = [
        "| scenario | client | measured | limited by | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in findings.results:
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.scenario} | {r.client} | {r.measured} | {r.limited_by} | {r.goal} | {met} |"
        )
    return "\n".join(lines)


def write_results(
    findings: Findings, machine: dict[str, str], command: str, seconds: float, folder: Path,
    sizes: str,
) -> Path:  # fmt: skip
    """RESULTS.md: the machine, the table, the notes; what follows KEEP in the old file stays."""
    path = folder / "RESULTS.md"
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if KEEP in old:
            kept = old.split(KEEP, 1)[1]
    head = [
        "# Benchmark results",
        "",
        f"`{command}`, {seconds:.0f} s, on {machine['date']}.",
        "",
        f"- sizes: {sizes}",
        f"- machine: {machine['cpu']}, {machine['cores']} cores, {machine['system']}",
        f"- Python {machine['python']}",
        f"- load average at the start (1, 5, 15 min): {machine['load']} "
        "(other engineers' test runs share the machine)",
        "",
        table(findings),
        "",
    ]
    if findings.notes:
        head += [*(f"- {note}" for note in findings.notes), ""]
    if findings.starts:
        head += ["![requests started per second](rate.png)", ""]
    path.write_text("\n".join(head) + "\n" + KEEP + (kept or "\n"), encoding="utf-8")
    return path


def draw_rates(findings: Findings, path: Path) -> str | None:
    """rate.png: requests started per second (a sliding 1 s window) over time, per client,
    against the limit. Returns a note when it cannot be drawn."""
    if not findings.starts:
        return None
    if importlib.util.find_spec("matplotlib") is None:
        return "rate.png not drawn: matplotlib is not installed (pip install -e '.[bench]')"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 4.5))
    for client, starts in findings.starts.items():
        if not starts:
            continue
        first = starts[0]
        times = [t - first for t in starts]
        # the count in the second that ends at each start: what a sliding window sees
        counts, lo = [], 0
        for hi, t in enumerate(times):
            while times[lo] <= t - 1.0:
                lo += 1
            counts.append(hi - lo + 1)
        axes.step(times, counts, where="post", label=client, linewidth=1.2)
    axes.axhline(findings.limit, color="black", linestyle="--", label=f"limit {findings.limit:g}/s")
    axes.set_xlabel("seconds since the client's first request")
    axes.set_ylabel("requests started in the last second")
    axes.set_title(findings.title)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return None
