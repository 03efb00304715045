from __future__ import annotations

from geo.shapes import svg_path
from geo.simplify import douglas_peucker, simplify_ring


def test_points_closer_to_the_line_than_the_tolerance_are_dropped() -> None:
    line = [(0, 0), (5, 1), (10, 0), (15, -1), (20, 0)]
    assert douglas_peucker(line, 2) == [(0, 0), (20, 0)]


def test_a_corner_further_than_the_tolerance_is_kept() -> None:
    line = [(0, 0), (5, 1), (10, 10), (15, 1), (20, 0)]
    assert douglas_peucker(line, 3) == [(0, 0), (10, 10), (20, 0)]


def test_a_ring_keeps_its_corners_and_loses_its_closing_point() -> None:
    square = [(0, 0), (5, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert sorted(simplify_ring(square, 1)) == [(0, 0), (0, 10), (10, 0), (10, 10)]


def test_a_ring_smaller_than_the_tolerance_disappears() -> None:
    assert simplify_ring([(0, 0), (1, 0), (1, 1), (0, 0)], 5) == []


def test_the_svg_path_moves_once_and_steps_relatively() -> None:
    assert svg_path([[(10, -20), (12, -20), (12, -25)]]) == "M10 -20l2 0 0 -5z"
