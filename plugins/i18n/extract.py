"""Babel extractors for the user-visible strings kept in data files rather than code.

`status_rules(fileobj, keywords, comment_tags, options)`: the status labels and meanings of
plugins/member_profiles/status_rules.json (shown beside every status, translated by
member_profiles through `translations(settings)`). Named in babel.cfg's [extractors] section.
"""

import json


def status_rules(fileobj, keywords, comment_tags, options):
    """(line, function, message, comments) for each label and meaning, in the file's order."""
    text = fileobj.read().decode("utf-8")
    rules = json.loads(text)
    lines = text.splitlines()
    for key in ("labels", "meanings"):
        for status, message in rules[key].items():
            line = next((number for number, content in enumerate(lines, 1)
                         if json.dumps(message) in content), 0)
            yield line, None, message, [f"status {key[:-1]}: {status}"]
