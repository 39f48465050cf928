"""Extraction: an article's text -> Facts (entities with canonical names and roles, tickers, money, quotes
with speakers, dates, relations, key points), each fact citing the sentences that state it. `article.extract`
is the entry point; the sibling modules hold one kind of fact each."""
