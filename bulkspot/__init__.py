"""bulkspot: bulk spreadsheet imports into the Constant Contact v2 EventSpot API."""

__version__ = "0.1.0"
