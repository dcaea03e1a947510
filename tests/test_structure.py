"""The size budgets of the design (modules ≲ 450 lines, views ≤ 40 lines) and no unexplained imports inside functions.

These read the source with ``ast``; they need no database. Each assertion lists every offender, so one run tells
what is left to split.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("interviews", "monitor")
MODULE_BUDGET = 450
VIEW_BUDGET = 40


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def _view_modules():
    yield from sorted((ROOT / "interviews" / "views").rglob("*.py"))
    yield ROOT / "monitor" / "views.py"


def _name(path):
    return path.relative_to(ROOT).as_posix()


def _is_project_import(node):
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in PACKAGES
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in PACKAGES for alias in node.names)
    return False


def _function_level_imports(tree):
    """Imports of our packages inside a def (also a nested one), each once, in source order."""
    found = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if _is_project_import(node):
                    found[node.lineno] = node
    return [found[line] for line in sorted(found)]


def test_no_module_is_over_the_line_budget():
    oversized = []
    for path in _sources():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_BUDGET:
            oversized.append(f"{_name(path)}: {lines} lines")
    assert not oversized, f"modules over {MODULE_BUDGET} lines:\n" + "\n".join(oversized)


def test_no_view_function_is_over_the_line_budget():
    long_views = []
    for path in _view_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
                length = node.end_lineno - first + 1
                if length > VIEW_BUDGET:
                    long_views.append(f"{_name(path)}:{first} {node.name}: {length} lines")
    assert not long_views, f"view functions over {VIEW_BUDGET} lines:\n" + "\n".join(long_views)


def test_function_level_imports_of_our_modules_say_why():
    unexplained = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in _function_level_imports(ast.parse(source)):
            statement = lines[node.lineno - 1 : node.end_lineno]
            if not any("#" in line for line in statement):
                unexplained.append(f"{_name(path)}:{node.lineno} {lines[node.lineno - 1].strip()}")
    assert not unexplained, (
        "imports of interviews/monitor inside a function without a comment saying why (e.g. '# cycle: ...'):\n"
        + "\n".join(unexplained)
    )


def test_the_import_check_sees_imports_in_nested_functions_once_and_not_those_of_the_module():
    source = (
        "from . import models\n"
        "def outer():\n"
        "    import json\n"
        "    def inner():\n"
        "        from ..rules import run_rules\n"
        "        import interviews.nlp  # slow: spaCy\n"
    )
    found = _function_level_imports(ast.parse(source))
    assert [node.lineno for node in found] == [5, 6]
