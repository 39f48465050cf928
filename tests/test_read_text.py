"""The plain-text reader on the real seed articles, and dateline parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefsite.errors import InputError
from briefsite.read.common import parse_datetime
from briefsite.read.plain import parse_text
from briefsite.read.readers import read
from briefsite.read.sentences import derived_label, split_sentences
from tests.conftest import REPO

SEED_000 = REPO / "seeds" / "000_04c23cf0a20b8793.txt"
SEED_004 = REPO / "seeds" / "004_53d5a015a391f8b4.txt"


def test_seed_000_title_dek_date_and_removed_lines() -> None:
    article = read(SEED_000, REPO)
    assert article.file == "seeds/000_04c23cf0a20b8793.txt"
    assert article.kind == "text"
    assert article.title == "Microsoft and Walmart deepen partnership to take on rival Amazon"
    assert article.dek is not None and article.dek.startswith("The five-year partnership will allow Walmart")
    assert article.published == "2018-07-18T09:31:00+05:30"
    assert article.published_from == "stated"
    removed = {(r.kind, r.text) for r in article.removed}
    assert ("promo", "Watch: Oppo Find X First Look") in removed
    assert ("dateline", "• Published Date: July 18, 2018 9:31 AM IST") in removed
    body = article.text
    assert "Watch:" not in body and "Published" not in body
    assert article.paragraphs[0].startswith("Microsoft and Walmart announced yesterday")
    assert article.paragraphs[-1].endswith("compete with Amazon Alexa services.")
    assert len(article.paragraphs) == 5


def test_seed_004_has_no_headline_and_loses_photo_lines() -> None:
    article = read(SEED_004, REPO)
    assert article.title is None
    assert article.published is None
    assert [r.kind for r in article.removed] == ["alt_text", "credit"]
    assert article.removed[1].text == "Image source: Getty Images."
    assert "Getty Images" not in article.text
    assert "bokeh" not in article.text
    assert "\u00a0" not in article.text  # non-breaking spaces normalised
    assert article.paragraphs[0].startswith("It's no secret that online shopping")
    assert derived_label(article.paragraphs) == (
        "It's no secret that online shopping is changing the retail landscape, for…"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 18, 2018 9:31 AM IST", "2018-07-18T09:31:00+05:30"),
        ("July 18, 2018 9:31 PM EDT", "2018-07-18T21:31:00-04:00"),
        ("18 July 2018 09:31 GMT", "2018-07-18T09:31:00+00:00"),
        ("2018-07-18T09:31:00+05:30", "2018-07-18T09:31:00+05:30"),
        ("July 18, 2018", "2018-07-18"),
        ("Jul 18, 2018 9:31 AM", "2018-07-18T09:31:00"),
        ("yesterday afternoon", None),
        ("", None),
        ("February 30, 2018", None),
    ],
)
def test_parse_datetime(text: str, expected: str | None) -> None:
    assert parse_datetime(text) == expected


def test_sentences_are_numbered_across_paragraphs() -> None:
    article = read(SEED_004, REPO)
    sentences = split_sentences(article.paragraphs)
    assert sentences[0].index == 1 and sentences[0].paragraph == 0
    assert sentences[1].text.endswith("Amazon.com (AMZN -2.31%).")
    # "Amazon.com" and "e.g." style periods do not split sentences
    assert all(not s.text.startswith("com") for s in sentences)
    assert [s.index for s in sentences] == list(range(1, len(sentences) + 1))


def test_promo_credit_and_repeated_footer_lines_are_removed() -> None:
    text = (
        "A headline about Acme\n\nAcme Corp said on Monday it would buy Widgets Inc.\n\nWatch: A video\n\n"
        "Photo: Reuters\n\nThe deal is worth $5 million.\n\nFollow us: @acme\n\nThe deal is worth $5 million.\n"
    )
    article = parse_text(text, "seeds/acme.txt", "0" * 64)
    assert article.title == "A headline about Acme"
    assert article.paragraphs == ("Acme Corp said on Monday it would buy Widgets Inc.", "The deal is worth $5 million.")
    assert [r.kind for r in article.removed] == ["promo", "credit", "promo", "footer"]


def test_bad_dateline_is_a_warning_naming_the_line() -> None:
    text = "Headline here\n\nPublished: sometime soon\n\nBody sentence one. Body sentence two.\n"
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert article.published is None
    assert article.warnings == ("seeds/x.txt:3: could not read the date 'sometime soon'",)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Published: July 18, 2018\n"])
def test_empty_article_is_an_input_error(text: str, tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        parse_text(text, "seeds/empty.txt", "0" * 64)
    assert str(info.value).startswith("seeds/empty.txt: ")


# --- the header-line finder (read/datelines.py): made-up headers, one per pattern --------------------------

_BODY = ("Acme Widgets said on Monday it would open a new plant in Ohio, adding 300 jobs over two years. "
         "The company did not say how much the plant would cost.")


@pytest.mark.parametrize(
    ("header", "published", "authors"),
    [
        (["3 March 2019"], "2019-03-03", ()),
        (["Posted at 10:15 AM, Mar 4, 2019"], "2019-03-04T10:15:00", ()),
        (["By Jane Roe March 5, 2019"], "2019-03-05", ("Jane Roe",)),
        (["By Jane Roe and Jim Beam", "Updated 5:02 PM ET, Tue March 5, 2019"], "2019-03-05T17:02:00",
         ("Jane Roe", "Jim Beam")),
        (["2019-03-06"], "2019-03-06", ()),
        (["2019-03-06T08:30:00Z"], "2019-03-06T08:30:00+00:00", ()),
        (["Tue 19 Nov 2019 07.00 GMT"], "2019-11-19T07:00:00+00:00", ()),
        (["Updated 1209 GMT (2009 HKT) November 19, 2019"], "2019-11-19", ()),
        (["Jane Roe", "Nov 7, 2023 2:00 AM"], "2023-11-07T02:00:00", ("Jane Roe",)),
        (["Published 9:00 AM EST Nov 20, 2019", "Updated 11:00 AM EST Nov 21, 2019"],
         "2019-11-20T09:00:00-05:00", ()),
        # forms seen on saved pages: lower-case zones and labels, a wire credit beside the date, a label on
        # its own line, a reading time, a byline led by the kind of piece, an outlet after the name
        (["AFP, Paris,", "Mar 4 2019, 10:15am ist", "updated: Mar 4 2019, 13:40 ist"], "2019-03-04T10:15:00+05:30",
         ()),
        (["Analysis by Jane Roe, Acme Senior Markets Analyst", "7 minute read", "Updated",
          "9:22 PM EST, Mon March 4, 2019"], "2019-03-04T21:22:00-05:00", ("Jane Roe",)),
        (["by Jane Roe", "Monday, March 4, 2019"], "2019-03-04", ("Jane Roe",)),
        (["Jane Roe, Reuters • March 4, 2019"], "2019-03-04", ("Jane Roe",)),
        (["Dec. 3, 2019 / 5:01 PM / Updated 2 hours ago"], "2019-12-03T17:01:00", ()),
        (["03/14/2019"], "2019-03-14", ()),  # (03/12/2019 could be either: see test_an_ambiguous_numeric_date)
        (["November 20, 2019 / 3:04 PM / Updated an hour ago"], "2019-11-20T15:04:00", ()),
        (["Written by Jane Roe on November 20, 2019"], "2019-11-20", ("Jane Roe",)),
        (["Jane Roe", "Staff Writer", "Nov 20, 2019"], "2019-11-20", ("Jane Roe",)),
        (["by Jane Roe", "@janeroe", "Nov 19, 2019 at 9:08 GMT", "1 day ago"], "2019-11-19T09:08:00+00:00",
         ("Jane Roe",)),
        (["Updated: November 20, 2019 3:04 PM ET"], "2019-11-20T15:04:00", ()),
        # parts cut by the line's own separators; a wire credit in parentheses; a label in words
        (["Jane Roe · 4 min read · Mar 5, 2019"], "2019-03-05", ("Jane Roe",)),
        (["Jane Roe / The Daily Planet / March 5, 2019"], "2019-03-05", ("Jane Roe",)),
        (["Jane Roe - Tuesday, March 5th, 2019"], "2019-03-05", ("Jane Roe",)),
        (["SPRINGFIELD (AP) — March 5, 2019"], "2019-03-05", ()),
        (["Publication date: March 5, 2019"], "2019-03-05", ()),
        (["By Jane Roe", "Originally published 5 March 2019"], "2019-03-05", ("Jane Roe",)),
        (["2019-03-05T10:00Z"], "2019-03-05T10:00:00+00:00", ()),
        (["Jane Roe, The Daily Planet Published 3:04 p.m. ET Mar. 5, 2019 | Updated 4:00 p.m. ET Mar. 5, 2019"],
         "2019-03-05T15:04:00", ("Jane Roe",)),
        (["Mar 5, 2019 | Comments (3)"], "2019-03-05", ()),
        (["Last Updated : Mar 5, 2019 10:15 AM IST | Source: PTI"], "2019-03-05T10:15:00+05:30", ()),
        (["Jane Roe @janeroe March 5, 2019"], "2019-03-05", ("Jane Roe",)),
        (["Jane Roe, Special to The Daily Planet Published 10:15 a.m. ET Mar. 5, 2019"], "2019-03-05T10:15:00",
         ("Jane Roe",)),
        (["Jane Roe", "Mar 5, 2019 10:15am", "Filed to: SCIENCE"], "2019-03-05T10:15:00", ("Jane Roe",)),
        (["2019.03.05 10:15"], "2019-03-05T10:15:00", ()),
        (["03-05-2019"], "2019-03-05", ()),
        (["Mar 5, 2019 | Edited by: Jane Roe"], "2019-03-05", ()),
        (["Published 5 March 2019 by the Editorial Board"], "2019-03-05", ()),
        (["Mar 5, 2019 by Jane Roe in Politics"], "2019-03-05", ("Jane Roe",)),
        (["Jane Roe | jroe@example.com | Mar 5, 2019"], "2019-03-05", ("Jane Roe",)),
        (["05-Mar-2019"], "2019-03-05", ()),
        (["Posted in Technology on March 5, 2019"], "2019-03-05", ()),
        # a dotted date is day first (05.03.2019 is 5 March) unless the line keeps a US clock
        (["Last modified: 05.03.2019"], "2019-03-05", ()),
        (["05.03.2019 14:30 CET"], "2019-03-05T14:30:00+01:00", ()),
        (["03.05.2019 10:09 AM"], "2019-03-05T10:09:00", ()),
        (["03.15.2019"], "2019-03-15", ()),
        # an updated part that repeats the day and month without the year
        (["By Jane Roe", "March 5, 2019 at 9:12 AM - Updated March 5 at 1:40 PM"], "2019-03-05T09:12:00",
         ("Jane Roe",)),
        (["Published March 5, 2019 | Updated March 6"], "2019-03-05", ()),
        (["Mar 5, 2019 | By Jane Roe | Filed in Markets"], "2019-03-05", ("Jane Roe",)),
        (["Mar 5, 2019 / 09:05 AM EST / Updated: Mar 6 / 11:20 AM EST"], "2019-03-05T09:05:00-05:00", ()),
        # the author's title in lower case, "BY:", letters after a name, a relative time or a long tag list
        # after the date, a zone before "by", first names sharing a surname, a "Publish date" label
        (["Jane Roe, Staff writer | Mar 5, 2019"], "2019-03-05", ("Jane Roe",)),
        (["Mar 5, 2019 | BY: Jane Roe, MBA"], "2019-03-05", ("Jane Roe",)),
        (["Mar 5, 2019 at 9:10 GMT 2 days ago"], "2019-03-05T09:10:00+00:00", ()),
        (["Mar 5, 2019 at 9:10 am Filed Under: Acme Widgets , factories , Ohio , plant jobs"], "2019-03-05T09:10:00",
         ()),
        (["March 5, 2019 10:15am PT by Jane Roe"], "2019-03-05T10:15:00", ("Jane Roe",)),
        (["Ana, Lia, and Rosa Roe Tuesday March 5, 2019"], "2019-03-05", ()),
        (["Author: Acme Tribune Business Desk Team Publish date: Mar 5, 2019"], "2019-03-05", ()),
    ],
)
def test_header_lines_give_date_and_authors(header: list[str], published: str, authors: tuple[str, ...]) -> None:
    text = "\n".join(["Acme to open a plant in Ohio", *header, "", _BODY, "", "Shares rose 2% on the news."])
    article = parse_text(text, "x.txt", "0" * 64)
    assert article.title == "Acme to open a plant in Ohio"
    assert article.published == published and article.published_from == "stated"
    assert article.authors == authors
    assert article.paragraphs[0] == _BODY  # header lines are out of the body
    assert {r.text for r in article.removed} == set(header)
    assert {r.kind for r in article.removed} <= {"dateline", "byline"}


@pytest.mark.parametrize(
    "line",
    ["The deal closed on March 5, 2019.", "By Tuesday, the company will decide.", "Shares rose on March 5, 2019",
     "Jane Roe", "Jane Roe is a staff writer. Mar 5, 2019", "Mar 5, 2019 was the day Acme changed",
     "Acme, March 5, 2019: shares fell"],
)
def test_header_finder_leaves_sentences_and_lone_names(line: str) -> None:
    article = parse_text("\n".join(["Acme to open a plant in Ohio", line, _BODY]), "x.txt", "0" * 64)
    assert article.published is None and article.authors == ()
    assert line in (article.dek, *article.paragraphs)


@pytest.mark.parametrize("line", ["Share this story: Mar 5, 2019", "Acme Tribune staff; Mar 5, 2019 at 4:30 p.m."])
def test_a_short_line_above_the_story_with_a_date_at_a_separator_is_a_date_line(line: str) -> None:
    """Words the finder does not know around the date: the date at the line's start or after a separator,
    nothing but a separator or a capitalized word after it, above the story's first paragraph (under the
    headline, or above it)."""
    for lines in (["Acme to open a plant in Ohio", line], [line, "Acme to open a plant in Ohio"]):
        article = parse_text("\n".join([*lines, _BODY]), "x.txt", "0" * 64)
        assert (article.published or "")[:10] == "2019-03-05" and article.paragraphs == (_BODY,)
        assert article.title == "Acme to open a plant in Ohio"
        assert [(r.kind, r.text) for r in article.removed] == [("dateline", line)]


@pytest.mark.parametrize("title", ["Acme to open a plant in Ohio — March 5, 2019",
                                   "Acme to open a plant in Ohio | Mar 5, 2019",
                                   "Acme to open a plant in Ohio (March 5, 2019)"])
def test_a_date_after_the_headline_on_its_line_is_the_date(title: str) -> None:
    article = parse_text("\n".join([title, _BODY]), "x.txt", "0" * 64)
    assert article.title == "Acme to open a plant in Ohio" and article.published == "2019-03-05"
    assert article.paragraphs == (_BODY,)


@pytest.mark.parametrize("title", ["Acme signs the deal on March 5, 2019", "Why March 5, 2019 matters - a look back",
                                   "Acme, Globex meet | Mar 5, 2019 summit recap"])
def test_a_date_inside_the_headlines_words_is_not_the_date(title: str) -> None:
    article = parse_text("\n".join([title, _BODY]), "x.txt", "0" * 64)
    assert article.title == title and article.published is None


def test_header_finder_keeps_the_standfirst_before_a_byline() -> None:
    dek = "The plant is the company's first in the state. It will make parts for electric cars."
    article = parse_text("\n".join(["Acme to open a plant in Ohio", dek, "Jane Roe", "5 March 2019", _BODY]),
                         "x.txt", "0" * 64)
    assert article.dek == dek and article.authors == ("Jane Roe",) and article.paragraphs == (_BODY,)


def test_a_date_in_the_body_is_not_the_publication_date() -> None:
    body = [f"Paragraph {n}: {_BODY}" for n in range(8)]
    article = parse_text("\n".join(["Acme to open a plant in Ohio", *body, "5 March 2019"]), "x.txt", "0" * 64)
    assert article.published is None


def test_a_labelled_date_line_at_the_foot_states_the_date() -> None:
    """ "Originally published on ..." as the last line, with no date in the header: the date, out of the body;
    a bare date or a sentence with a date there gives nothing."""
    body = [f"Paragraph {n}: {_BODY}" for n in range(8)]
    article = parse_text("\n".join(["Acme to open a plant in Ohio", *body, "Originally published on 5 March 2019"]),
                         "x.txt", "0" * 64)
    assert article.published == "2019-03-05" and article.paragraphs == tuple(body)
    for last in ("5 March 2019", "The plant was first announced on 5 March 2019."):
        article = parse_text("\n".join(["Acme to open a plant in Ohio", *body, last]), "x.txt", "0" * 64)
        assert article.published is None and article.paragraphs[-1] == last


def test_a_published_line_with_an_updated_part_gives_the_published_date() -> None:
    """`PUBLISHED: <time>, <weekday>, <date> | UPDATED: ...` is one line with two dates: the first is the one
    published; a lone "Updated:" line gives the date only when no other header line states one."""
    text = "\n".join(["Acme to open a plant in Ohio", "By Jane Roe",
                      "PUBLISHED: 00:01, Tue, Mar 5, 2019 | UPDATED: 10:43, Wed, Mar 6, 2019", "", _BODY])
    assert parse_text(text, "x.txt", "0" * 64).published == "2019-03-05T00:01:00"
    text = "\n".join(["Acme to open a plant in Ohio", "Updated: March 6, 2019", "March 5, 2019", "", _BODY])
    assert parse_text(text, "x.txt", "0" * 64).published == "2019-03-05"
    text = "\n".join(["Acme to open a plant in Ohio", "Updated: March 6, 2019", "", _BODY])
    assert parse_text(text, "x.txt", "0" * 64).published == "2019-03-06"


def test_a_date_line_whose_boxes_ran_together_when_copied() -> None:
    """A page prints the date, the time and "Updated ..." in separate boxes; a copied text runs them together
    ("March 5, 201910:15 AM UTCUpdated 2 hours ago"): still the date line, not a date in the body."""
    text = "\n".join(["Acme to open a plant in Ohio", "By Jane Roe",
                      "March 5, 201910:15 AM UTCUpdated 2 hours ago", "", _BODY])
    article = parse_text(text, "x.txt", "0" * 64)
    assert article.published == "2019-03-05T10:15:00+00:00" and article.paragraphs == (_BODY,)


def test_a_pages_control_lines_do_not_push_its_date_line_into_the_body() -> None:
    """Share, follow and listen buttons copied with the header are short lines that do not count toward the
    header window: the date line under them is still the date line."""
    text = "\n".join(["Acme to open a plant in Ohio", "Jane Roe", "Senior Writer", "Follow", "Share", "Save",
                      "Listen to this article", "6 min", "Gift this article", "March 5, 2019", "", _BODY])
    article = parse_text(text, "x.txt", "0" * 64)
    assert article.published == "2019-03-05" and "March 5, 2019" not in article.paragraphs


def test_a_comment_link_at_the_end_of_a_date_line() -> None:
    """A blog theme prints "Leave a Comment" after the date and author: still the date line."""
    text = "\n".join(["Acme to open a plant in Ohio", "March 5, 2019 by Jane Roe Leave a Comment", "", _BODY])
    article = parse_text(text, "x.txt", "0" * 64)
    assert article.published == "2019-03-05" and article.paragraphs == (_BODY,)


def test_a_relative_time_line_is_header_not_a_date() -> None:
    """"1 day ago" states no calendar date: no publication date, and the line is not body text."""
    article = parse_text("\n".join(["Acme to open a plant in Ohio", "Jane Roe", "1 day ago", "", _BODY]),
                         "x.txt", "0" * 64)
    assert article.published is None and article.authors == ("Jane Roe",) and article.paragraphs == (_BODY,)


@pytest.mark.parametrize(
    ("lead", "published"),
    [
        ("NEW YORK, Nov. 19, 2019 /PRNewswire/ -- Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),
        ("BAAR, Switzerland, November 19, 2019 – Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),
        ("Paris, 5 March 2019 (AFP) - Acme Corp. said it would open a plant in Ohio.", "2019-03-05"),
        ("November 19, 2019 -- Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),  # no place
        ("NEW YORK--(BUSINESS WIRE)--Nov. 19, 2019-- Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),
        ("LONDON (Reuters), Nov 19, 2019 - Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),
        ("SPRINGFIELD, Ill. (Nov. 19, 2019) – Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),
        ("WASHINGTON, D.C. – November 19, 2019 – Acme Corp. said it would open a plant in Ohio.", "2019-11-19"),
        ("LONDON, Nov 19 (Reuters) - Acme Corp. said it would open a plant in Ohio.", None),  # no year stated
        ("On March 5, 2019 – a Tuesday – Acme Corp. said it would open a plant in Ohio.", None),  # prose
    ],
)
def test_a_dateline_opening_the_body_states_the_date(lead: str, published: str | None) -> None:
    """Press releases and wire copy state their date in the body's first words: "PLACE, DATE /WIRE/ --"."""
    article = parse_text("\n".join(["Acme to open a plant in Ohio", "", lead, "", _BODY]), "x.txt", "0" * 64)
    assert article.published == published and article.paragraphs[0] == lead


