"""Names of the environment variables a pack worker passes to its kernels' processes (kept
apart from the modules run with ``python -m``, which the package must not import first)."""

#: Modules a kernel (or the fork server) imports before it is used, comma-separated.
PRELOAD_ENV = "EVIDENCE_KERNEL_PRELOAD"
#: ``[source, data_dir]`` of the pack: its tables are built and its files hashed before forking.
DATA_ENV = "EVIDENCE_KERNEL_DATA"
