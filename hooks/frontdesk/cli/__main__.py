"""`python -m frontdesk.cli`: the same as the `frontdesk` command."""

import sys

from . import main

sys.exit(main())
