"""The fast text of sanitised HTML (member descriptions in the search index) is the parser's text."""

import pytest
from safe_markup import render_markdown
from search_index.text import html_to_text, sanitised_html_to_text

DESCRIPTIONS = [
    "Plain words only.",
    "Fish & chips < 5 > 3 \"quoted\" 'single' and a non-breaking\u00a0space.",
    "# Heading\n\nA paragraph with **bold**, *emphasis* and `code <b>`.\n\n- one\n- two\n",
    "[a link](https://example.org/a?b=1&c=>2 \"title > with > marks\") after it",
    "<script>alert(1)</script> raw HTML is text here <!-- not a comment -->",
    "Line one  \nline two\n\n> quoted\n\n1. first\n2. second",
    "Ålesund, Zürich, Kraków and 東京: letters of every kind, &amp; an entity &#x27;",
    "```\ncode <with> & marks\n```",
]


@pytest.mark.parametrize("markdown", DESCRIPTIONS)
def test_sanitised_html_gives_the_text_the_parser_gives(markdown):
    fragment = str(render_markdown(markdown))
    assert sanitised_html_to_text(fragment) == html_to_text(fragment)
    assert "href" not in sanitised_html_to_text(fragment)  # markup never becomes text
