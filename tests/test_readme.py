"""The README's Python examples run as written (in a temporary working directory)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)

#: What a block's output must show, by a call the block makes (the first that matches).
EXPECTED_OUTPUT = (
    ("interopsim.report(", "index.html"),  # the notebook example prints where the report is
    ("link(", "match_weight"),  # linking your own tables prints the weights of each pair
)


def _param(index: int, code: str) -> object:
    builds_a_world = "interopsim.generate(" in code or "interopsim.run(" in code
    marks = [pytest.mark.slow] if builds_a_world else []
    return pytest.param(code, id=f"block{index}", marks=marks)


def test_readme_has_python_examples() -> None:
    assert BLOCKS
    assert any("interopsim.generate(" in code for code in BLOCKS)


@pytest.mark.parametrize("code", [_param(i, code) for i, code in enumerate(BLOCKS)])
def test_readme_python_block_runs(
    code: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    exec(compile(code, str(README), "exec"), namespace)
    out = capsys.readouterr().out
    shown = next((text for call, text in EXPECTED_OUTPUT if call in code), "")
    assert shown in out
