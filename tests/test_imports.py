"""No import cycle between any two modules of the project (the import-linter contracts in pyproject.toml
check packages; this checks modules, so the two package-level loops they ignore cannot hide a real one)."""

import grimp


def module_graph():
    graph = grimp.build_graph("interviews", "monitor", cache_dir=None)
    return {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}


def cycles(edges):
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_one_that_imports_it_back():
    edges = module_graph()
    assert len(edges) > 100 and "interviews.transcripts.pipeline" in edges["interviews.tasks"]
    # A package's __init__ that re-exports its modules (interviews.models) is imported by them only through
    # Python's import of the parent package, which grimp does not count: a cycle through it is a real one.
    assert cycles(edges) == [], "import cycles between modules"


def test_monitor_never_imports_interviews():
    edges = module_graph()
    assert not [
        (a, b)
        for a, targets in edges.items()
        for b in targets
        if a.startswith("monitor") and b.startswith("interviews")
    ]
