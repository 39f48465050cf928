"""Numbers readers act on: stock tickers and money amounts, found with rules (the NER model misses most
ticker forms and splits "$16 billion (€13.5 billion)" into two amounts)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Locate = Callable[[int, int], int]  # (paragraph, offset) -> 1-based sentence number

_SIGN = str.maketrans({"−": "-", "–": "-", "—": "-"})
_EXCHANGES = r"NYSE(?:\s?American|\s?Arca)?|NASDAQ|Nasdaq|AMEX|LSE|TSX|TSXV|ASX|HKEX|SGX|NSE|BSE|OTC|OTCQX|ticker"
# "(AMZN -2.31%)", "(KR 0.19%)", "(NYSE: WMT)", "(ticker: HD)", "(WMT)", "(N225)".
_TICKER = re.compile(
    rf"\((?:(?P<exchange>{_EXCHANGES})\s*:\s*)?(?P<symbol>\.?[A-Z][A-Z0-9]{{0,5}}(?:\.[A-Z]{{1,2}})?)"
    rf"(?:\s+(?P<change>[-+−–]?\d+(?:\.\d+)?)\s?%)?\)"
)
# A quote-table row: "HD THE HOME DEPOT INC. 225.86 -12.99 -5.44%".
_TABLE_ROW = re.compile(
    r"^(?P<symbol>[A-Z]{1,5})\s+(?P<name>[A-Z][A-Z0-9 .,&'’-]+?)\s+\d[\d,]*\.\d+\s+[-+−]?\d[\d,]*\.\d+\s+"
    r"(?P<change>[-+−]?\d+(?:\.\d+)?)%$"
)


# Reuters instrument codes in wire copy, bare, in parentheses or in angle brackets: the code's own form is the
# stock context. A share: root (letters, or 4-6 digits for Asian boards), an optional lowercase share class and
# an exchange suffix from the RIC convention ("XOM.N", "AAPL.OQ", "SIEGn.DE", "7203.T", "F.N"); an index: a
# leading dot (".SPX", ".N225", ".dMIWD00000PUS"); a currency, yield or rate: a code with "=" ("JPY=",
# "US10YT=RR"); a continuous future: root + "c" + month number ("LCOc1"); an LME 3-month metal ("CMCU3").
_RIC_EXCHANGES = (r"N|O|OQ|A|P|K|L|T|HK|TO|V|CN|PA|DE|F|AS|BR|LS|MC|MI|S|VX|ST|HE|CO|OL|IR|VI|WA|PR|AT|IS|TA|SS|"
                  r"SZ|NS|BO|AX|NZ|KS|KQ|TW|TWO|SI|BK|JK|KL|SA|MX|J|SN|PS|VN|HM|HN|QA|KW|AD|DU|BD|MM|PK|OB")
_RIC = re.compile(
    r"(?<![\w.=])(?P<symbol>"
    rf"(?:[A-Z][A-Z0-9&]{{1,5}}|\d{{4,6}})[a-z_]{{0,2}}\.(?:{_RIC_EXCHANGES})"
    r"|[A-Z]\.[NO]"
    r"|\.[a-z]?[A-Z][A-Z0-9]{1,12}"
    r"|[A-Z][A-Z0-9]{2,9}=(?:[A-Z0-9]{1,6})?"
    r"|[A-Z]{1,5}c[1-9]|CM[A-Z]{2}3"
    r")(?![\w.=&])")
# Words that make a bare "(ABC)" a stock symbol rather than an abbreviation.
_STOCK_CONTEXT = re.compile(r"\b(?:shares?|stocks?|ticker|Nasdaq|NASDAQ|NYSE|traded|trading|investors?|"
                            r"market (?:cap|value)|Dow|S&P|index|indexes|indices|securities)\b", re.I)


@dataclass(frozen=True)
class TickerHit:
    """A ticker found in the text, with the span it covers (paragraph offsets)."""

    paragraph: int
    start: int
    end: int
    symbol: str
    exchange: str | None
    change_pct: float | None
    company_text: str | None  # the table row's company name, when it came from a table


def find_tickers(paragraphs: Sequence[str]) -> list[TickerHit]:
    """Ticker forms in the body. A bare "(ABC)" counts only right after a name (not after lowercase words,
    which makes it an acronym: "artificial intelligence (AI)") and not as a dateline "(AP) —"."""
    hits: list[TickerHit] = []
    # stock words, or a ticker form that states its exchange or price move ("(AMZN -2.31%)")
    stock_context = any(_STOCK_CONTEXT.search(text) for text in paragraphs) or any(
        m.group("exchange") or m.group("change") for text in paragraphs for m in _TICKER.finditer(text))
    body = "\n".join(paragraphs)
    for p, text in enumerate(paragraphs):
        row = _TABLE_ROW.match(text.strip())
        if row:
            hits.append(TickerHit(p, 0, len(text), row.group("symbol"), None,
                                  float(row.group("change").translate(_SIGN)), row.group("name").strip()))
            continue
        for m in _TICKER.finditer(text):
            exchange, symbol, change = m.group("exchange"), m.group("symbol"), m.group("change")
            before = text[: m.start()].rstrip()
            prev_word = before.split()[-1] if before.split() else ""
            if not exchange and change is None:
                if len(symbol) < 2 or not prev_word or not (prev_word[0].isupper() or prev_word[0].isdigit()):
                    continue
                if re.match(r"\s*[—–-]{1,2}\s", text[m.end():]) or symbol in {"AP", "AFP", "UPI", "CNN"}:
                    continue  # "HANOI, Vietnam (AP) — ..." is a dateline, not a ticker
                if not stock_context:
                    continue  # no stock in the article: "(NYAG)" is an abbreviation
                reused = re.search(rf"(?<![(\w]){re.escape(symbol)}(?![)\w])", body) is not None
                if (reused or _is_acronym_of(symbol, before)) and not _STOCK_CONTEXT.search(text):
                    continue  # "Sierra Nevada Corporation (SNC)", then "SNC said": an abbreviation
            if not prev_word:
                continue
            hits.append(TickerHit(
                p, m.start(), m.end(), symbol,
                None if exchange in (None, "ticker") else exchange.upper().replace(" ", " "),
                float(change.translate(_SIGN)) if change is not None else None, None,
            ))
        for m in _RIC.finditer(text):
            if not any(h.paragraph == p and h.start <= m.start() < h.end for h in hits):
                hits.append(TickerHit(p, m.start(), m.end(), m.group("symbol"), None, None, None))
    return sorted(hits, key=lambda h: (h.paragraph, h.start))


def _is_acronym_of(symbol: str, before: str) -> bool:
    """True when the letters of `symbol` are the initials of the capitalized words just before it
    ("New York State Attorney General (NYAG)", "Commercial Lunar Payload Services (CLPS)")."""
    words = re.findall(r"[A-Za-z][\w'’&-]*", before)[-12:]
    initials = "".join(w[0].upper() for w in words if w[0].isupper())
    letters = re.sub(r"[^A-Z]", "", symbol)
    if len(letters) < 2:
        return False
    caps = [w for w in words if w[0].isupper()]
    for n in range(len(letters) - 1, min(len(caps), len(letters) + 2) + 1):
        tail = "".join(w[0] for w in caps[-n:]) if n else ""
        if _subsequence(letters, "".join(w[0].upper() + re.sub(r"[^A-Z]", "", w[1:]) for w in caps[-n:])) \
                and tail[:1] == letters[:1]:
            return True
    return initials.endswith(letters)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


_SCALES = {
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6,
    "m": 1e6, "mln": 1e6, "thousand": 1e3, "k": 1e3, "crore": 1e7, "lakh": 1e5,
}
_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "HK$": "HKD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD",
    "NZ$": "NZD", "S$": "SGD", "NT$": "TWD", "R$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
    "Rs.": "INR", "Rs": "INR", "₩": "KRW", "₽": "RUB", "CHF": "CHF", "USD": "USD", "EUR": "EUR", "GBP": "GBP",
    "JPY": "JPY", "CNY": "CNY", "HKD": "HKD", "INR": "INR", "CAD": "CAD", "AUD": "AUD", "₦": "NGN", "NGN": "NGN",
    "₺": "TRY", "₱": "PHP", "ZAR": "ZAR", "BRL": "BRL", "MXN": "MXN", "SGD": "SGD", "KRW": "KRW", "RUB": "RUB",
    "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "PLN": "PLN",
    "N": "NGN",  # the Nigerian press writes naira as "N500m": taken only with a scale or thousands (_is_money)
}
_WORDS = {
    "hong kong dollars": "HKD", "hong kong dollar": "HKD", "us dollars": "USD", "u.s. dollars": "USD",
    "canadian dollars": "CAD", "australian dollars": "AUD", "singapore dollars": "SGD", "new zealand dollars": "NZD",
    "taiwan dollars": "TWD", "new taiwan dollars": "TWD", "dollars": "USD", "dollar": "USD", "euros": "EUR",
    "euro": "EUR", "pounds sterling": "GBP", "british pounds": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupees": "INR", "rupee": "INR", "won": "KRW", "rubles": "RUB", "roubles": "RUB",
    "swiss francs": "CHF", "pesos": "MXN", "reais": "BRL", "rand": "ZAR", "ringgit": "MYR", "baht": "THB",
    "dirhams": "AED", "riyals": "SAR", "lira": "TRY", "naira": "NGN", "kronor": "SEK", "zloty": "PLN",
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:trillion|billion|million|thousand|crore|lakh)\b|(?:tn|trn|bn|mn|mln|m|b|k)\b)"
_SYM = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_WORD = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
_MONEY = re.compile(
    rf"(?<![\w$])(?:(?P<sym>{_SYM})\s?(?P<num>{_NUM})(?:\s?(?:-|–|to)\s?(?:{_SYM})?(?P<num2>{_NUM}))?"
    rf"(?P<scale>{_SCALE})?"
    rf"|(?P<wnum>{_NUM})(?P<wscale>\s(?:trillion|billion|million|thousand))?\s(?P<word>{_WORD})\b)",
    re.I,
)
_REFERENT_NOUNS = (
    r"acquisition|purchase|takeover|buyout|merger|deal|stake|investment|fine|settlement|lifeline|loan|bailout|"
    r"contract|offer|tender offer|round|funding|valuation|ipo|listing|bid|budget|package|payment|plan|"
    r"campaign|fund|grant|sale|bond|debt|loss|profit|revenue|spending"
)


@dataclass(frozen=True)
class MoneyHit:
    paragraph: int
    start: int
    end: int
    fact: dict[str, Any]


def find_money(paragraphs: Sequence[str], orgs_before: Callable[[int, int], str | None]) -> list[MoneyHit]:
    """Money amounts with ISO 4217 currency; "$16 billion (€13.5 billion)" is one amount with a conversion.

    `orgs_before(paragraph, offset)` names the organization mentioned last before an offset, so that "its
    $3.3 billion acquisition of Jet.com" reads "Walmart's acquisition of Jet.com"."""
    hits: list[MoneyHit] = []
    for p, text in enumerate(paragraphs):
        matches = [m for m in _MONEY.finditer(text) if _is_money(m)]
        skip: set[int] = set()
        for i, m in enumerate(matches):
            if i in skip:
                continue
            fact = _money_fact(m)
            end = m.end()
            if i + 1 < len(matches):
                nxt = matches[i + 1]
                if re.fullmatch(r"\s*\(\s*", text[m.end(): nxt.start()]) and text[nxt.end():].lstrip().startswith(")"):
                    conv = _money_fact(nxt)
                    fact["conversions"] = [{"text": conv["text"], "amount": conv["amount"],
                                            "currency": conv["currency"]}]
                    skip.add(i + 1)
                    end = nxt.end() + text[nxt.end():].index(")") + 1
            fact["refers_to"] = _referent(text, m.start(), end, p, orgs_before)
            hits.append(MoneyHit(p, m.start(), end, fact))
    return hits


