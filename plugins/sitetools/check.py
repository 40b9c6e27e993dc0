"""`make check`: validate profiles, articles, pages, issues and data files; exit 1 on any problem.

Prints one line per problem, `file:line: field: problem; expected what`, in file order.
"""

import argparse
import sys

from association.data import load_association_data, same_project
from association.gazetteer import gazetteer_path, member_place_problems, read_gazetteer
from embeds.lists import load_partner_embeds
from editorial.rules import check_editorial_content
from member_profiles.profiles import load_provider_profiles, load_vocabulary
from newsletter.issues import check_issues
from member_profiles.settings import SettingError, vocabulary_path
from records.signatures import unsigned_summary
from search_index.synonyms import KINDS, read_synonyms, synonyms_path

from .config import add_settings_arguments, load_settings, parse_args


def run_checks(settings):
    """(problem lines, summary, notes) from every content check."""
    profile_set = load_provider_profiles(settings)
    lines = [str(problem) for problem in profile_set.problems]
    notes = [f"note: {unsigned_summary(profile_set.unsigned)}"] if profile_set.unsigned else []
    summary = f"{len(profile_set.providers)} provider profiles"
    # Articles, pages, newsletter issues and the association's data files (same checks as the build)
    content_problems, counts = check_editorial_content(settings)
    issue_problems, issues = check_issues(settings)
    *_, data_problems, member_problems = load_association_data(settings, profile_set)
    if same_project(settings, profile_set):  # leadership links are checked against this project's members
        data_problems = sorted(data_problems + member_problems)
    # The gazetteer search reads: its schema and countries, and places only (no member names,
    # no service words), as the build checks it (search_index, association).
    if gazetteer_path(settings):
        _, gazetteer_problems = read_gazetteer(gazetteer_path(settings))
        data_problems = sorted(data_problems + gazetteer_problems + member_place_problems(
            settings, [(p.name, p.city, p.country.code) for p in profile_set.providers]))
    # the partner member lists under /embed/ name members by slug (plugins/embeds)
    # (members named with no profile are left out of the list: a note, as the build warns)
    _, embed_problems, left_out = load_partner_embeds(settings, profile_set.profile_slugs,
                                                      profile_set.providers_folder)
    notes += [f"note: {problem} (left out of the list)" for problem in left_out]
    data_problems = sorted(data_problems + embed_problems)
    data_problems = sorted(data_problems + check_synonyms(settings))  # search_index's synonyms
    lines += [str(problem) for problem in content_problems + issue_problems + data_problems]
    summary += (f", {counts['articles']} articles, {counts['pages']} pages, "
                f"{issues} newsletter issues and the association's data files")
    return lines, summary, notes


def check_synonyms(settings):
    """Problems of search_index's synonym file, its ids checked against the vocabulary file."""
    path = synonyms_path(settings)
    if not path:
        return []
    vocabulary, _ = load_vocabulary(vocabulary_path(settings))
    return read_synonyms(path, {kind: set(vocabulary.get(kind, {})) for kind in KINDS})[1]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make check", description=__doc__.splitlines()[0])
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    try:
        settings = load_settings(args)
        problems, summary, notes = run_checks(settings)
    except SettingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in problems:
        print(line)
    for note in notes:
        print(note, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found; nothing was built.", file=sys.stderr)
        return 1
    print(f"OK: {summary} checked, no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
