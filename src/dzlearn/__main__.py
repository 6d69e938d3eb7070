from dzlearn.cli import main

raise SystemExit(main())
