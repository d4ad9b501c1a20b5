"""``python -m autograder.rubric ASSIGNMENT``: print the instructor's marking guide."""

from autograder.rubric import _main

raise SystemExit(_main())
