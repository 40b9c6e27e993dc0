"""From Pelican's content objects to the builder's plain entries (members, articles, pages,
newsletter issues). Only public fields are read: a Provider has no private data to leak."""

from .builder import DocumentEntry, MemberEntry
from .text import clean_text, html_to_text, sanitised_html_to_text


def member_entry(member):
    # Country names are matched through the country facet, not indexed for every member.
    places = [member.city, member.region or ""]
    return MemberEntry(
        slug=member.slug,
        name=member.name,
        url=member.url,
        status=member.status,
        country=member.country.code,
        areas=tuple(area.code for area in member.service_areas if area != member.country),
        city=member.city or "",
        places=tuple(place for place in places if place),
        services=tuple(service.id for service in member.services),
        summary=member.summary or "",
        # rendered by safe_markup.render_markdown, always through the sanitiser
        description=sanitised_html_to_text(str(member.description or "")),
        records=" ".join(f"{record.issued.isoformat()}/{record.expires.isoformat()}"
                         for record in member.certifications),
        industries=tuple(term.id for term in member.industries),
        languages=tuple(item.code for item in member.languages),
        logo=member.logo_url or "",
        certified=member.certified_on.isoformat() if member.certified_on else "",
        reports=tuple((record.report_id, record.status, record.issued.isoformat(),
                       record.expires.isoformat()) for record in member.certifications),
    )


def _date(content):
    date = getattr(content, "date", None)
    return date.strftime("%Y-%m-%d") if date else ""


def document_entry(content, kind):
    """An article, page or newsletter issue (any Pelican content object with url, title...)."""
    summary = getattr(content, "summary", "") or ""
    return DocumentEntry(
        type=kind,
        title=clean_text(html_to_text(getattr(content, "title", "") or "")),
        url=content.url,
        date=_date(content),
        summary=html_to_text(summary),
        text=html_to_text(getattr(content, "content", "") or ""),
    )


def collect(builder, context, members=True):
    """Feed every content type found in the Pelican context to `builder` (the members only
    when `members`: see `collect_members`)."""
    if members:
        collect_members(builder, context)
    for article in context.get("articles", ()):
        builder.add_document(document_entry(article, getattr(article, "search_type", "article")))
    for issue in context.get("newsletter_issues", ()):
        builder.add_document(document_entry(issue, "newsletter"))
    for page in context.get("pages", ()):
        builder.add_document(document_entry(page, "page"))


def collect_members(builder, context):
    """Feed the directory's members to `builder` (the generator does it in the forked process
    that computes the index)."""
    directory = context.get("directory")
    for member in directory.members if directory else ():
        builder.add_member(member_entry(member))