def test_a_dateline_after_a_bare_author_line_still_opens_the_story() -> None:
    """No date line under the headline, so the bare author line and title line stay in the body; the story's
    first paragraph after them opens on its dateline, which states the date. A dateline form deeper in the
    story (after a long paragraph) is not read."""
    lead = "TACOMA, Wash., April 2, 2021 — Harbor officials said the new ferry dock would open in May."
    article = parse_text("\n".join(["Tacoma ferry dock opens in May", "", "Ines Baptiste", "", "Staff Reporter",
                                    "", lead, "", _BODY]), "x.txt", "0" * 64)
    assert article.published == "2021-04-02"
    story = "The dock has been closed since the storm. " * 8
    late = parse_text("\n".join(["Tacoma ferry dock opens in May", "", story, "", lead]), "x.txt", "0" * 64)
    assert late.published is None


def test_joined_initials_do_not_end_a_sentence() -> None:
    """"J.D. Whitcombe" is one name in one sentence, as "J. Whitcombe" is (found by the name-shape variants of
    bench/attribution_variants.py: the speaker's sentence was cut after "J.D.")."""
    sentences = split_sentences(["“We will keep the ferry running,” R.J. Okoro said. The port agreed."])
    assert [s.text for s in sentences] == ["“We will keep the ferry running,” R.J. Okoro said.", "The port agreed."]


