from pancarte.cli import main

raise SystemExit(main())
