"""Small bar and line charts drawn on the server as SVG: no JavaScript, nothing fetched from elsewhere.

Every chart is drawn beside a table of the same figures, so a screen reader and a printout lose nothing.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, ROW, LABEL_WIDTH = 640, 26, 220
PLOT_HEIGHT, MARGIN = 200, 36


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def _scale(values) -> int:
    return max([1, *values])


def bar_chart(bars: list[Bar], title: str) -> SafeString:
    """Horizontal bars, one row per label, value written at the end of each bar."""
    top = _scale(b.value for b in bars)
    height = ROW * len(bars) + 8
    span = WIDTH - LABEL_WIDTH - 48
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, bar in enumerate(bars):
        y = index * ROW + 4
        length = round(span * bar.value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" class="chart-label">{escape(bar.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 8}" class="chart-bar"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 16}" class="chart-value">{bar.value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line_chart(points: list[Bar], title: str) -> SafeString:
    """One series over evenly spaced labels (months), with a dot and the value at each point."""
    top = _scale(p.value for p in points)
    step = (WIDTH - 2 * MARGIN) / max(1, len(points) - 1)
    height = PLOT_HEIGHT + 2 * MARGIN

    def xy(index, value):
        return MARGIN + index * step, MARGIN + PLOT_HEIGHT - PLOT_HEIGHT * value / top

    coordinates = [xy(i, p.value) for i, p in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{MARGIN}" y1="{MARGIN + PLOT_HEIGHT}" x2="{WIDTH - MARGIN}" y2="{MARGIN + PLOT_HEIGHT}" '
        'class="chart-axis"/>',
    ]
    if len(coordinates) > 1:
        parts.append(f'<polyline points="{path}" class="chart-line"/>')
    for (x, y), point in zip(coordinates, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="chart-dot"/>'
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" class="chart-value">{point.value}</text>'
            f'<text x="{x:.1f}" y="{MARGIN + PLOT_HEIGHT + 18}" text-anchor="middle" class="chart-label">'
            f"{escape(point.label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
