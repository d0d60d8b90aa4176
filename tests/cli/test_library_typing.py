"""Issue 16: a user's script sees bulkspot's types. `mypy --strict`, run from the script's
own folder, passes on the README's library examples and on samples/migrate_event.py, and
fails a script that names a kind wrongly. (MYPYPATH names the checkout, so the test holds
however the venv installed bulkspot, and its own errors are kept silent as an installed
package's are; test_editable_install.py checks the README's editable install itself, and
test_library_blocks.py the py.typed marker.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_library import readme_examples
from tests.paths import REPO, SAMPLES


def mypy_strict(folder: Path, *scripts: Path) -> subprocess.CompletedProcess[str]:
    """`python -m mypy --strict` of the running interpreter, as a user runs it."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--follow-imports=silent",
            "--cache-dir",
            str(REPO / ".mypy_cache" / "user_scripts"),
            *map(str, scripts),
        ],
        cwd=folder,
        env={**os.environ, "MYPYPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_mypy_strict_passes_on_the_readme_examples_and_the_sample(tmp_path: Path) -> None:
    scripts = []
    for number, block in enumerate(readme_examples(), start=1):
        script = tmp_path / f"readme_example_{number}.py"
        script.write_text(block, encoding="utf-8")
        scripts.append(script)
    sample = tmp_path / "migrate_event.py"
    sample.write_text((SAMPLES / "migrate_event.py").read_text(encoding="utf-8"), "utf-8")
    assert len(scripts) >= 2
    done = mypy_strict(tmp_path, *scripts, sample)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.slow
def test_mypy_strict_sees_a_wrong_kind(tmp_path: Path) -> None:
    """The check has teeth: a kind that is not one, or a field of the wrong type, fails."""
    script = tmp_path / "wrong.py"
    script.write_text(
        "import bulkspot\n\n\n"
        "async def main(client: bulkspot.Client) -> None:\n"
        "    fee = await client.get('fee', {'event_id': 'E1'}, 'x')\n"
        "    label: int = fee['label']\n"
        "    bulkspot.writable('fees', fee)\n",
        encoding="utf-8",
    )
    done = mypy_strict(tmp_path, script)
    lines = done.stdout.splitlines()
    errors = [line.split(": error: ", 1)[1] for line in lines if ": error: " in line]
    assert done.returncode == 1 and len(errors) == 2, done.stdout
    assert errors[0].startswith('Incompatible types in assignment (expression has type "str"')
    assert errors[1] == (
        'No overload variant of "writable" matches argument types "str", "Fee"  [call-overload]'
    )
