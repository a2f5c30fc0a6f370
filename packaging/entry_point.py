"""Frozen-app entry point: the same `parkplanner` command as the console script."""
import sys

from parkplanner.cli import main

if __name__ == "__main__":
    sys.exit(main())
