"""Briefsite: news articles -> hand-editable YAML fact sheets -> Markdown briefings -> static site."""

__version__ = "0.1.0"
