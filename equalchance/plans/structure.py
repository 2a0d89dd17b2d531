"""The partnership structure chart: boards and groups as boxes, each under the body it reports to,
drawn by the server as SVG, with the same tree as nested lists for the text alternative."""

import textwrap
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 190, 64, 14, 44, 8


@dataclass
class Node:
    body: object  # a plans.models.Body (or anything with pk, name, reports_to_id, get_type_display)
    children: list["Node"] = field(default_factory=list)
    x: float = 0
    y: float = 0


def tree(bodies) -> list[Node]:
    """Bodies under the body they report to; a body whose parent is not among them is a root."""
    nodes = {b.pk: Node(b) for b in bodies}
    roots = []
    for node in sorted(nodes.values(), key=lambda n: n.body.name):
        parent = nodes.get(node.body.reports_to_id)
        seen, up = {node.body.pk}, parent
        while up is not None and up.body.pk not in seen:  # a loop of reports_to: treat as a root
            seen.add(up.body.pk)
            up = nodes.get(up.body.reports_to_id)
        (parent.children if parent is not None and up is None else roots).append(node)
    return roots


def _place(node: Node, left: float, depth: int) -> float:
    """Lay the subtree out from `left`; returns its width."""
    node.y = MARGIN + depth * (BOX_H + GAP_Y)
    if not node.children:
        node.x = left
        return BOX_W
    width = 0.0
    for child in node.children:
        width += _place(child, left + width, depth + 1) + GAP_X
    width -= GAP_X
    node.x = left + (width - BOX_W) / 2
    return max(width, BOX_W)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def chart_svg(roots: list[Node], *, title: str) -> str:
    left = MARGIN
    for root in roots:
        left += _place(root, left, 0) + GAP_X * 2
    nodes = list(_walk(roots))
    if not nodes:
        return ""
    width = int(max(n.x for n in nodes) + BOX_W + MARGIN)
    height = int(max(n.y for n in nodes) + BOX_H + MARGIN)
    parts = []
    for node in nodes:
        for child in node.children:
            x1, y1 = node.x + BOX_W / 2, node.y + BOX_H
            x2, y2 = child.x + BOX_W / 2, child.y
            mid = y1 + GAP_Y / 2
            parts.append(
                f'<path d="M{x1:.1f} {y1:.1f} V{mid:.1f} H{x2:.1f} V{y2:.1f}" fill="none" stroke="#505a5f" '
                'stroke-width="1.5"/>'
            )
    for node in nodes:
        lines = textwrap.wrap(node.body.name, 26)[:3]
        parts.append(
            f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="3" '
            f'fill="#f3f2f1" stroke="#0b0c0c" stroke-width="{2 if not node.body.reports_to_id else 1}"/>'
        )
        top = node.y + BOX_H / 2 - (len(lines) - 1) * 8 + 5
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{node.x + BOX_W / 2:.1f}" y="{top + i * 16:.1f}" text-anchor="middle" '
                f'font-size="14">{escape(line)}</text>'
            )
    return mark_safe(  # noqa: S308 - names escaped above
        f'<svg class="app-structure-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="arial, sans-serif" fill="#0b0c0c">'
        + "".join(parts)
        + "</svg>"
    )
