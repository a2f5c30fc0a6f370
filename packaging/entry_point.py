"""Frozen-app entry point: the same `parkplanner` command as the console script."""
import sys

from parkplanner.cli import main

if __name__ == "__main__":
    # The helper processes are this executable again, told so by a flag: the validation's
    # (core/geometry/topology_process.py) and the map patches' (ui/canvas/patch_process.py).
    if sys.argv[1:] == ["--topology-helper"]:
        from parkplanner.core.geometry.topology_process import run_helper

        run_helper()
        sys.exit(0)
    if sys.argv[1:] == ["--patch-helper"]:
        from parkplanner.ui.canvas.patch_process import run_helper

        run_helper()
        sys.exit(0)
    sys.exit(main())
