"""The browser editor's configuration (Decap CMS's config.yml), generated from our own rules.

One source of truth: the profile form's fields come from providers/schema.json (types,
patterns, required fields, and the `x-expected` help texts `make check` prints), the choices from
content/data/vocabulary.yaml and categories.yaml, and the Markdown forms' fields from the
metadata allowlists of the editorial and newsletter plugins (with their help texts). A plain
module: it is fed those tables and returns a dict; it never imports Pelican.
"""

import pycountry

# Vocabulary kind for each field that takes a vocabulary id (by its path in a profile).
VOCABULARY_FIELDS = {
    ("services",): "services",
    ("industries",): "industries",
    ("certifications", "standard"): "standards",
    ("certifications", "program"): "programs",
}
# Fields editors never edit in the browser: staff notes never leave the repository.
LEFT_OUT = {("private",)}
# Signed fields (plugins/records): shown, but changed only by staff with `make sign-records`.
SIGNED = {("name",), ("certifications",)}
MARKDOWN_FORMAT = "pelican-markdown"  # registered by static/cms.js
PROFILE_FORMAT = "msp-yaml"  # registered by static/cms.js: changes a file in place


def _options_countries():
    return [{"label": f"{country.alpha_2} · {country.name}", "value": country.alpha_2}
            for country in sorted(pycountry.countries, key=lambda country: country.alpha_2)]


def _options_languages():
    languages = [language for language in pycountry.languages if hasattr(language, "alpha_2")]
    return [{"label": f"{language.alpha_2} · {language.name}", "value": language.alpha_2}
            for language in sorted(languages, key=lambda language: language.alpha_2)]


def _resolve(schema, definitions):
    reference = schema.get("$ref", "")
    if reference.startswith("#/$defs/"):
        return {**definitions[reference.rsplit("/", 1)[1]],
                **{key: value for key, value in schema.items() if key != "$ref"}}
    return schema


def _help(schema):
    return schema.get("x-expected") or schema.get("description") or ""


def _choices(path, schema, vocabulary):
    """The select options of a field, or None when it is free text."""
    kind = VOCABULARY_FIELDS.get(path)
    if kind is not None:
        return [{"label": term.label, "value": term.id} for term in vocabulary[kind].values()]
    if "enum" in schema:
        return [str(value) for value in schema["enum"]]
    if schema.get("pattern") == "^[A-Z]{2}$":
        return _options_countries()
    if schema.get("pattern") == "^[a-z]{2}$":
        return _options_languages()
    return None


def schema_field(name, schema, definitions, vocabulary, path=(), required=True):
    """One Decap field for the property `name` of a JSON Schema (nested objects and lists too)."""
    path = (*path, name)
    schema = _resolve(schema, definitions)
    field = {"name": name, "label": name.replace("_", " ").capitalize(), "hint": _help(schema)}
    if not required:
        field["required"] = False
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        needed = set(schema.get("required", ()))
        field.update(widget="object", collapsed=False, fields=[
            schema_field(key, value, definitions, vocabulary, path, key in needed)
            for key, value in schema["properties"].items() if (*path, key) not in LEFT_OUT])
    elif kind == "array":
        items = _resolve(schema["items"], definitions)
        if items.get("type") == "object":
            needed = set(items.get("required", ()))
            field.update(widget="list", fields=[
                schema_field(key, value, definitions, vocabulary, path, key in needed)
                for key, value in items["properties"].items()])
        else:
            field.update(widget="select", multiple=True,
                         options=_choices(path, items, vocabulary) or [])
        if schema.get("minItems"):
            field["min"] = schema["minItems"]
        if schema.get("maxItems"):
            field["max"] = schema["maxItems"]
    elif kind == "integer":
        field.update(widget="number", value_type="int")
        for key, option in (("minimum", "min"), ("maximum", "max")):
            if key in schema:
                field[option] = schema[key]
    elif schema.get("format") == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                     time_format=False, picker_utc=True)
    elif _choices(path, schema, vocabulary) is not None:
        field.update(widget="select", options=_choices(path, schema, vocabulary))
    elif name == "logo":
        field.update(widget="image", choose_url=False)
    elif "Markdown" in _help(schema):
        field.update(widget="markdown")
    else:
        field["widget"] = "string"
        if schema.get("pattern") and schema["pattern"] != "\\S":
            field["pattern"] = [schema["pattern"], _help(schema)]
    if path in SIGNED:  # editable in a new profile, read-only in one that exists (cms.js)
        field["hint"] += " (signed: staff change it with make sign-records)"
        field["signed_widget"] = field.pop("widget")
        field["widget"] = "signed"
    return field


