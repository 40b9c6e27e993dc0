"""The Hugo site `make bench` builds beside ours: the same members, doing the same work.

For each member Hugo writes a profile page, a verify page, a badge SVG and a JSON record (four
output formats of one content file), and copies its logo; it writes the directory paginated by
48 in three orders (by name, newest members first, recently certified first), a page per service,
country, industry and language paginated by 48 (taxonomies), the four taxonomy overviews, a
collection JSON and a sitemap; and, as plugins/embeds does, each service, country, industry and
language as an embeddable list of its verified members in four variants (light or dark, with
or without links: four output formats of the term, each member's item made once per variant
with partialCached). Every HTML page has
the shell ours has: head with canonical URL and Open Graph tags, header navigation, search form
and footer. Members come from `bench.synthetic`, the same profiles our build reads.
"""

import datetime
import json
import os

from member_profiles.status import (
    STATUS_LABELS, VALID_STATUSES, certification_status, member_status,
)

CONFIG = {
    "baseURL": "https://msp-directory.example/",
    "languageCode": "en",
    "title": "MSP Directory",
    "paginate": 48,
    "disableKinds": ["RSS"],
    "taxonomies": {"service": "services", "country": "countries", "industry": "industries",
                   "language": "languages"},
    "outputFormats": {
        "verify": {"mediaType": "text/html", "baseName": "verify", "isHTML": True,
                   "permalinkable": True},
        "badge": {"mediaType": "image/svg+xml", "baseName": "badge"},
        "badgelarge": {"mediaType": "image/svg+xml", "baseName": "badge-large"},
        # the embeddable lists: /embed/services/voip/index.html, dark.html, no-links.html, ...
        **{f"embed{name}": {"mediaType": "text/html", "path": "embed", "baseName": base,
                            "isHTML": True, "permalinkable": False, "noUgly": True}
           for name, base in (("", "index"), ("dark", "dark"), ("plain", "no-links"),
                              ("darkplain", "dark-no-links"))},
    },
    "outputs": {"home": ["HTML", "JSON"], "page": ["HTML", "verify", "badge", "badgelarge", "JSON"],
                "section": ["HTML"], "taxonomy": ["HTML"],
                "term": ["HTML", "embed", "embeddark", "embedplain", "embeddarkplain"]},
}