@pytest.mark.parametrize(
    ("header", "body", "published"),
    [
        # the line's own zone or clock says which way round: BST is a day-first country's, ET a US one
        (["04/03/2019 10:15 BST"], _BODY, "2019-03-04T10:15:00+01:00"),
        (["04/03/2019 10:15 AM ET"], _BODY, "2019-04-03T10:15:00"),
        # else the page's own way of writing dates decides ...
        (["04/03/2019"], _BODY + " The plant opens on 12 June 2020.", "2019-03-04"),
        (["04/03/2019"], _BODY + " The plant opens on June 12, 2020.", "2019-04-03"),
        # ... and a page that does not tell gives no date (no guess), though the line is still a header line
        (["04/03/2019"], _BODY, None),
        (["Published: 04/03/2019"], _BODY, None),
    ],
)
def test_an_ambiguous_numeric_date(header: list[str], body: str, published: str | None) -> None:
    article = parse_text("\n".join(["Acme to open a plant in Ohio", *header, "", body]), "x.txt", "0" * 64)
    assert article.published == published
    assert article.paragraphs[0] == body  # the date line is out of the body either way


# --- lines of a saved page that are not the story (read/pagelines.py): made-up pages, one test per shape ------

_STORY = ("Dunmore Freight said on Tuesday it would close its Kelby depot, cutting 120 jobs.",
          "The depot opened in 1998 and handles grain for three counties.",
          "Workers were told of the closure at a meeting on Monday.")


