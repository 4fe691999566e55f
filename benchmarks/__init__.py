"""Scale tests: synthetic datasets (``benchmarks.dataset``) and the dashboard under load
(``benchmarks.loadtest``). Run from the repository root: ``python -m benchmarks.<module>``."""