def profile_fields(schema, vocabulary):
    """The profile form: every property of providers/schema.json but the staff-only ones."""
    needed = set(schema.get("required", ()))
    definitions = schema.get("$defs", {})
    return [schema_field(name, value, definitions, vocabulary, (), name in needed)
            for name, value in schema["properties"].items() if (name,) not in LEFT_OUT]


def markdown_fields(allowed, required, choices=None, dates=(), skipped=()):
    """A Markdown form: the metadata allowlist `allowed` ({key: help}) and the body."""
    fields = []
    for key, hint in allowed.items():
        if key in skipped:
            continue
        field = {"name": key, "label": key.replace("_", " ").capitalize(), "hint": hint,
                 "widget": "string"}
        if key not in required:
            field["required"] = False
        if key in (choices or {}):
            field.update(widget="select", options=list(choices[key]))
        elif key in dates:
            field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                         time_format=False, picker_utc=True)
        elif key == "summary":
            field["widget"] = "text"
        fields.append(field)
    fields.append({"name": "body", "label": "Text", "widget": "markdown",
                   "hint": "Markdown; `make check` checks its links"})
    return fields


def cms_config(settings, profile_schema, vocabulary, categories, tables):
    """Decap CMS's configuration as a dict. `tables`: the metadata allowlists, {"article":
    (fields, required), "page": (...), "issue": (...)}; `categories`: {name: description}."""
    backend = {"name": "github", "repo": settings["CMS_GITHUB_REPO"] or "OWNER/REPOSITORY",
               "branch": settings["CMS_GITHUB_BRANCH"]}
    for key, setting in (("base_url", "CMS_AUTH_BASE_URL"), ("auth_endpoint",
                                                                "CMS_AUTH_ENDPOINT")):
        if settings[setting]:
            backend[key] = settings[setting]
    content = settings["CMS_CONTENT_FOLDER"].strip("/")
    status = {"status": ["published", "draft", "hidden"]}
    article, page, issue = tables["article"], tables["page"], tables["issue"]
    markdown = {"extension": "md", "format": MARKDOWN_FORMAT, "create": True}
    config = {
        "backend": backend,
        "media_folder": f"{content}/images",
        "public_folder": "{static}/images",
        "site_url": settings.get("SITEURL") or "/",
        "collections": [
            {"name": "providers", "label": "Member profiles", "label_singular": "Member profile",
             "folder": settings["CMS_PROVIDERS_FOLDER"].strip("/"), "extension": "yaml",
             "format": PROFILE_FORMAT, "create": True, "identifier_field": "name",
             "slug": "{{slug}}", "media_folder": "logos", "public_folder": "",
             "fields": profile_fields(profile_schema, vocabulary)},
            {"name": "articles", "label": "Education articles", "label_singular": "Article",
             "folder": f"{content}/articles", **markdown, "slug": "{{slug}}",
             "fields": markdown_fields(article[0], article[1],
                                       {"category": sorted(categories), **status},
                                       dates=("date", "modified"), skipped=("slug",))},
            {"name": "newsletter", "label": "MSP News issues", "label_singular": "Issue",
             "folder": f"{content}/newsletter", **markdown,
             "slug": "{{fields.date}}",  # an issue's file is named by its date
             "fields": markdown_fields(issue[0], issue[1], status, dates=("date",))},
            {"name": "pages", "label": "The association's pages", "label_singular": "Page",
             "folder": f"{content}/pages", **markdown, "slug": "{{slug}}",
             "fields": markdown_fields(page[0], page[1], status, dates=("modified",),
                                       skipped=("slug", "template", "save_as", "url"))},
        ],
    }
    if settings["CMS_LOCAL_BACKEND"]:
        config["local_backend"] = {"url": settings["CMS_LOCAL_BACKEND_URL"]}
    else:
        config["publish_mode"] = "editorial_workflow"
    return config


def field_order(fields, path=""):
    """{path: [field names]} of a form and its nested objects and lists ("" for the top, then
    "headquarters", "certifications", ...): the key order cms.js writes a new file in."""
    order = {path: [field["name"] for field in fields]}
    for field in fields:
        if "fields" in field:
            order.update(field_order(field["fields"], f"{path}.{field['name']}".lstrip(".")))
    return order
