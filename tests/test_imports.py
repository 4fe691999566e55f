"""The architecture, checked from the code: imports between geo's modules form no cycle, the
stages only import earlier stages, and the pipeline never imports the dashboard, curation or
quality. (Imports under ``if TYPE_CHECKING:`` are for type checkers only and not counted.)"""

import ast
from graphlib import CycleError, TopologicalSorter

import pytest

from geo import BESIDE, FOUNDATION
from geo import PIPELINE as STAGES
from tests.paths import REPO

PACKAGE = REPO / "geo"
# The order of the layout geo/__init__.py declares: the foundation (errors, the shipped tables,
# the workspace), the pipeline's stages, then what stands beside it (each of those may import
# the pipeline and the ones before it).
PIPELINE = (*FOUNDATION, *STAGES)


def _module_name(path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _stage(module: str) -> str:
    """geo.geoparse.mentions -> geoparse; geo.cli -> cli; geo -> geo."""
    return module.split(".")[1] if "." in module else module


def _target(name: str) -> str | None:
    """The geo module an import names (a module, or the package a name comes from)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(node, parents) -> bool:
    return any(isinstance(p, ast.If) and "TYPE_CHECKING" in ast.unparse(p.test) for p in parents)


def _imports(module: str) -> set[str]:
    """Every geo module ``module`` imports at run time, at the top or inside a function."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()

    def visit(node, parents):
        if isinstance(node, ast.ImportFrom | ast.Import) and not _type_checking_only(node, parents):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif node.level == 0 and node.module and node.module.split(".")[0] == "geo":
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                names = []
            for name in names:
                if name.split(".")[0] == "geo" and (target := _target(name)) not in (None, module):
                    found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node])

    visit(tree, [])
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def test_the_declared_layout_is_the_tree():
    top = {_stage(m) for m in MODULES} - {"geo"}
    assert top == set(PIPELINE) | set(BESIDE)
    assert all((PACKAGE / stage / "__init__.py").is_file() for stage in STAGES)


def test_no_module_imports_itself_back():
    try:
        order = list(TopologicalSorter(GRAPH).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")
    assert set(order) == set(MODULES)


def test_stages_only_import_earlier_stages():
    # geo/__init__.py itself only declares the layout: anything may read it.
    rank = {stage: i for i, stage in enumerate(("geo", *PIPELINE, *BESIDE))}
    arrows = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _stage(module) in rank and rank[_stage(target)] > rank[_stage(module)]
    )
    assert arrows == []


def test_the_pipeline_never_imports_the_dashboard_curation_or_quality():
    arrows = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if _stage(module) in PIPELINE
        for target in targets
        if _stage(target) in BESIDE
    )
    assert arrows == []


def test_the_check_sees_lazy_imports():
    # geo.dashboard.store imports geo.dataset.publish inside a function: it counts.
    assert "geo.dataset.publish" in GRAPH["geo.dashboard.store"]