def _is_money(m: re.Match[str]) -> bool:
    sym = m.group("sym")
    if sym and sym.isalpha() and sym.upper() != sym:
        return False  # "Rs" only as written; "usd" lowercase is not a code
    if sym == "N" and not (m.group("scale") or "," in m.group("num")):
        return False  # "N95", "N2": a naira amount is written "N500m" or "N20,000"
    # "won 3 games" is not money; "3 billion won" is.
    return not (m.group("word") and m.group("word").lower() in {"won", "rand", "lira"} and not m.group("wscale"))


def _money_fact(m: re.Match[str]) -> dict[str, Any]:
    if m.group("sym"):
        currency = _SYMBOLS.get(m.group("sym")) or _SYMBOLS.get(m.group("sym").upper(), "USD")
        number, scale = m.group("num"), (m.group("scale") or "").strip().lower()
    else:
        currency = _WORDS[m.group("word").lower()]
        number, scale = m.group("wnum"), (m.group("wscale") or "").strip().lower()
    amount = float(number.replace(",", "")) * _SCALES.get(scale, 1.0)
    return {"text": m.group(0).strip(), "amount": _round(amount), "currency": currency, "refers_to": None,
            "conversions": []}


def _round(value: float) -> float:
    return float(f"{value:.6g}") if value >= 1e6 else round(value, 2)


