"""Security round 2, trust: no pull request can mint a verified member (issue 23, items 1, 5, 7, 8).

The production settings (publishconf.py) never run pelicanconf.py, pin the folders that decide
what is believed, and accept only the keys whose fingerprints the publish environment lists
(MSP_TRUSTED_KEY_FINGERPRINTS). CODEOWNERS gives staff every file that changes what the build
trusts or runs, and the publish workflow deploys /.well-known/.
"""

import ast
import base64
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import (ALLOW_SAMPLE, REFERENCE_DATE, ROOT, member_site, new_providers_dir,
                      sign_profile, variant, write_profile)
from records.keyring import SAMPLE_FINGERPRINTS, fingerprint, parse_fingerprints

SAMPLE_PUBLIC = "uYPM6FIedLDR68InAdF6EH1FdtVkt7rt24TcGMPnVFY="
TRUST_VARIABLES = ("MSP_TRUSTED_KEY_FINGERPRINTS", "MSP_REVOCATIONS_MIN_VERSION",
                   "ALLOW_SAMPLE_SIGNING_KEY")


@pytest.fixture(autouse=True)
def _no_trust_in_environment(monkeypatch):
    """Every test says what its publish environment trusts; nothing leaks in from the shell."""
    for name in TRUST_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def new_key(path):
    """(public key base64, fingerprint) of a new Ed25519 key whose PEM is written to `path`."""
    key = Ed25519PrivateKey.generate()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii"), fingerprint(raw)


