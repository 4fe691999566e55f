"""Where the tests find the repository's folders (one place, wherever a test file sits)."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
RESOURCES = REPO / "geo" / "resources"
GOLD = REPO / "tests" / "gold"
FIXTURES = REPO / "tests" / "fixtures"
# Real news for evaluation only, beside the repository (absent in a clone elsewhere).
REALNEWS = REPO.parent / "shared" / "realnews"
