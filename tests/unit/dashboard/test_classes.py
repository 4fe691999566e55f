"""geo.dashboard.classes: one set of breaks for the regions' shading, on the map and the image."""

from geo.dashboard.classes import SCALE, region_classes


def test_few_distinct_counts_are_each_their_own_class():
    classes = region_classes([2, 7, 7])
    assert classes.breaks == (2, 7) and classes.labels() == ["2", "3–7"]
    assert classes.colour(2) == SCALE[0] and classes.colour(7) == SCALE[-1]


def test_many_counts_split_by_quantiles_so_no_single_shade_takes_them_all():
    counts = [250, 300, 350, 400, 450, 600, 610, 650, 700, 720, 800, 880, 900, 990, 1000, 2000]
    classes = region_classes(counts)
    assert len(classes.breaks) == 5 and classes.breaks[-1] == 2000
    shades = [classes.colour(c) for c in counts]
    assert set(shades) == set(SCALE)  # a fixed "5+" scale gave every one of them the darkest
    assert all(shades.count(s) >= 2 for s in SCALE)  # each class holds several regions
    assert classes.labels()[0].startswith("250–")


def test_nothing_to_shade():
    assert region_classes([]).breaks == () and region_classes([0]).labels() == []