# The directory in one order: TITLE and ORDER (a key of partials/verified.html) are filled in.
_ORDERED_LISTING = """\
{{ define "main" }}
<div class="wrap"><h1>TITLE</h1>
  <div class="layout-sidebar">{{ partial "facets.html" . }}
  <section aria-label="Members"><ul class="cards">{{ range (.Paginate (partialCached "verified.html" "ORDER" "ORDER")).Pages }}{{ partial "card.html" . }}{{ end }}</ul>
  {{ partial "pagination.html" . }}</section></div>
</div>
{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ block "title" . }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
  <meta name="description" content="{{ block "description" . }}{{ .Summary | plainify }}{{ end }}">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  <link rel="canonical" href="{{ .Permalink }}">
  <meta property="og:site_name" content="{{ site.Title }}">
  <meta property="og:type" content="{{ if .IsPage }}profile{{ else }}website{{ end }}">
  <meta property="og:title" content="{{ .Title }}">
  <meta property="og:description" content="{{ .Summary | plainify }}">
  <meta property="og:url" content="{{ .Permalink }}">
  {{ with .Params.logo }}<meta property="og:image" content="{{ . | absURL }}">{{ end }}
  <link rel="stylesheet" href="/assets/css/site.css">
  <script src="/assets/js/search.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">Skip to content</a>
  {{ partial "header.html" . }}
  <main id="main" tabindex="-1">{{ block "main" . }}{{ end }}</main>
  {{ partial "footer.html" . }}
</body>
</html>
""",
    "partials/header.html": """\
<header class="site-header">
  <div class="wrap site-header__inner">
    <a class="site-name" href="/">{{ site.Title }}</a>
    <nav aria-label="Main">
      <ul class="nav">
        <li><a href="/providers/"{{ if eq .Section "providers" }} aria-current="page"{{ end }}>Find a provider</a></li>
        <li><a href="/services/"{{ if eq .Section "services" }} aria-current="page"{{ end }}>Services</a></li>
        <li><a href="/countries/"{{ if eq .Section "countries" }} aria-current="page"{{ end }}>Countries</a></li>
        <li><a href="/education/">Education</a></li>
        <li><a href="/news/">MSP News</a></li>
        <li><a href="/about/">About</a></li>
      </ul>
    </nav>
    <form class="site-search" role="search" action="/search/" method="get" data-search-index="/search/">
      <label class="visually-hidden" for="site-search-q">Search the directory</label>
      <input id="site-search-q" type="search" name="q" placeholder="Search (press /)" autocomplete="off">
      <button type="submit">Search</button>
    </form>
  </div>
</header>
""",
    "partials/footer.html": """\
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Title }} is the member directory of the association.</p>
    <p>Certification statuses are as of <time datetime="{{ site.Params.as_of }}">{{ site.Params.as_of }}</time>, the date this site was built.</p>
  </div>
</footer>
""",
    "partials/card.html": """\
<li class="card">
  <img class="card__logo" src="{{ .Params.logo | relURL }}" alt="" width="56" height="56" loading="lazy">
  <div class="card__body">
    <h3 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    <p class="card__meta">{{ .Params.city }}, {{ .Params.country_name }} · <span class="status status--{{ .Params.status }}">{{ .Params.status_label }}</span></p>
    <p class="card__summary">{{ .Summary | plainify }}</p>
    <ul class="tags" aria-label="Services">{{ range .Params.services }}<li>{{ . }}</li>{{ end }}</ul>
  </div>
</li>
""",
    "partials/pagination.html": """\
{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}
<nav class="pagination" aria-label="Pages"><p>Page {{ $p.PageNumber }} of {{ $p.TotalPages }}</p><ul>
{{ if $p.HasPrev }}<li><a rel="prev" href="{{ $p.Prev.URL }}">Previous page</a></li>{{ end }}
{{ range $p.Pagers }}{{ if or (eq .PageNumber 1) (eq .PageNumber $p.TotalPages) (and (ge .PageNumber (sub $p.PageNumber 2)) (le .PageNumber (add $p.PageNumber 2))) }}
<li>{{ if eq .PageNumber $p.PageNumber }}<span aria-current="page">{{ .PageNumber }}</span>{{ else }}<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}</li>{{ end }}{{ end }}
{{ if $p.HasNext }}<li><a rel="next" href="{{ $p.Next.URL }}">Next page</a></li>{{ end }}
</ul></nav>{{ end }}
""",
    "partials/facets.html": """\
<aside class="facets" aria-label="Browse by">
{{ range $name, $terms := site.Taxonomies }}<h2>{{ $name | title }}</h2><ul>
{{ range $terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
</aside>
""",
    "partials/records.html": """\
<table class="records"><thead><tr><th scope="col">Standard</th><th scope="col">Programme</th><th scope="col">Issued</th><th scope="col">Expires</th><th scope="col">Report</th><th scope="col">Auditor</th><th scope="col">Status</th></tr></thead><tbody>
{{ range .Params.certifications }}<tr><td>{{ .standard }}</td><td>{{ .program }}</td><td><time datetime="{{ .issued }}">{{ .issued }}</time></td><td><time datetime="{{ .expires }}">{{ .expires }}</time></td><td>{{ .report_id }}</td><td>{{ .auditor }}</td><td><span class="status status--{{ .status }}">{{ .status }}</span></td></tr>{{ end }}
</tbody></table>
""",
    # Verified members in one order, computed once per build (partialCached returns a value).
    "partials/verified.html": """\
{{ $verified := where (where site.RegularPages "Section" "providers") "Params.verified" true }}
{{ $sorted := $verified.ByTitle }}{{ if eq . "newest" }}{{ $sorted = $verified.ByDate.Reverse }}{{ end }}{{ if eq . "recent" }}{{ $sorted = sort $verified.ByTitle "Params.certified_on" "desc" }}{{ end }}
{{ return $sorted }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article class="wrap profile" data-status="{{ .Params.status }}">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/providers/">Verified members</a></li><li><span aria-current="page">{{ .Title }}</span></li></ol></nav>
  <header class="profile__header"><img class="profile__logo" src="{{ .Params.logo | relURL }}" alt="{{ .Title }} logo" width="96" height="96">
    <div><h1>{{ .Title }}</h1><p class="profile__place">{{ .Params.city }}, {{ .Params.region }}, {{ .Params.country_name }}</p>
    <p><span class="status status--{{ .Params.status }}">{{ .Params.status_label }}</span></p></div></header>
  <p class="lead">{{ .Summary | plainify }}</p>
  <div class="layout-sidebar layout-sidebar--right"><div>
    <section aria-labelledby="about-heading"><h2 id="about-heading">About {{ .Title }}</h2><div class="prose">{{ .Content }}</div></section>
    <section aria-labelledby="services-heading"><h2 id="services-heading">Services</h2><ul class="service-list">
      {{ range .Params.service_ids }}<li><a href="{{ printf "/services/%s/" . }}">{{ . }}</a></li>{{ end }}</ul></section>
    <section aria-labelledby="certs-heading"><h2 id="certs-heading">Certifications</h2>{{ partial "records.html" . }}</section>
  </div>
  <aside aria-label="Company facts"><h2>Facts</h2><dl class="facts">
    <dt>Website</dt><dd><a href="{{ .Params.website }}" rel="noopener">{{ .Params.website }}</a></dd>
    <dt>Headquarters</dt><dd>{{ .Params.city }}, <a href="{{ printf "/countries/%s/" (lower .Params.country) }}">{{ .Params.country_name }}</a></dd>
    <dt>Serves</dt><dd>{{ delimit .Params.areas ", " }}</dd>
    <dt>Member since</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd>
    </dl>
    <h2>Contact</h2><dl class="facts"><dt>Email</dt><dd><a href="mailto:{{ .Params.email }}">{{ .Params.email }}</a></dd></dl>
    {{ $verify := .OutputFormats.Get "verify" }}{{ $badge := .OutputFormats.Get "badge" }}
    <section class="verify-box" aria-labelledby="verify-heading"><h2 id="verify-heading">Verification</h2>
      <p><a href="{{ $verify.RelPermalink }}">Verify this membership</a></p>
      <p><img class="verify-box__badge" src="{{ $badge.RelPermalink }}" alt="{{ .Title }}: {{ .Params.status_label }}" height="20"></p>
      <textarea id="badge-snippet" rows="4" readonly>{{ printf "<a href=%q><img src=%q alt=%q></a>" $verify.Permalink $badge.Permalink .Title }}</textarea>
    </section>
  </aside></div>
</article>
{{ end }}
""",
    "_default/single.verify.html": """\
{{ define "title" }}Verify {{ .Title }} · {{ site.Title }}{{ end }}
{{ define "description" }}Certification status of {{ .Title }} as of {{ site.Params.as_of }}: {{ .Params.status_label }}.{{ end }}
{{ define "main" }}
<article class="wrap verify" data-status="{{ .Params.status }}">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/providers/">Verified members</a></li><li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li><li><span aria-current="page">Verification</span></li></ol></nav>
  <h1>Verify {{ .Title }}</h1>
  <section class="verify__verdict verify__verdict--{{ .Params.status }}"><h2>Status as of <time datetime="{{ site.Params.as_of }}">{{ site.Params.as_of }}</time></h2>
    <p><span class="status status--{{ .Params.status }}">{{ .Params.status_label }}</span></p>
    {{ if .Params.verified }}<p><strong>{{ .Title }} is a verified member</strong>: its certification is valid until <time datetime="{{ .Params.valid_until }}">{{ .Params.valid_until }}</time>.</p>
    {{ else }}<p><strong>{{ .Title }} is not a verified member.</strong></p>{{ end }}</section>
  <section><h2>Audit records</h2><p>Each record is an audit report filed with the association.</p>{{ partial "records.html" . }}</section>
  <section><h2>What each status means</h2><dl class="status-meanings">{{ range site.Params.statuses }}<dt><span class="status status--{{ .id }}">{{ .label }}</span></dt><dd>{{ .meaning }}</dd>{{ end }}</dl></section>
  <section><h2>Report a concern</h2><p><a class="button" href="/contact/?member={{ .File.ContentBaseName }}">Report a concern about {{ .Title }}</a></p></section>
</article>
{{ end }}
""",
    "_default/single.badge.svg": """\
<svg xmlns="http://www.w3.org/2000/svg" width="{{ .Params.badge_width }}" height="20" viewBox="0 0 {{ .Params.badge_width }} 20" role="img" aria-labelledby="badge-title">
  <title id="badge-title">{{ .Title }}: {{ .Params.status_label }}. Membership status as of {{ site.Params.as_of }}.</title>
  <rect width="{{ .Params.badge_name_box }}" height="20" fill="#2b3440"/>
  <rect x="{{ .Params.badge_name_box }}" width="{{ sub .Params.badge_width .Params.badge_name_box }}" height="20" fill="#14632f"/>
  <g fill="#ffffff" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11">
    <text x="6" y="14">{{ .Title }}</text>
    <text x="{{ add .Params.badge_name_box 6 }}" y="14" data-status="{{ .Params.status }}">{{ .Params.status_label }}</text>
  </g>
</svg>
""",
    # The larger badge: the association's full name, the member's, the status words; a white
    # ring and name panel, as ours (plugins/trust/badge.py) has for light and dark pages.
    "_default/single.badgelarge.svg": """\
<svg xmlns="http://www.w3.org/2000/svg" width="{{ .Params.badge_large_width }}" height="76" viewBox="0 0 {{ .Params.badge_large_width }} 76" role="img" aria-labelledby="badge-title">
  <title id="badge-title">{{ .Title }}: {{ .Params.status_label }}. Membership status with the {{ site.Title }} as of {{ site.Params.as_of }}.</title>
  <rect width="{{ .Params.badge_large_width }}" height="76" rx="6" fill="#ffffff"/>
  <rect x="1" y="1" width="{{ sub .Params.badge_large_width 2 }}" height="74" rx="5" fill="#14632f"/>
  <rect x="2" y="2" width="{{ sub .Params.badge_large_width 4 }}" height="50" rx="4" fill="#ffffff"/>
  <g font-family="Verdana,DejaVu Sans,Geneva,sans-serif">
    <text x="10" y="19" font-size="11" fill="#4a5566">{{ site.Title }}</text>
    <text x="10" y="41" font-size="14" font-weight="700" fill="#1b2430">{{ .Title }}</text>
    <text x="10" y="67" font-size="11" fill="#ffffff" data-status="{{ .Params.status }}">{{ .Params.status_label }}</text>
  </g>
</svg>
""",
    "_default/single.json": """\
{{ dict "schema_version" "1.0" "as_of" site.Params.as_of "provider" (dict "slug" .File.ContentBaseName "name" .Title "summary" .Summary "status" .Params.status "verified" .Params.verified "valid_until" .Params.valid_until "website" .Params.website "city" .Params.city "region" .Params.region "country" .Params.country "service_areas" .Params.areas "services" .Params.services "member_since" (.Date.Format "2006-01-02") "certifications" .Params.certifications "contact" (dict "email" .Params.email) "profile_url" .Permalink) | jsonify }}
""",
    "_default/list.html": """\
{{ define "main" }}
<div class="wrap"><h1>{{ .Title }}</h1>
  <p class="lead">{{ len .Pages }} verified members as of {{ site.Params.as_of }}.</p>
  <nav class="sort" aria-label="Sort members"><span id="sort-label">Sort by:</span><ul aria-labelledby="sort-label"><li><a href="/providers/">Name</a></li><li><a href="/newest/">Newest members</a></li></ul></nav>
  <div class="layout-sidebar">{{ partial "facets.html" . }}
  <section aria-label="Members"><ul class="cards">{{ range (.Paginate (partialCached "verified.html" "name" "name")).Pages }}{{ partial "card.html" . }}{{ end }}</ul>
  {{ partial "pagination.html" . }}</section></div>
</div>
{{ end }}
""",
    # the other two orders of the directory (partials/verified.html sorts them)
    **{f"{order}/list.html": _ORDERED_LISTING.replace("TITLE", title).replace("ORDER", order)
       for order, title in (("newest", "Newest members"), ("recent", "Recently certified"))},
    "_default/term.html": """\
{{ define "main" }}
<div class="wrap">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/providers/">Verified members</a></li><li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li><li><span aria-current="page">{{ .Title }}</span></li></ol></nav>
  <h1>{{ .Title }}</h1><p class="lead">{{ len .Pages }} verified members.</p>
  <ul class="cards">{{ range (.Paginate .Pages.ByTitle).Pages }}{{ partial "card.html" . }}{{ end }}</ul>
  {{ partial "pagination.html" . }}
</div>
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<div class="wrap"><h1>{{ .Title }}</h1><ul class="facet-list">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul></div>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<div class="wrap"><h1>{{ site.Title }}</h1><h2>Newest members</h2>
<ul class="cards">{{ range first 6 (where site.RegularPages "Params.verified" true).ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}</ul></div>
{{ end }}
""",
    # An embeddable list (theme/templates/embed.html): no site shell; each member's item is
    # the same on every list and in both colours, so it is made once per variant of links.
    "partials/embed.html": """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Verified members: {{ .page.Title }} · {{ site.Title }}</title>
  <meta property="og:title" content="Verified members: {{ .page.Title }}">
  <link rel="canonical" href="{{ .page.Permalink }}">
  <link rel="stylesheet" href="/assets/css/embed.css">
  <script id="status-script" src="/assets/js/status.js" defer></script>
  <script src="/assets/js/embed.js" defer></script>
</head>
<body class="embed{{ if .dark }} embed--dark{{ end }}">
  <main class="embed__list" data-embed="{{ .page.Data.Plural }}/{{ .page.Data.Term | urlize }}">
    <h1 class="embed__title">Verified members: {{ .page.Title }}</h1>
    <ul class="embed__members">{{ $links := .links }}{{ range .page.Pages.ByTitle }}{{ partialCached "embeditem.html" (dict "p" . "links" $links) .RelPermalink $links }}{{ end }}</ul>
  </main>
  <footer class="embed__source"><p>Verified by {{ if .links }}<a href="/" target="_top">{{ site.Title }}</a>{{ else }}{{ site.Title }}{{ end }}. Certification statuses are as of <time datetime="{{ site.Params.as_of }}">{{ site.Params.as_of }}</time>, the date this list was built.</p></footer>
</body>
</html>
""",
    "partials/embeditem.html": """\
<li class="embed__member" data-member="{{ .p.File.ContentBaseName }}">
  <img class="embed__logo" src="{{ .p.Params.logo | relURL }}" alt="" width="32" height="32">
  <span class="embed__name">{{ if .links }}<a href="{{ .p.RelPermalink }}" target="_top">{{ .p.Title }}</a>{{ else }}{{ .p.Title }}{{ end }}</span>
  <span class="status status--{{ .p.Params.status }}" data-status="{{ .p.Params.status }}" data-records="{{ range $i, $r := .p.Params.certifications }}{{ if $i }} {{ end }}{{ $r.issued }}/{{ $r.expires }}{{ end }}">{{ .p.Params.status_label }}</span>
</li>
""",
    **{f"_default/term.{name}.html": f'{{{{ partial "embed.html" (dict "page" . "dark" {dark} "links" {links}) }}}}\n'
       for name, dark, links in (("embed", "false", "true"), ("embeddark", "true", "true"),
                                 ("embedplain", "false", "false"),
                                 ("embeddarkplain", "true", "false"))},
    "index.json": """\
{"schema_version":"1.0","as_of":{{ site.Params.as_of | jsonify }},"providers":[{{ range $i, $p := where site.RegularPages "Section" "providers" }}{{ if $i }},{{ end }}{{ dict "slug" $p.File.ContentBaseName "name" $p.Title "status" $p.Params.status "profile_url" $p.Permalink | jsonify }}{{ end }}]}
""",
}


