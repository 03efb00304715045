"""Douglas–Peucker line simplification for boundary rings (about 20 lines, no library:
the VG5000 rings are already generalised for 1:5,000,000, so this only drops the
points a screen pixel cannot show)."""

from __future__ import annotations

Point = tuple[int, int]


def _distance2(p: Point, a: Point, b: Point) -> float:
    """Squared distance of p from the segment a–b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return float((px - ax) ** 2 + (py - ay) ** 2)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:  # iterative: a long coastline would exceed Python's recursion limit
        first, last = stack.pop()
        index, worst = 0, -1.0
        for i in range(first + 1, last):
            d = _distance2(points[i], points[first], points[last])
            if d > worst:
                index, worst = i, d
        if worst > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[Point], tolerance: float) -> list[Point]:
    """A closed ring simplified; split at its point farthest from the start so that
    the fixed end points of the two halves are far apart. Fewer than 3 points left:
    the ring is too small to draw, and [] is returned."""
    deduped = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    if len(deduped) > 1 and deduped[0] == deduped[-1]:
        deduped.pop()
    if len(deduped) < 3:
        return []
    start = deduped[0]
    far = max(
        range(len(deduped)), key=lambda i: (deduped[i][0] - start[0]) ** 2 + (deduped[i][1] - start[1]) ** 2
    )
    first = douglas_peucker(deduped[: far + 1], tolerance)
    second = douglas_peucker([*deduped[far:], start], tolerance)
    out = first[:-1] + second[:-1]
    return out if len(out) >= 3 else []
