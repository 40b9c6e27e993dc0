"""sitemap: sitemap.xml for the whole site, from the theme's `sitemap.xml` template.

It lists the home page, the directory's listing and facet pages, every member and verify page,
other plugins' listing pages (education hub, tags, authors, the news archive) and Pelican's
pages, articles and newsletter issues. Members come from `context["directory"]`
(member_profiles) and verify pages from `context["trust"]` (trust), both published in
generate_context, so the sitemap is written in generate_output once every context is complete.

A site in more than one language (plugins/i18n) has one sitemap, written by the root language's
run (the other runs skip `sitemap.xml`: I18N_ROOT_ONLY): every page once per language the build
writes (`site_languages`), each `<url>` naming all its versions and `x-default` (the root
language's) in `xhtml:link rel="alternate" hreflang` elements. Every language's site has the
same paths, so the root run's entries are every language's; their `lastmod` is the root
language's page's.

pelican-sitemap was tried and not used: it learns pages from the `content_written` signal and
takes `lastmod` from an article's or page's date, so member pages (which are neither) would get
the time of the build, which is neither the profile's modification date nor deterministic; it
also keeps module-level state between builds.
"""

from batch_render import Batch, Lazy
from pelican import signals
from pelican.generators import Generator
from validation.defaults import apply_defaults

from .entries import sitemap_entries

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
}
# Listing pages of other plugins and of Pelican, listed when those are on (their URL is set).
LISTING_URL_KEYS = ("EDUCATION_URL", "NEWSLETTER_URL", "TAGS_URL", "AUTHORS_URL",
                    "STATISTICS_URL")


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, owner="sitemap")


class SitemapGenerator(Generator):
    """Writes sitemap.xml; reads only what other generators published in the context."""

    def generate_output(self, writer):
        # Tens of thousands of entries: listed and rendered in a worker process while the build
        # goes on (batch_render), as one page of its own batch.
        save_as = self.settings["SITEMAP_SAVE_AS"]
        batch = Batch(self, writer, "sitemap")
        batch.page(save_as, self.env.get_template("sitemap.xml"), save_as,
                   entries=Lazy(self._entries))
        batch.run(background=True)

    def _entries(self):
        trust = self.context.get("trust")
        verify_urls = {slug: link.verify for slug, link in trust.links.items()} if trust else {}
        contents = [*self.context.get("pages", []), *self.context.get("articles", []),
                    *self.context.get("newsletter_issues", [])]
        return sitemap_entries(self.context.get("directory"), verify_urls,
                               [self.settings.get(key) for key in LISTING_URL_KEYS], contents)


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
