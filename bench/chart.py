"""A small line chart by hand, as SVG text: bench/planner.py's drawing, with its axes as arguments.

line_chart({"queue": [(1000, 12.0), (10000, 13.5)]}, title="…", x_label="…", y_unit="ms")
"""

import math


def line_chart(
    series: dict[str, list[tuple[float, float]]],
    *,
    title: str,
    x_label: str,
    y_unit: str,
    log_x: bool = False,
) -> str:
    w, h, left, bottom, top, right = 600, 340, 70, 40, 30, 40
    xs = [x for points in series.values() for x, _y in points]
    ys = [y for points in series.values() for _x, y in points]
    ymax = max(max(ys) * 1.15, 1.0)

    def fx(x: float) -> float:
        return math.log10(x) if log_x else x

    xmin, xmax = (fx(min(xs)), fx(max(xs))) if log_x else (0.0, max(xs))
    span = (xmax - xmin) or 1.0

    def px(x: float, y: float) -> tuple[float, float]:
        return (
            left + (w - left - right) * (fx(x) - xmin) / span,
            h - bottom - (h - bottom - top) * y / ymax,
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="18" font-size="13">{title}</text>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>',
    ]
    for i in range(5):
        y = ymax * i / 4
        _, py = px(min(xs), y)
        parts.append(
            f'<text x="{left - 8}" y="{py + 4:.0f}" text-anchor="end">{y:.0f} {y_unit}</text>'
        )
        parts.append(
            f'<line x1="{left}" y1="{py:.0f}" x2="{w - right}" y2="{py:.0f}" stroke="#ddd"/>'
        )
    for x in sorted(set(xs)):
        qx, _ = px(x, 0)
        parts.append(
            f'<text x="{qx:.0f}" y="{h - bottom + 16}" text-anchor="middle">{x:,.0f}</text>'
        )
    middle = (w + left) / 2
    parts.append(f'<text x="{middle:.0f}" y="{h - 6}" text-anchor="middle">{x_label}</text>')
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    for n, (name, points) in enumerate(series.items()):
        colour = colours[n % len(colours)]
        line = " ".join("{:.1f},{:.1f}".format(*px(x, y)) for x, y in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            cx, cy = px(x, y)
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"/>')
        parts.append(f'<text x="{left + 12}" y="{top + 16 + 16 * n}" fill="{colour}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
