"""`python -m bulkspot` runs the command line."""

from bulkspot.cli import main

main()
