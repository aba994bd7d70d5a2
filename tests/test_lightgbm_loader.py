"""The shipped models load without importing scikit-learn (a cold brief's second)."""

from __future__ import annotations

import subprocess
import sys

from newsdesk.analyze.speakers import MODEL_PATH as SPEAKER
from newsdesk.cluster.samestory import MODEL_PATH as SAME_STORY
from newsdesk.summarize.learned import MODEL_PATH as SUMMARIZER

CHECK = """
import sys
import numpy as np
from newsdesk._lightgbm import booster
paths = {paths!r}
rows = np.random.default_rng(0).uniform(0, 3, size=(50, 40))
got = [booster(p).predict(rows[:, : booster(p).num_feature()]) for p in paths]
assert "sklearn" not in sys.modules, "scikit-learn was imported"
import sklearn.base  # still importable afterwards
import lightgbm
for p, g in zip(paths, got):
    plain = lightgbm.Booster(model_file=p)
    assert np.array_equal(plain.predict(rows[:, : plain.num_feature()]), g), p
print("ok", sklearn.base.BaseEstimator.__name__)
"""


def test_models_load_without_scikit_learn_and_predict_as_lightgbm_does() -> None:
    paths = [str(p) for p in (SUMMARIZER, SPEAKER, SAME_STORY)]
    out = subprocess.run(
        [sys.executable, "-c", CHECK.format(paths=paths)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ok", "BaseEstimator"]
