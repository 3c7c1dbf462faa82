"""Checks, warnings and blocks per day as an inline SVG bar chart, drawn on the server.

No script and no external asset: the chart is part of the page, prints, and carries a text title
and description for screen readers; the same figures are in a table beside it.
"""

from __future__ import annotations

from datetime import date
from html import escape

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 240, 44, 28, 12
COLOURS = {"allow": "#9db7cf", "warn": "#d98b00", "block": "#b3261e"}
ORDER = ("allow", "warn", "block")


def _nice(top: int) -> int:
    for step in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top <= step:
            return step
    return top


def per_day(days: list[tuple[date, dict[str, int]]]) -> str:
    """Stacked bars, one per day: allowed at the bottom, then warned, then blocked."""
    totals = [sum(v.get(k, 0) for k in ORDER) for _, v in days]
    top = _nice(max(totals, default=0) or 1)
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / max(len(days), 1)
    bar = max(slot * 0.7, 1.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Checks per day</title>',
        f'<desc id="chart-desc">{escape(_describe(days, totals))}</desc>',
    ]
    for i in range(5):
        value = top * i // 4
        y = PAD_TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{PAD_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{value:,}</text>')
    label_every = max(1, len(days) // 10)
    for i, (day, counts) in enumerate(days):
        x = PAD_LEFT + slot * i + (slot - bar) / 2
        y = PAD_TOP + plot_h
        for kind in ORDER:
            h = plot_h * counts.get(kind, 0) / top
            if h > 0:
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                             f'fill="{COLOURS[kind]}"/>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">'
                         f'{day.strftime("%b %-d")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _describe(days: list[tuple[date, dict[str, int]]], totals: list[int]) -> str:
    if not days:
        return "No days in this range."
    warned = sum(v.get("warn", 0) for _, v in days)
    blocked = sum(v.get("block", 0) for _, v in days)
    return (f"{sum(totals):,} checks from {days[0][0]:%B %-d} to {days[-1][0]:%B %-d}: "
            f"{warned:,} warned and {blocked:,} blocked.")