def _page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def test_photo_credits_under_the_header_and_between_paragraphs_are_not_the_story() -> None:
    text = _page("Dunmore Freight to close Kelby depot", "Orla Venn/Getty Images", _STORY[0],
                 "(Photo by Piet Amsel/AFP via Getty Images)", _STORY[1], "Photographer: Piet Amsel/Bloomberg",
                 "A forklift stands idle in the depot yard. (AP Photo/Orla Venn)", _STORY[2])
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert article.dek is None
    assert article.paragraphs == _STORY
    assert {r.kind for r in article.removed} == {"credit"}


def test_share_sign_up_comment_copyright_tag_and_contact_lines_are_not_the_story() -> None:
    kept = "Union leaders will share the plan on Twitter, they said."  # a story line with control words stays
    text = _page("Dunmore Freight to close Kelby depot", "Share on Facebook | Share on Twitter | Email", _STORY[0],
                 "Advertisement", kept, "Sign up for our morning newsletter", _STORY[1], _STORY[2], "12 Comments",
                 "Copyright 2024 Kelby Gazette. All rights reserved.", "Topics: Dunmore Freight, Kelby, Jobs",
                 "Write to Orla Venn at orla.venn@example.com")
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert article.paragraphs == (_STORY[0], kept, *_STORY[1:])
    assert [r.kind for r in article.removed] == ["controls", "controls", "promo", "controls", "copyright", "tags",
                                                 "contact"]


