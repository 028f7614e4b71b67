"""``python -m graphservice``: the same as the ``graphservice`` command."""

from graphservice.cli import main

main()