def write_keyring(path, *entries):
    """A keyring file of (id, public key, extra fields) entries, with its schema beside it."""
    lines = ["keys:"]
    for key_id, public, extra in entries:
        lines += [f"  - id: {key_id}", "    algorithm: Ed25519", f"    public_key: {public}",
                  "    status: active", "    created: 2026-01-01"]
        lines += [f"    {name}: {value}" for name, value in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(ROOT / "content" / "data" / "signing-keys.schema.json",
                path.with_suffix(".schema.json"))
    return path


def groups(digest):
    return " ".join(digest[i:i + 4] for i in range(0, 64, 4))


# -- publishconf.py stands alone --------------------------------------------------------------

def _assigned(path):
    """{name: source text of the value} of every top-level assignment of a settings file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = ast.unparse(node.value)
    return tree, found


# Values production sets differently from development, on purpose.
PRODUCTION_ONLY = {
    "SITEURL", "RELATIVE_URLS", "DRAFT_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "PRECOMPRESS",
    "BUILD_DATE", "RECORD_SIGNATURES", "RECORD_TRUSTED_KEY_FINGERPRINTS",
    "RECORD_REVOCATIONS_MIN_VERSION", "RECORD_ALLOW_SAMPLE_KEYS", "RECORD_AUDITORS_PATH",
    "RECORD_KEYRING_PATH", "RECORD_REVOCATIONS_PATH",
    # nothing deployed is an unchecked reuse: production builds cold unless BUILD_REUSE_CHECK
    "INCREMENTAL_FROM",
}


def test_publishconf_never_imports_pelicanconf_and_pins_what_is_trusted():
    tree, production = _assigned(ROOT / "publishconf.py")
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names} | {node.module for node in ast.walk(tree)
                                            if isinstance(node, ast.ImportFrom)}
    assert "pelicanconf" not in imported and "*" not in imported
    # nor reads it any other way (exec, runpy, open): no name or value outside the docstring
    # mentions it
    code = [node for node in ast.walk(tree) if node is not tree.body[0].value]
    assert not [node for node in code if isinstance(node, ast.Constant)
                and "pelicanconf" in str(node.value)]
    assert not [node for node in code if isinstance(node, ast.Name) and node.id in (
        "exec", "eval", "runpy", "importlib", "__import__")]
    # the file's own values (site_settings would point the build at the tests' frozen sample)
    from pelican.settings import read_settings
    from sitetools.config import initialised

    settings = initialised(read_settings(str(ROOT / "publishconf.py")))
    assert settings["PROVIDERS_PATH"] == str(ROOT / "providers")
    assert settings["RECORD_KEYRING_PATH"] == str(ROOT / "content" / "data" / "signing-keys.yaml")
    assert settings["RECORD_AUDITORS_PATH"] == str(ROOT / "content" / "data" / "auditors.yaml")
    assert settings["RECORD_REVOCATIONS_PATH"] == str(ROOT / "content" / "data" / "revocations.yaml")
    assert settings["RECORD_SIGNATURES"] == "required"
    assert settings["RECORD_TRUSTED_KEY_FINGERPRINTS"] == ""
    assert settings["RECORD_ALLOW_SAMPLE_KEYS"] is False
    # the names make adopt rewrites are plain `NAME = "value"` lines, once each
    text = (ROOT / "publishconf.py").read_text(encoding="utf-8")
    for name in ("ASSOCIATION_NAME", "BADGE_ASSOCIATION", "SITEURL", "CONTACT_EMAIL"):
        assert len([line for line in text.splitlines()
                    if line.startswith(f'{name} = "')]) == 1, name


def test_publishconf_copies_every_other_development_setting():
    """Production builds the same site: each setting of pelicanconf.py is in publishconf.py with
    the same value, except those production sets on purpose (a setting added to pelicanconf.py
    must be copied)."""
    _, development = _assigned(ROOT / "pelicanconf.py")
    _, production = _assigned(ROOT / "publishconf.py")
    differ = {name: (value, production.get(name)) for name, value in development.items()
              if name not in PRODUCTION_ONLY and production.get(name) != value
              and name not in ("DRAFT_URL", "DRAFT_PAGE_URL")}
    assert differ == {}, f"copy these settings from pelicanconf.py to publishconf.py: {differ}"


# -- the editor-only pull request of issue 23, run through `make publish` ----------------------

HOSTILE_LINES = """
# an editor's "small fix"
PROVIDERS_PATH = os.path.join(HERE, "editor", "providers")
RECORD_KEYRING_PATH = os.path.join(HERE, "editor", "keys.yaml")
"""


@pytest.fixture(scope="module")
def hostile_clone(tmp_path_factory):
    """A copy of the repository after the attacker's pull request: pelicanconf.py points the
    providers folder and the keyring at editor-owned copies holding the attacker's key, and
    the real keyring and providers folder get the attacker's key and member too."""
    base = tmp_path_factory.mktemp("hostile")
    clone = base / "repo"
    clone.mkdir()
    for name in ("Makefile", "publishconf.py", "requirements.txt"):
        shutil.copy2(ROOT / name, clone / name)
    for name in ("plugins", "theme", ".venv"):
        (clone / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "content", clone / "content")
    leadership = clone / "content" / "data" / "leadership.yaml"  # (names sample members)
    leadership.write_text("".join(line for line in leadership.read_text(encoding="utf-8")
                                  .splitlines(keepends=True)
                                  if not line.lstrip().startswith("member:")), encoding="utf-8")
    (clone / "pelicanconf.py").write_text(
        (ROOT / "pelicanconf.py").read_text(encoding="utf-8") + HOSTILE_LINES, encoding="utf-8")
    # the association's own providers: one genuine member, signed with the SAMPLE key (this
    # publish environment allows it, as a demo of the sample site would)
    providers = new_providers_dir(clone / "providers")
    public, attacker_print = new_key(base / "attacker.pem")
    # the editor-owned copies the hostile pelicanconf.py points at
    editor = clone / "editor"
    editor_providers = new_providers_dir(editor / "providers")
    write_keyring(editor / "keys.yaml", ("editor-2026", public, {}))
    evil = variant("evil-msp", "Evil MSP Ltd")
    write_profile(editor_providers, "evil-msp", evil)
    sign_profile(editor_providers, "evil-msp", key_file=base / "attacker.pem", key_id="editor-2026")
    # ... and the same member and key added to the real folders (item 7)
    keyring = clone / "content" / "data" / "signing-keys.yaml"
    keyring.write_text(keyring.read_text(encoding="utf-8") + (
        f"  - id: editor-2026\n    algorithm: Ed25519\n    public_key: {public}\n"
        "    status: active\n    created: 2026-11-01\n"), encoding="utf-8")
    write_profile(providers, "evil-msp", evil)
    sign_profile(providers, "evil-msp", key_file=base / "attacker.pem", key_id="editor-2026")
    return {"clone": clone, "attacker": attacker_print}


def _make_publish(clone, output, trusted):
    env = dict(os.environ, BUILD_DATE=REFERENCE_DATE, ALLOW_SAMPLE_SIGNING_KEY="1",
               MSP_TRUSTED_KEY_FINGERPRINTS=trusted, SITEURL="https://a.example")
    return subprocess.run(["make", "publish", f"OUTPUTDIR={output}"], cwd=clone,
                          capture_output=True, text=True, env=env, timeout=600)


def test_editor_pull_request_cannot_publish_a_verified_member(hostile_clone, tmp_path):
    clone = hostile_clone["clone"]
    # the association's real key (not the attacker's) is what the publish environment trusts
    _, association = new_key(tmp_path / "association.pem")
    result = _make_publish(clone, tmp_path / "site", association)
    printed = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("providers/evil-msp.yaml:21: certifications[0]: signed with the "
            f"key 'editor-2026' (fingerprint {groups(hostile_clone['attacker'])}), which this "
            "build does not trust; expected a signature by a key whose fingerprint is in "
            "MSP_TRUSTED_KEY_FINGERPRINTS") in printed, printed
    assert "editor/" not in printed  # the redirected folders were never read
    assert not (tmp_path / "site").exists()


def test_editor_redirect_alone_changes_nothing(hostile_clone, tmp_path):
    """Without the member in the real folder, the hostile pelicanconf.py has no effect at all:
    the build publishes the genuine member only."""
    clone = tmp_path / "repo"
    shutil.copytree(hostile_clone["clone"], clone, symlinks=True)
    (clone / "providers" / "evil-msp.yaml").unlink()
    (clone / "providers" / "signatures" / "evil-msp.json").unlink()
    (clone / "providers" / "logos" / "evil-msp.svg").unlink()
    result = _make_publish(clone, tmp_path / "site", "")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert (site / "verify" / "testfjord" / "index.html").is_file()
    assert not list(site.rglob("*evil*"))
    assert "Evil MSP" not in (site / "api" / "providers.json").read_text(encoding="utf-8")


# -- keys the publish environment does not list (item 7) -------------------------------------

@pytest.fixture
def second_key(tmp_path, providers_dir):
    """A second key in the keyring beside the SAMPLE key; testfjord re-signed with it."""
    public, digest = new_key(tmp_path / "second.pem")
    keyring = write_keyring(tmp_path / "keys.yaml", ("sample-2026", SAMPLE_PUBLIC,
                                                     {"sample": "true"}),
                            ("second-2026", public, {}))
    sign_profile(providers_dir, "testfjord", key_file=tmp_path / "second.pem",
                 key_id="second-2026")
    return {"keyring": keyring, "print": digest, "providers": providers_dir, "tmp": tmp_path}


def _production(case, name, **overrides):
    return member_site(case["tmp"] / name, case["providers"], "publishconf.py",
                       RECORD_KEYRING_PATH=str(case["keyring"]), SITEURL="https://a.example",
                       **overrides)


def test_a_key_in_the_keyring_but_not_in_the_environment_is_refused(second_key):
    refused = _production(second_key, "refused")
    assert refused.returncode != 0
    assert (f"{second_key['providers'] / 'testfjord.yaml'}:21: certifications[0]: signed with "
            f"the key 'second-2026' (fingerprint {groups(second_key['print'])}), which this "
            "build does not trust; expected a signature by a key whose fingerprint is in "
            "MSP_TRUSTED_KEY_FINGERPRINTS") in refused.output
    # listed (as the certification page groups it, beside another key): believed
    listed = _production(second_key, "listed", RECORD_TRUSTED_KEY_FINGERPRINTS=(
        f"{'0' * 64},\n {groups(second_key['print'])}"))
    assert listed.returncode == 0, listed.output
    html = listed.page("verify/testfjord/index.html")
    assert "is a verified member" in html and groups(second_key["print"]) in html


def test_a_malformed_fingerprint_is_a_problem_naming_the_variable(second_key):
    build = _production(second_key, "bad", RECORD_TRUSTED_KEY_FINGERPRINTS="abc123, nothex!")
    assert build.returncode != 0
    assert ("(publish environment): MSP_TRUSTED_KEY_FINGERPRINTS: 'abc123' is not a SHA-256 "
            "fingerprint; expected 64 hex digits per key") in build.output
    assert "'nothex!' is not a SHA-256 fingerprint" in build.output


def test_fingerprints_are_read_in_every_written_form():
    one, two = "ab" * 32, "cd" * 32
    assert parse_fingerprints(f"{one},{two}") == (frozenset({one, two}), [])
    assert parse_fingerprints(f"{one.upper()}\n{two}") == (frozenset({one, two}), [])
    assert parse_fingerprints(f"{groups(one)}, {groups(two)}") == (frozenset({one, two}), [])
    assert parse_fingerprints("") == (frozenset(), [])
    assert parse_fingerprints(f"{one[:60]}, {two}") == (frozenset({two}), [one[:60]])


def test_no_member_and_no_trusted_key_still_builds(tmp_path):
    """A freshly adopted site: no records, and the variable not set yet."""
    providers = tmp_path / "providers"
    (providers / "logos").mkdir(parents=True)
    shutil.copy(ROOT / "providers" / "schema.json", providers / "schema.json")
    build = member_site(tmp_path / "out", providers, "publishconf.py", SITEURL="https://a.example")
    assert build.returncode == 0, build.output


# -- the SAMPLE key, by fingerprint (item 5) --------------------------------------------------

def test_sample_key_refused_even_when_the_keyring_does_not_say_sample(tmp_path, providers_dir):
    assert fingerprint(base64.b64decode(SAMPLE_PUBLIC)) in SAMPLE_FINGERPRINTS
    keyring = write_keyring(tmp_path / "keys.yaml", ("sample-2026", SAMPLE_PUBLIC, {}))
    case = {"keyring": keyring, "providers": providers_dir, "tmp": tmp_path}
    # even listed among the trusted fingerprints
    refused = _production(case, "refused", RECORD_TRUSTED_KEY_FINGERPRINTS=min(SAMPLE_FINGERPRINTS))
    assert refused.returncode != 0
    assert (f"{providers_dir / 'testfjord.yaml'}:21: certifications[0]: signed with the SAMPLE "
            "key 'sample-2026', which is for tests and demos only") in refused.output
    # allowed explicitly (tests, demos): the sample's fingerprint is then trusted too
    allowed = _production(case, "allowed", **ALLOW_SAMPLE)
    assert allowed.returncode == 0, allowed.output


# -- CODEOWNERS (items 1 and 7) ---------------------------------------------------------------

def _pattern(pattern):
    """A CODEOWNERS pattern as a regular expression (gitignore rules: a slash at the start or
    in the middle anchors it to the root; `*` stays within a folder, `**` crosses folders; a
    trailing slash means everything in that folder; a name matches a folder's contents too)."""
    body = pattern.strip("/")
    anchored = pattern.startswith("/") or "/" in body
    regex = ""
    for part in re.split(r"(\*\*|\*|\?)", body):
        regex += {"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(part, re.escape(part))
    regex = ("" if anchored else "(?:.*/)?") + regex
    regex += "/.*" if pattern.endswith("/") else "(?:/.*)?"
    return re.compile(regex if body != "*" else ".*")


def _owners(path, rules):
    """The owners of `path` (repository-relative) under GitHub's rules: the last match wins."""
    owners = None
    for pattern, names in rules:
        if _pattern(pattern).fullmatch(path):
            owners = names
    return owners


def _codeowners():
    rules = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pattern, *names = line.split()
            rules.append((pattern, names))
    return rules


STAFF = ["@msp-directory/staff"]
TRUST_CRITICAL = [
    "pelicanconf.py", "publishconf.py", "Makefile", "requirements.txt", "pyproject.toml",
    "plugins/records/signatures.py", "plugins/trust/badge.py", "plugins/sitetools/check.py",
    "plugins/member_profiles/status_rules.json", "theme/templates/verify.html",
    "theme/static/js/status.js", ".github/workflows/publish.yml", ".github/CODEOWNERS",
    ".ci/run", "content/data/signing-keys.yaml", "content/data/auditors.yaml",
    "content/data/revocations.yaml", "content/data/vocabulary.yaml",
    "content/data/vocabulary.schema.json", "content/data/gazetteer.yaml",
    "providers/signatures/acme-it.json", "providers/schema.json",
    "tests/keys/sample-signing-key.pem", "tests/test_attacks_trust.py", "deploy/nginx.conf",
]
EDITORS_CONTENT = [
    "providers/acme-it.yaml", "providers/logos/acme-it.svg", "content/articles/backups.md",
    "content/pages/about.md", "content/newsletter/2026-12-01.md", "content/images/photo.png",
]


@pytest.mark.parametrize("path", TRUST_CRITICAL)
def test_codeowners_gives_staff_what_the_build_trusts_or_runs(path):
    assert _owners(path, _codeowners()) == STAFF, path


@pytest.mark.parametrize("path", EDITORS_CONTENT)
def test_codeowners_leaves_content_to_editors(path):
    owners = _owners(path, _codeowners())
    assert owners is not None and "@msp-directory/editors" in owners, path


def test_codeowners_names_every_file_the_repository_holds():
    """Every tracked file that is not an editor's content is staff-owned."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.splitlines()
    rules = _codeowners()
    content = ("providers/logos/", "content/articles/", "content/pages/", "content/newsletter/",
               "content/images/")
    for path in listed:
        owners = _owners(path, rules)
        is_profile = path.startswith("providers/") and path.count("/") == 1 and path.endswith(
            (".yaml", ".yml"))
        if (is_profile or path.startswith(content)) and path != "content/pages/certification.md":
            assert owners and "@msp-directory/editors" in owners, path
        else:
            assert owners == STAFF, path


# -- the publish workflow (items 1 and 8) -----------------------------------------------------

def _publish_workflow():
    return yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(
        encoding="utf-8"))


def test_publish_deploys_dot_folders_and_reads_trust_from_repository_variables():
    steps = _publish_workflow()["jobs"]["build"]["steps"]
    upload = [step for step in steps
              if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert len(upload) == 1
    # /.well-known/msp-directory-keys.json is a dot-folder: left out unless this is set
    assert upload[0]["with"]["include-hidden-files"] is True
    publish = [step for step in steps if "make publish" in str(step.get("run", ""))]
    assert len(publish) == 1
    env = publish[0]["env"]
    assert env["MSP_TRUSTED_KEY_FINGERPRINTS"] == "${{ vars.MSP_TRUSTED_KEY_FINGERPRINTS }}"
    assert env["MSP_REVOCATIONS_MIN_VERSION"] == "${{ vars.MSP_REVOCATIONS_MIN_VERSION }}"


# -- the offline verifier, docs/verify_record.py (item 9) ---------------------------------------

VERIFIER = ROOT / "docs" / "verify_record.py"


@pytest.fixture(scope="module")
def genuine(tmp_path_factory):
    """A production build whose only member is signed with the association's own key; the
    keys file and the member's JSON as the site publishes them."""
    base = tmp_path_factory.mktemp("genuine")
    public, digest = new_key(base / "association.pem")
    keyring = write_keyring(base / "keys.yaml", ("sample-2026", SAMPLE_PUBLIC, {"sample": "true"}),
                            ("association-2027", public, {}))
    providers = new_providers_dir(base / "providers")
    sign_profile(providers, "testfjord", key_file=base / "association.pem",
                 key_id="association-2027")
    build = member_site(base / "out", providers, "publishconf.py", SITEURL="https://a.example",
                        RECORD_KEYRING_PATH=str(keyring), RECORD_TRUSTED_KEY_FINGERPRINTS=digest)
    assert build.returncode == 0, build.output
    return {"keys": build.path / ".well-known" / "msp-directory-keys.json",
            "member": build.path / "api" / "providers" / "testfjord.json", "print": digest,
            "base": base}


def _verify(keys, member, *args):
    return subprocess.run([sys.executable, str(VERIFIER), str(keys), str(member), *args],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": os.environ.get("PATH", "")})


def _edited(genuine, name, keys=None, member=None):
    """Copies of the two files, changed by the functions given; returns their paths."""
    paths = []
    for source, change in ((genuine["keys"], keys), (genuine["member"], member)):
        document = json.loads(source.read_text(encoding="utf-8"))
        if change:
            change(document)
        path = genuine["base"] / f"{name}-{source.name}"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


def test_offline_verifier_is_standalone():
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names} | {node.module.split(".")[0] for node in ast.walk(tree)
                                            if isinstance(node, ast.ImportFrom)}
    assert imported - {"cryptography"} <= set(sys.stdlib_module_names)


def test_offline_verifier_accepts_a_genuine_record(genuine):
    result = _verify(genuine["keys"], genuine["member"], "--trust", groups(genuine["print"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ("OK testfjord UCS-2025-0001: signed by association-2027 on "
                             f"{REFERENCE_DATE}\n")
    other = _verify(genuine["keys"], genuine["member"], "--trust", "ab" * 32)
    assert other.returncode == 1
    assert "which is not one you trust (--trust)" in other.stdout


def _forge_with_sample(document):
    """What anyone holding tests/keys/ can do: change a record and sign it with the SAMPLE key."""
    from records.signatures import signed_bytes

    key = serialization.load_pem_private_key(
        (ROOT / "tests" / "keys" / "sample-signing-key.pem").read_bytes(), password=None)
    member = document["provider"]
    record = member["certifications"][0]
    record["expires"] = "2099-12-31"
    fields = {field: record[field] for field in ("issued", "expires", "report_id", "auditor")}
    fields.update(standard=record["standard"]["id"], program=record["program"]["id"])
    message = signed_bytes(member["slug"], member["name"], fields, "sample-2026", "2026-11-29")
    record["signature"] = {"algorithm": "Ed25519", "key_id": "sample-2026",
                           "key_fingerprint": min(SAMPLE_FINGERPRINTS), "signed_on": "2026-11-29",
                           "value": base64.b64encode(key.sign(message)).decode("ascii")}


def _unmark_sample(document):
    for key in document["keys"]:
        key["sample"] = False


def test_offline_verifier_refuses_a_forgery_signed_with_the_sample_key(genuine):
    keys, member = _edited(genuine, "forged", keys=_unmark_sample, member=_forge_with_sample)
    result = _verify(keys, member)  # even trusting every key of the file
    assert result.returncode == 1
    assert result.stdout == ("REFUSED testfjord UCS-2025-0001: signed with the SAMPLE key "
                             "'sample-2026', whose private half is public; its signatures prove "
                             "nothing\n")
    # the forgery's signature itself is good: only the key gives it away
    assert _verify(keys, member, "--allow-sample").returncode == 0


@pytest.mark.parametrize(("name", "change", "refusal"), [
    ("revoked", {"status": "revoked", "revoked": "2026-12-01"},
     "signed with the key 'association-2027', revoked on 2026-12-01"),
    ("retired-before", {"status": "retired", "retired": "2026-11-28"},
     "signed on 2026-11-29 with the key 'association-2027', retired on 2026-11-28"),
    ("retired-after", {"status": "retired", "retired": "2026-11-29"}, None),
])
def test_offline_verifier_follows_the_key_status(genuine, name, change, refusal):
    def edit(document):
        for key in document["keys"]:
            if key["id"] == "association-2027":
                key.update(change)

    keys, member = _edited(genuine, name, keys=edit)
    result = _verify(keys, member, "--trust", genuine["print"])
    if refusal is None:
        assert result.returncode == 0, result.stdout
    else:
        assert result.returncode == 1
        assert result.stdout == f"REFUSED testfjord UCS-2025-0001: {refusal}\n"


def test_offline_verifier_refuses_an_edited_or_withdrawn_record(genuine):
    def later(document):
        document["provider"]["certifications"][0]["expires"] = "2029-01-09"

    keys, member = _edited(genuine, "edited", member=later)
    result = _verify(keys, member, "--trust", genuine["print"])
    assert result.returncode == 1 and "the signature does not verify" in result.stdout

    def withdrawn(document):
        record = document["provider"]["certifications"][0]
        record["status"] = "withdrawn"
        record["revocation"] = {"status": "withdrawn", "date": "2026-12-01", "reason": "Audit void."}

    keys, member = _edited(genuine, "withdrawn", member=withdrawn)
    result = _verify(keys, member, "--trust", genuine["print"])
    assert result.stdout == ("REFUSED testfjord UCS-2025-0001: withdrawn by the association on "
                             "2026-12-01: Audit void.\n")