def test_other_stories_headlines_under_a_label_are_not_the_story() -> None:
    text = _page("Dunmore Freight to close Kelby depot", *_STORY[:2], "Recommended",
                 "Kelby council approves new bypass", "Orla Venn wins Harlow marathon", _STORY[2])
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert article.paragraphs == _STORY
    assert [r.text for r in article.removed] == ["Recommended", "Kelby council approves new bypass",
                                                 "Orla Venn wins Harlow marathon"]


def test_the_authors_bio_after_the_story_is_not_the_story() -> None:
    mid = "Piet Amsel is a former reporter who now runs the depot's union."  # bio-shaped, but inside the story
    text = _page("Dunmore Freight to close Kelby depot", _STORY[0], mid, *_STORY[1:],
                 "Orla Venn is a senior reporter at the Kelby Gazette covering transport.")
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert article.paragraphs == (_STORY[0], mid, *_STORY[1:])
    assert [r.kind for r in article.removed] == ["bio"]


def test_a_story_paragraph_before_a_photo_credit_is_not_alt_text() -> None:
    alt = "A man in a hard hat with a clipboard beside a grain silo"  # no finite verb: the image's alt text
    named = "The last trains leave for Harlow on Friday"  # no "-ed" verb, but a name and a day: the story's
    text = _page("Dunmore Freight to close Kelby depot", _STORY[0], alt, "Photo: Orla Venn", _STORY[1],
                 "Photo: Orla Venn", named, "Credit...Orla Venn", _STORY[2])
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert article.paragraphs == (*_STORY[:2], named, _STORY[2])
    assert [r.kind for r in article.removed] == ["alt_text", "credit", "credit", "credit"]


def test_a_line_of_names_under_the_headline_is_a_byline() -> None:
    dek = "The grain depot has served three counties since 1998"
    text = _page("Dunmore Freight to close Kelby depot", dek, "Orla Venn and Piet Amsel, Kelby Gazette", *_STORY)
    article = parse_text(text, "seeds/x.txt", "0" * 64)
    assert (article.dek, article.paragraphs) == (dek, _STORY)
    assert [r.kind for r in article.removed] == ["byline"]
