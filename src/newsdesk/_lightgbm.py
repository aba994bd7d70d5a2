"""LightGBM for reading the shipped models, imported without its scikit-learn layer.

``import lightgbm`` also imports scikit-learn (and through it SciPy's statistics) whenever
scikit-learn is installed, for its estimator classes; that costs a cold ``newsdesk brief``
about a second, and newsdesk only ever uses :class:`lightgbm.Booster`. So when
scikit-learn is not imported yet, LightGBM is imported with scikit-learn hidden (LightGBM
then defines its estimator classes as stand-ins), and scikit-learn stays importable for
everything else. The training scripts import LightGBM as usual.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

__all__ = ["booster"]

_lock = threading.Lock()


def _lightgbm() -> Any:
    with _lock:
        if "lightgbm" not in sys.modules and "sklearn" not in sys.modules:
            sys.modules["sklearn"] = None  # type: ignore[assignment]  # import fails: hidden
            try:
                import lightgbm
            finally:
                if sys.modules.get("sklearn", 0) is None:
                    del sys.modules["sklearn"]
            return lightgbm
        import lightgbm

        return lightgbm


def booster(path: str | Path) -> Any:
    """The LightGBM booster saved at ``path``."""
    return _lightgbm().Booster(model_file=str(path))
