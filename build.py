#!/usr/bin/env python3
"""Briefsite command line; see `python build.py --help`. All the work is in src/briefsite/."""

import sys

from briefsite.cli import main

if __name__ == "__main__":
    sys.exit(main())
