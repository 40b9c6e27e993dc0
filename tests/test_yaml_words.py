"""YAML slips explained in plain words, each with its line and column (and through make check)."""

import pytest

from conftest import run_check, variant, write_profile
from validation.yamlsafe import YamlProblem, load_yaml

# (case, text, line, column, words the explanation must contain)
SLIPS = [
    ("tab", "name: Acme\nheadquarters:\n\tcity: Oslo\n", 3, 1,
     "line 3 starts with a tab; indent with spaces"),
    ("tab-after-spaces", "name: Acme\nheadquarters:\n  city: Oslo\n  \tcountry: NO\n", 4, 3,
     "line 4 starts with a tab; indent with spaces"),
    ("indented-more", "name: Acme\nsummary: Hello there\n   website: https://x.example\n", 3, 4,
     "line 3 is indented more than the key above it (line 2); line 'website:' up with that key"),
    ("indented-less", "headquarters:\n    city: Oslo\n  country: NO\n", 3, 3,
     "line 3 is indented less than line 2 but does not line up with any key above it"),
    ("missing-dash", "services:\n  - managed-it\n  cybersecurity\nname: x\n", 3, 3,
     "line 3 ('cybersecurity') is neither 'field: value' nor a list item; if it belongs to "
     "the list above, write '- cybersecurity'"),
    ("missing-dash-in-records", "certifications:\n  - standard: ucs\n    program: x\n"
     "  standard: ucs\n", 4, 3, "line 4 is inside a list but does not start with '- '"),
    ("unclosed-double-quote", 'name: "Acme\nsummary: hello\n', 1, 7,
     'the quote " opened on line 1 is never closed; add the closing " at the end of the value'),
    ("unclosed-single-quote", "name: 'Acme\nsummary: hello\n", 1, 7,
     "the quote ' opened on line 1 is never closed"),
    ("colon-in-value", "name: x\nsummary: Backup: tested monthly\n", 2, 16,
     "the value of 'summary' contains ': ', which YAML reads as a new field; put the value in "
     "quotes: summary: \"Backup: tested monthly\""),
    ("unclosed-list", "services: [managed-it, cyber\nname: x\n", 1, 11,
     "the list opened with '[' on line 1 is not closed"),
]


@pytest.mark.parametrize("case, text, line, column, words", SLIPS, ids=[s[0] for s in SLIPS])
def test_each_slip_is_explained(case, text, line, column, words):
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text.encode("utf-8"))
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.message.startswith(f"line {line}, column {column}: ")
    assert words in caught.value.message
    assert "mapping values" not in caught.value.message
    assert "scanning" not in caught.value.message


def test_make_check_prints_the_plain_words(providers_dir):
    text = variant("slip", "Slip AS", **{
        "summary: A fictional provider used by the test suite to keep offices running.":
        "summary: Backup: a fictional provider used by the test suite."})
    write_profile(providers_dir, "slip", text)
    code, out = run_check(PROVIDERS_PATH=str(providers_dir))
    assert code == 1
    assert ("slip.yaml:3: yaml: line 3, column 16: the value of 'summary' contains ': '" in out)
