"""Frozen-app entry point: the same `parkplanner` command as the console script."""
import sys

from parkplanner.cli import main

if __name__ == "__main__":
    # The validation's helper process is this executable again (core/geometry/topology_process.py).
    if sys.argv[1:] == ["--topology-helper"]:
        from parkplanner.core.geometry.topology_process import run_helper

        run_helper()
        sys.exit(0)
    sys.exit(main())