def front_matter(profile, as_of, expiring_days=60):
    """Hugo front matter (JSON) for one synthetic profile, statuses as of `as_of`."""
    records = []
    for record in profile["certifications"]:
        issued = datetime.date.fromisoformat(record["issued"])
        expires = datetime.date.fromisoformat(record["expires"])
        records.append(dict(record, status=certification_status(issued, expires, as_of,
                                                                expiring_days)))
    status = member_status(record["status"] for record in records)
    valid = [r["expires"] for r in records if r["status"] in VALID_STATUSES]
    name_box = round(len(profile["name"]) * 6.4 + 12, 1)
    return {
        "title": profile["name"],
        "summary": profile["summary"],
        "date": profile["member_since"],
        # Service and country pages list verified members only, as ours do.
        "services": profile["services"] if status in VALID_STATUSES else [],
        "countries": sorted({profile["headquarters"]["country"], *profile["service_areas"]})
        if status in VALID_STATUSES else [],
        "industries": profile.get("industries", []) if status in VALID_STATUSES else [],
        "languages": profile.get("languages", []) if status in VALID_STATUSES else [],
        "certified_on": max((r["issued"] for r in records if r["status"] in VALID_STATUSES),
                            default=""),
        "service_ids": profile["services"],
        "areas": profile["service_areas"],
        "city": profile["headquarters"]["city"],
        "region": profile["headquarters"].get("region", ""),
        "country": profile["headquarters"]["country"],
        "country_name": profile["headquarters"]["country"],
        "website": profile["website"],
        "email": profile["contact"]["email"],
        "logo": f"/providers/{profile['logo'].rsplit('.', 1)[0]}/logo.svg",
        "status": status,
        "status_label": STATUS_LABELS[status],
        "verified": status in VALID_STATUSES,
        "valid_until": max(valid) if valid else None,
        "certifications": records,
        "badge_name_box": name_box,
        "badge_width": round(name_box + 190, 1),
        "badge_large_width": max(300, min(420, round(len(profile["name"]) * 8.6 + 20, 1))),
    }


