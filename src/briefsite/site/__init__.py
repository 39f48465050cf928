"""Site: stories and sheets -> Markdown briefings -> the published static site (and its live preview)."""
