"""Fresh Jupyter kernels for pack runs, started fast (see README.md in this folder).

The runner uses only what is exported here; the modules behind it (fork server, forking
provisioner, IPC launcher, kernel client) are this package's own business.
"""

from analysis_lib.packs.kernels.pool import (
    KernelFactory,
    KernelPool,
    default_kernel_name,
    kernel_cpu_seconds,
    notebook_imports,
    shutdown,
)

__all__ = ["KernelFactory", "KernelPool", "default_kernel_name", "kernel_cpu_seconds",
           "notebook_imports", "shutdown"]
