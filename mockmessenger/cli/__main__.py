import sys

from mockmessenger.cli import main

sys.exit(main())
