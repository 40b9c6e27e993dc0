"""What article pages show beyond the article: reading time, related articles, older/newer,
and the education hub's view of the categories."""

import dataclasses
import math

from markupsafe import Markup


@dataclasses.dataclass
class HubCategory:
    """A category of the controlled list with its description and its published articles."""

    name: str
    description: str
    category: object  # Pelican's Category (slug, url), or None when nothing is published yet
    articles: list

    @property
    def url(self):
        return self.category.url if self.category else None


@dataclasses.dataclass(frozen=True)
class NavLink:
    """A page in the main navigation, resolved once per build (Page.url is recomputed from
    the settings on every access, and the header is rendered on every page of the site)."""

    url: str
    title: str
    slug: str


def navigation_links(pages):
    """Pages with `Nav_order`, in that order, as NavLinks."""
    listed = sorted((p for p in pages if hasattr(p, "nav_order")), key=lambda p: p.nav_order)
    return [NavLink(p.url, getattr(p, "nav_title", None) or p.title, p.slug) for p in listed]


def reading_minutes(html, words_per_minute):
    """Whole minutes to read `html`, at least one."""
    words = len(Markup(html).striptags().split())
    return max(1, math.ceil(words / words_per_minute))


def related_articles(article, articles, limit):
    """Articles sharing most tags with `article`, then its category; newest first on ties."""
    tags = set(getattr(article, "tags", []))
    scored = []
    for other in articles:
        if other is article:
            continue
        shared = len(tags & set(getattr(other, "tags", [])))
        same_category = getattr(other, "category", None) == getattr(article, "category", None)
        if shared or same_category:
            scored.append(((shared, same_category, other.date), other))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [other for _, other in scored[:limit]]


def link_neighbours(articles):
    """Set `older_article` and `newer_article` on each article (None at either end)."""
    by_date = sorted(articles, key=lambda a: (a.date, a.slug))
    for index, article in enumerate(by_date):
        article.older_article = by_date[index - 1] if index else None
        article.newer_article = by_date[index + 1] if index + 1 < len(by_date) else None


def hub_categories(controlled, categories):
    """The controlled list in its own order, each with its published articles."""
    published = {category.name: (category, list(arts)) for category, arts in categories}
    return [
        HubCategory(name, description, *published.get(name, (None, [])))
        for name, description in controlled.items()
    ]
