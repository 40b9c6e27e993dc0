"""The Pelican generator: collects entries once every generator has built its context, then
writes the index files (the entry file and its folder of chunks) and the search page."""

import dataclasses
import logging
import os
import re
import shutil

from association.gazetteer import read_gazetteer
from batch_render import in_background
from i18n.runs import language as site_language
from member_profiles.status import VALID_STATUSES
from outputs import registry
from pelican.generators import Generator
from validation.paths import is_inside_output
from validation.problems import log_problems

from . import settings as conf
from .builder import SearchIndexBuilder
from .collect import collect, collect_members
from .languages import search_language
from .synonyms import KINDS, read_synonyms, synonyms_path

logger = logging.getLogger(__name__)
# The folder of one build's data files (builder.py): named by a hash of their content.
INDEX_FOLDER = re.compile(r"[0-9a-f]{12}")


def remove_previous_indexes(folder, keep):
    """Remove the data folders of earlier builds into the same output (make devserver rebuilds
    in place), so that the output holds one index."""
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name not in keep and INDEX_FOLDER.fullmatch(name) and os.path.isdir(path):
            shutil.rmtree(path)


def load_gazetteer(path):
    """{country code: [place names]} from the gazetteer data file (association.gazetteer, which
    `make check` reads too). Every problem is logged (one line each, file:line) and build_gate
    stops the build."""
    places, problems = read_gazetteer(path)
    log_problems(logger, problems)
    return {} if problems else places


class SearchGenerator(Generator):
    """Index files under SEARCH_INDEX_PATH and the page at SEARCH_URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._index_folder()

    def _index_folder(self):
        """The index folder, from the settings; in the context from the start (every page's
        search box reads it: make devserver's preview renders a member's pages before this
        generator reads its content)."""
        folder = self.settings["SEARCH_INDEX_PATH"]
        if not is_inside_output(folder):
            logger.error(
                "search_index: SEARCH_INDEX_PATH: %r is not a folder inside the output; "
                "expected a relative path such as 'search'", folder)
            folder = conf.DEFAULTS["SEARCH_INDEX_PATH"]
        self.index_folder = folder.strip("/")
        self.context["SEARCH_INDEX_URL"] = self.index_folder + "/"

    def generate_context(self):
        self.chunk_size = self.settings["SEARCH_CHUNK_SIZE"]
        if isinstance(self.chunk_size, bool) or not isinstance(self.chunk_size, int) \
                or self.chunk_size < 100:
            logger.error("search_index: SEARCH_CHUNK_SIZE: %r is not a whole number of "
                         "characters; expected one of 100 or more, such as %d",
                         self.chunk_size, conf.DEFAULTS["SEARCH_CHUNK_SIZE"])
            self.chunk_size = conf.DEFAULTS["SEARCH_CHUNK_SIZE"]
        self.places = load_gazetteer(
            os.path.join(self.settings["PATH"], self.settings["SEARCH_GAZETTEER_PATH"]))
        self.synonyms_file = synonyms_path(self.settings)
        self.builder = None

    def collect(self):
        """Called on all_generators_finalized: every content type is in the context by then."""
        directory = self.context.get("directory")
        self.builder = SearchIndexBuilder(
            services=[(f.slug, f.label) for f in directory.services] if directory else [],
            countries=[(f.slug.upper(), f.label) for f in directory.countries]
            if directory else [],
            statuses=list(directory.status_labels.items()) if directory else [],
            verified=VALID_STATUSES,
            member_url=directory.member_url if directory else "",
            chunk_target=self.chunk_size,
            industries=[(f.slug, f.label) for f in directory.industries] if directory else [],
            languages=[(f.slug, f.label) for f in directory.languages] if directory else [],
            places=self.places,
            synonyms=self._synonyms(directory),
            language=self._language(),
        )
        # the members are added where the index is computed (_files)
        collect(self.builder, self.context, members=False)
        # The index files take the longest of this generator (every member's words): they are
        # computed in a forked process from here on, while every generator writes its pages,
        # and claimed and written when the outputs registry settles (in_background).
        in_background(self.context, self._files, self._write_index,
                      size=len(directory.members) if directory else 0)

    def _language(self):
        """The SearchLanguage of this run's language (SEARCH_LANGUAGES), with the addresses of
        its scripts relative to the index folder: the fingerprinted copies (assets plugin) or,
        without them, Pelican's copy of the theme's static folder."""
        code = site_language(self.settings)
        language = search_language(code, self.settings["SEARCH_LANGUAGES"].get(code),
                                   os.path.join(self.settings["THEME"], "static"))
        manifest = self.context.get("ASSET_MANIFEST")
        up = "../" * len(self.index_folder.split("/"))

        def url(name):
            if manifest is not None:
                return up + manifest.path(name)
            return f"{up}{self.settings['THEME_STATIC_DIR']}/{name}"

        return dataclasses.replace(language, urls=tuple(url(name) for name in language.scripts()))

    def _synonyms(self, directory):
        """The synonym file, its ids checked against the directory's services and industries;
        every problem is logged (one line each, file:line) and build_gate stops the build."""
        if not self.synonyms_file:
            return {}
        terms = {"services": {f.slug for f in directory.services} if directory else set(),
                 "industries": {f.slug for f in directory.industries} if directory else set()}
        synonyms, problems = read_synonyms(self.synonyms_file, terms if directory else None)
        log_problems(logger, problems)
        return {} if problems else {kind: synonyms.get(kind, {}) for kind in KINDS}

    def generate_output(self, writer):
        types = ["member", *self.builder.document_types()]
        save_as = self.settings["SEARCH_SAVE_AS"]
        writer.write_file(
            save_as, self.get_template("search"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], template_name="search",
            url=self.settings["SEARCH_URL"],
            page_name=os.path.splitext(save_as)[0], search_types=types,
        )

    def _files(self):
        """(index files, how many members they index): the members' entries and every file."""
        collect_members(self.builder, self.context)
        return self.builder.files(), len(self.builder.members)

    def _write_index(self, made):
        files, members = made
        folder = os.path.join(self.output_path, self.index_folder)
        outputs = registry(self.context)
        for name, text in sorted(files.items()):
            target = outputs.claim(f"{self.index_folder}/{name}", "search_index: index file")
            if target:
                with open(target, "w", encoding="utf-8") as handle:
                    handle.write(text)
        remove_previous_indexes(folder, keep={name.split("/")[0] for name in files})
        logger.info("search_index: %d members and %d documents indexed",
                    members, len(self.builder.documents))
