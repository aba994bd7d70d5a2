"""The stages' dependencies point one way: the annotated document lives in
``newsdesk.model``, and the analyzers read it without loading a summarizer."""

import subprocess
import sys


def _loaded_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {m for m in out.split() if m.startswith("newsdesk")}


def test_analyzers_do_not_load_the_summarizers() -> None:
    loaded = _loaded_after("newsdesk.analyze")
    assert "newsdesk.analyze.quotes" in loaded
    assert not {m for m in loaded if m.startswith("newsdesk.summarize")}


def test_document_is_one_class_everywhere() -> None:
    from newsdesk.model import Document
    from newsdesk.summarize import Document as SummarizerDocument

    assert SummarizerDocument is Document
