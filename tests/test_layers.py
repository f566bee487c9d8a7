"""The layers import downward only: transforms ← newslake (the library) ← flows ← cli.

Read from the source with `ast`, so an import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["transforms", "newslake", "flows", "cli"]  # each may import those before it
ONLY_ABOVE = {"prefect": "flows", "typer": "cli"}  # third-party packages a layer and those above it own


def imported_packages(path: Path) -> set[str]:
    """The top-level package of every absolute import in a module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules_of(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_the_layers_below_it(layer):
    rank = LAYERS.index(layer)
    upward = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules_of(layer)
        for name in sorted(imported_packages(path))
        if (name in LAYERS and LAYERS.index(name) > rank)
        or (name in ONLY_ABOVE and LAYERS.index(ONLY_ABOVE[name]) > rank)
    ]
    assert modules_of(layer) and upward == []


def transforms_parts() -> dict[str, set[str]]:
    """Each part of transforms/ (a folder, or a module at its top) and the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in modules_of("transforms"):
        relative = path.relative_to(ROOT / "transforms").parts
        part = relative[0].removesuffix(".py")
        if part == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                pieces = name.split(".")
                if pieces[0] == "transforms" and len(pieces) > 1 and pieces[1] != part:
                    graph.setdefault(part, set()).add(pieces[1])
    return graph


def test_the_parts_of_transforms_import_each_other_without_a_circle():
    graph = transforms_parts()
    assert {"reading", "text", "entities", "quotes", "collection"} <= set(graph)
    order: list[str] = []  # a part is placed once every part it imports is
    while len(order) < len(graph):
        ready = sorted(part for part, imports in graph.items() if part not in order and imports - {"rules", "schema"} <= set(order))
        assert ready, f"a circle among {sorted(set(graph) - set(order))}: {({part: sorted(graph[part]) for part in graph if part not in order})}"
        order.extend(ready)


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from flows.ingest import ingest\n    import prefect.logging\n", encoding="utf-8")
    assert imported_packages(module) == {"flows", "prefect"}


STORAGE = ["newslake/store.py", "newslake/transaction.py", "newslake/parts.py", "newslake/snapshots.py"]


def tables_named(path: Path) -> set[str]:
    """The tables a module names: a string that is a table's name, or a table imported from the
    schema module (the registry `TABLES` names none)."""
    from transforms.schema import TABLES

    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and node.value in TABLES:
            named.add(node.value)
        elif isinstance(node, ast.ImportFrom) and node.module == "transforms.schema":
            named.update(alias.name for alias in node.names if alias.name != "TABLES")
    return named


@pytest.mark.parametrize("module", STORAGE)
def test_the_storage_engine_names_no_table(module):
    """The store moves parts and manifests; what knows `documents` or `duplicates` lives with the
    SQL that uses those names (`newslake/derived.py`)."""
    assert tables_named(ROOT / module) == set()


def test_the_check_sees_a_table_named_in_a_string_or_imported(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('from transforms.schema import DOCUMENTS, TABLES\nrows = read("duplicates")\n', encoding="utf-8")
    assert tables_named(module) == {"DOCUMENTS", "duplicates"}
