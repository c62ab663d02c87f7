"""The kernel machinery sits behind one small interface: the rest of analysis_lib imports
only what analysis_lib.packs.kernels exports, never its modules."""

import ast
from pathlib import Path

import analysis_lib
from analysis_lib.packs import kernels

LIB = Path(analysis_lib.__file__).parent
KERNELS = LIB / "packs" / "kernels"


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_nothing_outside_the_package_reaches_into_its_modules():
    outside = [p for p in LIB.rglob("*.py") if KERNELS not in p.parents]
    reaching = {p.relative_to(LIB).as_posix(): m for p in outside
                for m in _imported_modules(p) if m.startswith("analysis_lib.packs.kernels.")}
    assert reaching == {}


def test_the_interface_is_what_the_runner_uses():
    assert set(kernels.__all__) == {"KernelFactory", "KernelPool", "default_kernel_name",
                                    "kernel_cpu_seconds", "notebook_imports", "shutdown"}
    assert all(hasattr(kernels, name) for name in kernels.__all__)
