from parkplanner.cli import main

raise SystemExit(main())
