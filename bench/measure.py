"""Timing helpers and the report table the benches share."""

from __future__ import annotations

import statistics
import time


def ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def interleaved(project, baseline, repeat: int, warm: int = 3) -> tuple[float, float]:
    """Medians in ms, the two run turn about so that neither gets a warmer cache."""
    for _ in range(warm):
        project(), baseline()
    a, b = [], []
    for _ in range(repeat):
        a.append(ms(project))
        b.append(ms(baseline))
    return statistics.median(a), statistics.median(b)


class Report:
    def __init__(self):
        self.lines: list[str] = []
        self.misses: list[str] = []

    def head(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)

    def row(self, label, project, baseline, unit, aim="", ok=None, fmt="{:,.1f}") -> None:
        ratio = project / baseline if baseline else float("nan")
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        if ok is False:
            self.misses.append(label)
        text = (
            f"{label:<46} {fmt.format(project):>12} {fmt.format(baseline):>12} {unit:<7}"
            f" {ratio:>7.2f}x  {aim:<22} {verdict}"
        )
        self.head(text)

    def note(self, text: str) -> None:
        self.head(f"    {text}")