def _referent(text: str, start: int, end: int, p: int, orgs_before: Callable[[int, int], str | None]) -> str | None:
    """What an amount is for, from the words around it, or None when the text does not say."""
    after = text[end:]
    m = re.match(rf"\s+(?P<noun>(?:[a-z-]+\s){{0,2}}?(?:{_REFERENT_NOUNS}))\b(?P<tail>\s+(?:of|in|for|by|from|to)\s+"
                 r"(?:[^,.;:()\"“”]|\.(?=\w)){1,60}?)?(?=[,;:()\"“”]|\.(?!\w)|\s(?:which|that|and|as|was|is|will|would|has|had|if|but|"
                 r"after|before|when|while|from|on)\b|$)", after)
    if m:
        phrase = (m.group("noun") + (m.group("tail") or "")).strip()
        owner = _owner(text[:start], p, start, orgs_before)
        return f"{owner}'s {phrase}" if owner else phrase
    m = re.match(r"\s+(?:it|they|he|she|the company|[A-Z][\w.]+)\s+(?:spent|paid|invested|raised|offered|bid)\s+"
                 r"(?:on|for|in|to buy|to acquire)\s+(?P<obj>[^,.;:()\"“”]{3,80}?)(?=\s+to\s|[,.;:()\"“”]|$)", after)
    if m:
        return m.group("obj").strip()
    return None


def _owner(before: str, p: int, offset: int, orgs_before: Callable[[int, int], str | None]) -> str | None:
    m = re.search(r"(?:(?P<name>[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*)['’]s|(?P<its>\b[Ii]ts))\s+(?:[a-z-]+\s)?$", before)
    if not m:
        return None
    if m.group("name"):
        return m.group("name")
    return orgs_before(p, offset)
