"""Output paths stay inside the output root; writes are atomic."""

import os

import pytest

from analysis_lib.errors import SpecError
from analysis_lib.packs.paths import atomic_path, check_name, inside, la_slug, write_text


@pytest.mark.parametrize("parts", [("..", "etc"), ("a", "..", "..", "b"), ("/etc",)])
def test_inside_refuses_paths_outside_the_root(tmp_path, parts):
    with pytest.raises(SpecError, match="outside the output root"):
        inside(tmp_path, *parts)


def test_inside_accepts_nested_paths(tmp_path):
    assert inside(tmp_path, "pack", "walsall") == (tmp_path / "pack" / "walsall").resolve()


def test_la_slugs_are_plain_folder_names():
    assert la_slug("Bristol, City of") == "bristol-city-of"
    assert la_slug("../../etc/passwd") == "etc-passwd"
    assert la_slug("King's Lynn & West\nNorfolk") == "king-s-lynn-west-norfolk"


def test_check_name():
    assert check_name("name", "quarterly_2025-Q1") is None
    assert check_name("name", "../x") is not None


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = write_text(tmp_path / "index.html", "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half writ")
        raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["index.html"]


def test_atomic_files_follow_the_umask(tmp_path):
    path = write_text(tmp_path / "a.txt", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
