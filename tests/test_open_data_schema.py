"""Open data a tool can use (issue 26, deliverable 6): `languages` in the JSON and CSV, a
published JSON Schema for each JSON file (named in its `$schema`), and
`Access-Control-Allow-Origin: *` for the open data in `_headers` and the nginx example."""

import copy
import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from conftest import ROOT, SAMPLE_PROVIDERS
from test_publish import _get, nginx, nginx_port, nginx_socket, published  # noqa: F401
from validation.yamlsafe import load_yaml

SCHEMA_PATH = "api/schema/"
# JSON files that are not open data: the search page's index shards (plugins/search_index, a
# format private to search.js) and the incremental build's bookkeeping.
NOT_OPEN_DATA = ("search/", ".build-manifest/")


def schemas_of(site):
    """A registry of the schemas the site publishes, by their `$id` (the file name)."""
    resources = []
    for path in sorted((site / SCHEMA_PATH).glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == path.name
        resources.append((path.name, Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def validator(registry, url):
    """A validator for the schema at `url` (a `$schema` value), from the published files."""
    assert url.startswith("/" + SCHEMA_PATH), url
    name = url.removeprefix("/" + SCHEMA_PATH)
    return jsonschema.Draft202012Validator(registry.contents(name), registry=registry)


def open_data_files(site):
    return sorted(p for p in site.rglob("*.json")
                  if not p.relative_to(site).as_posix().startswith((*NOT_OPEN_DATA, SCHEMA_PATH)))


def test_every_json_file_of_the_site_names_its_schema_and_is_valid(sample_site):
    from trust.export import SCHEMA_VERSION

    registry = schemas_of(sample_site.path)
    files = open_data_files(sample_site.path)
    members = list((sample_site.path / "api" / "providers").glob("*.json"))
    assert len(members) == len(list(SAMPLE_PROVIDERS.glob("*.yaml")))
    assert set(members) < set(files)
    assert sample_site.path / "api" / "providers.json" in files
    assert sample_site.path / ".well-known" / "msp-directory-keys.json" in files
    named = set()
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert "$schema" in document, path
        assert document["schema_version"] == SCHEMA_VERSION, path
        named.add(document["$schema"])
        errors = [f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator(registry, document["$schema"]).iter_errors(document)]
        assert errors == []
    assert named == {f"/{SCHEMA_PATH}{name}" for name in
                     ("providers.schema.json", "provider.schema.json", "keys.schema.json",
                      "statistics.schema.json")}


def test_the_schemas_refuse_what_the_format_does_not_say(sample_site):
    """The check can fail: a record without `languages`, a field nobody documented, a bad date."""
    registry = schemas_of(sample_site.path)
    document = json.loads((sample_site.path / "api/providers/fjordlys-drift.json").read_text())
    check = validator(registry, document["$schema"])
    assert list(check.iter_errors(document)) == []
    for change in (lambda d: d["provider"].pop("languages"),
                   lambda d: d["provider"].update(undocumented=1),
                   lambda d: d["provider"].update(member_since="12 March 2014"),
                   lambda d: d["provider"]["certifications"][0]["signature"].pop("demo")):
        changed = copy.deepcopy(document)
        change(changed)
        assert list(check.iter_errors(changed)) != []


def test_languages_in_the_json_and_the_csv(sample_site):
    """Each member's languages as its profile lists them, by code, in both formats."""
    collection = json.loads(sample_site.page("api/providers.json"))
    rows = {row["slug"]: row for row in csv.DictReader(
        io.StringIO(sample_site.page("providers.csv"), newline=""))}
    spoken = 0
    for record in collection["providers"]:
        profile, _ = load_yaml((SAMPLE_PROVIDERS / f"{record['slug']}.yaml").read_bytes())
        codes = [code for code in profile.get("languages", [])]
        assert [language["code"] for language in record["languages"]] == codes
        assert all(language["name"] for language in record["languages"])
        assert rows[record["slug"]]["languages"].split() == codes
        one = json.loads(sample_site.page(f"api/providers/{record['slug']}.json"))
        assert one["provider"]["languages"] == record["languages"]
        spoken += bool(codes)
    assert spoken >= 2  # the sample's members speak languages: the test compares something
    assert next(iter(rows.values())).keys() >= {"languages", "phone", "industries"}


def test_the_docs_log_the_format_and_the_schemas_carry_its_version(sample_site):
    from trust.export import SCHEMA_VERSION

    docs = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    changelog = docs[docs.index("## Changes of the format"):]
    assert re.search(rf"^- \*\*{re.escape(SCHEMA_VERSION)}\*\*", changelog, re.M)
    assert "`languages`" in changelog and "`$schema`" in changelog
    for path in (sample_site.path / SCHEMA_PATH).glob("*.json"):
        assert f"format {SCHEMA_VERSION}" in json.loads(path.read_text())["title"], path.name
        assert path.read_bytes() == (ROOT / "plugins/trust/schemas" / path.name).read_bytes()


def test_the_headers_file_lets_any_origin_read_the_open_data(sample_site):
    rules, current = {}, None
    for line in sample_site.page("_headers").splitlines():
        if line.startswith("/"):
            current = rules.setdefault(line.strip(), [])
        elif line.startswith("  ") and current is not None:
            current.append(line.strip())
    cors = "Access-Control-Allow-Origin: *"
    assert {path for path, headers in rules.items() if cors in headers} == {
        "/api/*", "/providers.csv", "/.well-known/msp-directory-keys.json"}


def test_nginx_lets_any_origin_read_the_open_data_and_nothing_else(nginx, published):  # noqa: F811
    for path in ("/api/providers.json", "/api/providers/fjordlys-drift.json",
                 "/api/schema/provider-record.schema.json", "/providers.csv",
                 "/.well-known/msp-directory-keys.json"):
        status, headers, body = _get(nginx + path)
        assert status == 200, path
        assert headers["Access-Control-Allow-Origin"] == "*", path
        assert body == (published.path / path.lstrip("/")).read_bytes()
        # the location repeats the site's security headers (add_header is not inherited)
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert "default-src 'self'" in headers["Content-Security-Policy"], path
    for path in ("/providers/", "/verify/fjordlys-drift/", "/search/"):
        status, headers, _ = _get(nginx + path)
        assert status == 200 and "Access-Control-Allow-Origin" not in headers, path


@pytest.mark.browser
def test_a_page_on_another_origin_reads_the_json_and_the_csv(nginx, page, serve, tmp_path):  # noqa: F811
    """A procurement tool in a browser: a page served from another port fetches the files."""
    (tmp_path / "tool.html").write_text(
        '<!DOCTYPE html><title>tool</title><link rel="icon" href="data:,">', encoding="utf-8")
    page.goto(serve(tmp_path) + "/tool.html")
    answer = page.evaluate("""async (base) => {
        const data = await (await fetch(base + '/api/providers.json')).json();
        const csv = await (await fetch(base + '/providers.csv')).text();
        return [data.providers.length, data['$schema'], csv.split('\\r\\n')[0]];
    }""", nginx)
    count, schema, header = answer
    assert count > 0 and schema.endswith("/api/schema/providers.schema.json")
    assert header.endswith(",languages")
    assert page.problems == []


def test_the_schema_folder_is_in_the_repository():
    """The schemas are code: published from plugins/trust/schemas/, one per JSON document."""
    from trust.export import SCHEMA_FILES

    assert sorted(SCHEMA_FILES.values()) == sorted(
        p.name for p in Path(ROOT / "plugins/trust/schemas").glob("*.json"))
