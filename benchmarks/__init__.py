"""bulkspot's benchmarks: `python -m benchmarks` runs every scenario beside its peers."""
