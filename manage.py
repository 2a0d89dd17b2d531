#!/usr/bin/env python
"""Django's manage.py for developers; operators use the `equalchance` console script."""

from equalchance.cli import main

if __name__ == "__main__":
    main()
