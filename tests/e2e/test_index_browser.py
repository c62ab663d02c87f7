"""The pack index renders in a real browser (headless Chromium); a screenshot is kept."""

import shutil
import subprocess
import tempfile

import pytest

from tests.e2e.pack_support import ROOT, evidence, pack_args, write_spec

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTEFACTS = ROOT / "tests" / "artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync"]


def chromium(url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH "
                    "(apt-get install chromium; CI installs it)")
def test_index_renders_in_headless_chromium(tmp_path):
    from PIL import Image

    spec = write_spec(tmp_path, name="browser", las=["Walsall", "Sandwell"],
                      notebooks=["ok", "failing"])
    done = evidence(*pack_args(spec, tmp_path))
    assert done.returncode == 1  # the failing fixture is part of what the index must show
    url = (tmp_path / "browser" / "index.html").resolve().as_uri()

    dom = chromium(url, "--dump-dom")
    assert dom.returncode == 0, dom.stderr
    for text in ("Walsall (335)", "Sandwell (333)", "SYNTHETIC DATA", "Fixture value",
                 "fixture failure for Sandwell"):
        assert text in dom.stdout

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "index.png"
    shot.unlink(missing_ok=True)
    taken = chromium(url, f"--screenshot={shot}", "--window-size=1280,900")
    assert taken.returncode == 0, taken.stderr
    with Image.open(shot) as image:
        assert image.size == (1280, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, table rules, the yellow banner
    assert any(rgb == (255, 221, 0) for _, rgb in colours)  # the SYNTHETIC DATA banner
