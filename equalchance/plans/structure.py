"""The partnership structure chart: boards and groups as boxes, each under the body it reports to,
drawn by the server as SVG, with the same tree as nested lists for the text alternative."""

import textwrap
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from equalchance.plans.presenting import natural_key

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 190, 76, 14, 40, 8
ROW_WIDTH = 940  # subtrees wrap onto new rows past this, so the chart fits a page
STACK_FROM = 4  # a body with this many groups and none below them lists them in a column
INDENT = 28


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
    for node in sorted(nodes.values(), key=lambda n: natural_key(n.body.name)):
        parent = nodes.get(node.body.reports_to_id)
        seen, up = {node.body.pk}, parent
        while up is not None and up.body.pk not in seen:  # a loop of reports_to: treat as a root
            seen.add(up.body.pk)
            up = nodes.get(up.body.reports_to_id)
        (parent.children if parent is not None and up is None else roots).append(node)
    return roots


def _place(node: Node, left: float, depth: int) -> float:
    """Lay the subtree out from `left`; returns its width."""
    node.y = depth * (BOX_H + GAP_Y)
    if not node.children:
        node.x = left
        return BOX_W
    if len(node.children) >= STACK_FROM and not any(child.children for child in node.children):
        node.x = left
        for i, child in enumerate(node.children, start=1):
            child.x, child.y = left + INDENT, node.y + i * (BOX_H + GAP_X)
        return BOX_W + INDENT
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


def _shift(node: Node, dx: float, dy: float) -> None:
    node.x, node.y = node.x + dx, node.y + dy
    for child in node.children:
        _shift(child, dx, dy)


def _layout(roots: list[Node]) -> None:
    """Each top-level body's tree side by side, wrapping onto a new row past ROW_WIDTH."""
    left, top, row_height = MARGIN, MARGIN, 0.0
    for root in roots:
        width = _place(root, 0, 0)
        height = max(n.y for n in _walk([root])) + BOX_H
        if left > MARGIN and left + width > ROW_WIDTH:
            left, top, row_height = MARGIN, top + row_height + GAP_Y, 0.0
        _shift(root, left, top)
        left += width + GAP_X * 3
        row_height = max(row_height, height)


def _line(parent: Node, child: Node) -> str:
    if child.x > parent.x and child.x - parent.x == INDENT and child.y > parent.y + BOX_H:  # stacked
        x = parent.x + INDENT / 2
        return f"M{x:.1f} {parent.y + BOX_H:.1f} V{child.y + BOX_H / 2:.1f} H{child.x:.1f}"
    x1, y1 = parent.x + BOX_W / 2, parent.y + BOX_H
    x2, y2 = child.x + BOX_W / 2, child.y
    mid = y1 + GAP_Y / 2
    return f"M{x1:.1f} {y1:.1f} V{mid:.1f} H{x2:.1f} V{y2:.1f}"


def chart_svg(roots: list[Node], *, title: str) -> str:
    _layout(roots)
    nodes = list(_walk(roots))
    if not nodes:
        return ""
    width = int(max(n.x for n in nodes) + BOX_W + MARGIN)
    height = int(max(n.y for n in nodes) + BOX_H + MARGIN)
    parts = []
    for node in nodes:
        for child in node.children:
            parts.append(f'<path d="{_line(node, child)}" fill="none" stroke="#505a5f" stroke-width="1.5"/>')
    for node in nodes:
        lines = textwrap.wrap(node.body.name, 26)
        if len(lines) > 4:
            lines = lines[:3] + [textwrap.shorten(" ".join(lines[3:]), 25, placeholder="…")]
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
