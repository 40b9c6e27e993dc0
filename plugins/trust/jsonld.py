"""Organization JSON-LD for member pages, and JSON made safe to embed in a <script> element.

`script_json` escapes `<`, `>` and `&` (and the JavaScript line separators) as \\uXXXX escapes,
which JSON parsers read back unchanged, so no text in a profile can close the script element or
open a comment: `</script>` becomes `\\u003c/script\\u003e`.
"""

import json

from markupsafe import Markup

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value):
    """`value` as sorted-key JSON that is safe inside <script type="application/...json">."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def organization(member, page_url, siteurl, association):
    """schema.org Organization for a member's profile page (public fields only)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": f"{page_url}#organization",
        "name": member.name,
        "description": member.summary,
        "url": member.website,
        "mainEntityOfPage": page_url,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": member.city,
            "addressCountry": member.country.code,
        },
        "areaServed": [{"@type": "Country", "name": place.name} for place in member.service_areas],
        "knowsAbout": [term.label for term in member.services],
        "memberOf": {"@type": "Organization", "name": association, "url": f"{siteurl}/"},
    }
    if member.region:
        data["address"]["addressRegion"] = member.region
    if member.logo_url:
        data["logo"] = f"{siteurl}/{member.logo_url}"
    if member.founded:
        data["foundingDate"] = str(member.founded)
    if member.contact.get("email"):
        data["email"] = member.contact["email"]
    if member.contact.get("phone"):
        data["telephone"] = member.contact["phone"]
    if member.social:
        data["sameAs"] = [link.url for link in member.social]
    return data