def write_hugo_site(folder, providers, slugs, as_of):
    """A Hugo site in `folder` for the profiles written by `synthetic.write_profiles`."""
    from member_profiles.status import STATUS_MEANINGS
    from validation.yamlsafe import load_yaml

    for path, text in LAYOUTS.items():
        target = os.path.join(folder, "layouts", path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    statuses = [{"id": key, "label": label, "meaning": STATUS_MEANINGS[key]}
                for key, label in STATUS_LABELS.items()]
    config = dict(CONFIG, params={"as_of": as_of.isoformat(), "statuses": statuses})
    with open(os.path.join(folder, "hugo.json"), "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=1)
    content = os.path.join(folder, "content", "providers")
    os.makedirs(content)
    os.makedirs(os.path.join(folder, "content", "newest"))
    os.makedirs(os.path.join(folder, "content", "recent"))
    with open(os.path.join(folder, "content", "providers", "_index.md"), "w") as handle:
        handle.write('---\ntitle: "Verified members"\n---\n')
    with open(os.path.join(folder, "content", "newest", "_index.md"), "w") as handle:
        handle.write('---\ntitle: "Newest members"\n---\n')
    with open(os.path.join(folder, "content", "recent", "_index.md"), "w") as handle:
        handle.write('---\ntitle: "Recently certified"\n---\n')
    for slug in slugs:
        with open(os.path.join(providers, f"{slug}.yaml"), "rb") as handle:
            profile = load_yaml(handle.read())[0]
        logo_folder = os.path.join(folder, "static", "providers", slug)
        os.makedirs(logo_folder)
        with open(os.path.join(providers, "logos", profile["logo"]), "rb") as source, \
                open(os.path.join(logo_folder, "logo.svg"), "wb") as target:
            target.write(source.read())
        with open(os.path.join(content, f"{slug}.md"), "w", encoding="utf-8") as handle:
            json.dump(front_matter(profile, as_of), handle, ensure_ascii=False, indent=1)
            handle.write("\n\n" + profile["description"] + "\n")
