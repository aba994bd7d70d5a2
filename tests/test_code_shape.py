"""The analysis stays readable: rules are small named passes, not long functions
(issue 27: no function over 80 lines in ``analyze/``)."""

import ast
from pathlib import Path

import newsdesk.analyze

LIMIT = 80


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        (
            f"{path.name}:{node.lineno} {node.name}",
            (node.end_lineno or node.lineno) - node.lineno + 1,
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_function_in_analyze_is_over_80_lines() -> None:
    folder = Path(newsdesk.analyze.__file__).parent
    sizes = [f for path in sorted(folder.glob("*.py")) for f in _functions(path)]
    assert len(sizes) > 50  # the files were read
    long = [f"{name} ({n} lines)" for name, n in sizes if n > LIMIT]
    assert not long, f"functions over {LIMIT} lines: {long}"


def test_the_measure_counts_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT + 1))
    src = tmp_path / "m.py"
    src.write_text(f"def f():\n{body}\n")
    assert _functions(src) == [("m.py:1 f", LIMIT + 2)]
