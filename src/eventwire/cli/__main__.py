"""`python -m eventwire.cli`: the same as the `eventwire` command."""
from . import main

main()
