"""The start-up benchmark stays honest: each floor imports exactly the libraries that kzrights imports in that case.

Nothing here is timed (benchmarks/ measures time); this only checks what the ratio is a ratio of.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
from conftest import ROOT

_spec = importlib.util.spec_from_file_location("startup", ROOT / "benchmarks" / "startup.py")
assert _spec is not None
assert _spec.loader is not None
startup = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(startup)

_THIRD_PARTY = """
import json, sys
{code}
print(json.dumps(sorted(
    name for name in sys.modules
    if name.split(".")[0] not in sys.stdlib_module_names and not name.startswith(("kzrights", "_"))
)))
"""
_RUN_KZRIGHTS = """
import sys
from kzrights.__main__ import main
sys.argv = {argv!r}
try:
    main()
except SystemExit:
    pass
"""


def third_party_modules(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _THIRD_PARTY.format(code=code)], capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize("case", sorted(startup.CASES))
def test_floor_imports_what_kzrights_imports(case: str) -> None:
    command, floor = startup.CASES[case]
    ours = third_party_modules(_RUN_KZRIGHTS.format(argv=["kzrights", *command[1:]]))
    assert "click.core" in ours
    assert "diff_match_patch" in ours
    assert third_party_modules(floor) == ours
