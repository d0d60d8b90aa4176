"""A run's results file read back (the summary's rows not done, the demo's first id):
written in the input sheet's delimiter, so read with the one its header shows."""

from __future__ import annotations

from bulkspot.sinks.results import result_rows

__all__ = ["result_rows"]
