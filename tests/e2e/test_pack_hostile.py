"""Hostile parameters are data: they reach the notebook verbatim and execute nothing."""

import json

import pytest

from tests.e2e.pack_support import FIXTURES, evidence, pack_args, write_spec

pytestmark = pytest.mark.slow

PAYLOADS = [
    "'); import os; os.system('touch {marker}') #",
    '"""\nimport os\nos.system("touch {marker}")\n"""',
    "\\\"; __import__('os').system('touch {marker}'); x=\"\\",
    "{{la}} {{marker}} %(x)s \\N{{BULLET}} \\x00 \\u0041 \\",
    "line1\r\nline2\ttab \x00 nul é 🙂 </script><script>alert(1)</script>",
]


def test_hostile_strings_reach_the_notebook_verbatim(tmp_path):
    marker = tmp_path / "pwned"
    texts = [p.format(marker=marker) for p in PAYLOADS]
    root = tmp_path / "out"
    las = ["Walsall", "Sandwell", "Dudley", "Wolverhampton", "Birmingham"]
    for la, text in zip(las, texts, strict=True):
        spec = write_spec(tmp_path, name=f"hostile-{la.lower()}", las=[la], notebooks=["echo"],
                          overrides={"echo": {"text": text}})
        done = evidence(*pack_args(spec, root))
        assert done.returncode == 0, done.stdout + done.stderr
        out = root / f"hostile-{la.lower()}" / la.lower() / "echo"
        assert (out / "received.txt").read_bytes() == text.encode("utf-8")
        assert json.loads((out / "received.json").read_text()) == {"text": text, "type": "str"}
    assert not marker.exists()
    index = (root / "hostile-dudley" / "index.html").read_text()
    assert "<script>alert" not in index


def test_cli_parameters_are_data_too(tmp_path):
    marker = tmp_path / "pwned"
    text = PAYLOADS[0].format(marker=marker)
    done = evidence("run", FIXTURES / "echo.ipynb", "--la", "335", "-p", "text", text,
                    "-p", "scale", "2.5", "--output-root", tmp_path, "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "run" / "walsall" / "echo"
    assert (out / "received.txt").read_text(encoding="utf-8") == text
    assert not marker.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--la", "../../etc"], "Unknown local authority '../../etc'"),
    (["--la", "Walsall", "-p", "x=1;import os", "1"], "declares no parameter 'x=1;import os'"),
    (["--la", "Walsall", "-p", "scale", "__import__('os')"], "expected int or float"),
    (["--la", "Walsall", "-p", "output_dir", "/etc"], "set by the runner"),
])
def test_cli_rejects_bad_names_before_running(tmp_path, args, message):
    done = evidence("run", FIXTURES / "echo.ipynb", *args, "--output-root", tmp_path)
    assert done.returncode == 2 and message in done.stderr
    assert list(tmp_path.iterdir()) == []
