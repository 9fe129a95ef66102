"""Allow ``python -m sitrep``, with the same exit status as the ``sitrep`` command."""

import sys

from sitrep.cli import main

sys.exit(main())
