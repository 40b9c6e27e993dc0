"""sitemap: sitemap.xml for the whole site, from the theme's `sitemap.xml` template.

It lists the home page, the directory's listing and facet pages, every member and verify page,
other plugins' listing pages (education hub, tags, authors, the news archive) and Pelican's
pages, articles and newsletter issues. Members come from `context["directory"]`
(member_profiles) and verify pages from `context["trust"]` (trust), both published in
generate_context, so the sitemap is written in generate_output once every context is complete.

pelican-sitemap was tried and not used: it learns pages from the `content_written` signal and
takes `lastmod` from an article's or page's date, so member pages (which are neither) would get
the time of the build, which is neither the profile's modification date nor deterministic; it
also keeps module-level state between builds.
"""

import os

from pelican import signals
from pelican.generators import Generator
from validation.defaults import apply_defaults

from .entries import sitemap_entries

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
}
# Listing pages of other plugins and of Pelican, listed when those are on (their URL is set).
LISTING_URL_KEYS = ("EDUCATION_URL", "NEWSLETTER_URL", "TAGS_URL", "AUTHORS_URL")


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="sitemap")


class SitemapGenerator(Generator):
    """Writes sitemap.xml; reads only what other generators published in the context."""

    def generate_output(self, writer):
        trust = self.context.get("trust")
        verify_urls = {slug: link.verify for slug, link in trust.links.items()} if trust else {}
        contents = [*self.context.get("pages", []), *self.context.get("articles", []),
                    *self.context.get("newsletter_issues", [])]
        entries = sitemap_entries(self.context.get("directory"), verify_urls,
                                  [self.settings.get(key) for key in LISTING_URL_KEYS], contents)
        save_as = self.settings["SITEMAP_SAVE_AS"]
        writer.write_file(save_as, self.env.get_template("sitemap.xml"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=save_as,
                          page_name=os.path.splitext(save_as)[0], entries=entries)


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
