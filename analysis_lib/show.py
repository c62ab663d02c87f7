"""How a notebook section shows what it made: in the order given, and only inside a notebook
kernel (library calls from tests and the validation harness show nothing).

A section function shows its own output (as `plots.finish` shows a chart) and returns what
later sections need, so each notebook cell is one call, assigned or not.
"""

from __future__ import annotations


def show(*parts) -> None:
    """Display each part in a notebook: text as Markdown, anything else (tables,
    `Unavailable`) as IPython would; None is skipped."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    from IPython.display import Markdown, display

    for part in parts:
        if part is not None:
            display(Markdown(part) if isinstance(part, str) else part)
