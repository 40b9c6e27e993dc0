"""Certification records no one can self-assert: registry rules, signatures, key rotation.

Real builds of small sites (the fixture site, tests/fixture_site/, with the members each test
writes): a production build (publishconf.py) must refuse each self-asserted record with a
`file:line: field` error; a development build leaves out what breaks a registry rule, and shows
unsigned or tampered records as "not signed by the association".
"""

import base64
import json
import re
import shutil

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import (ALLOW_SAMPLE, REFERENCE_DATE, ROOT, SAMPLE_CONTENT, SAMPLE_KEY_FILE,
                      SAMPLE_PROVIDERS, member_site, run_check, sign_profile, site_settings,
                      variant, write_profile)
from records import signatures as sig
from records.keyring import fingerprint
from records.registry import add_months

# Lines of VALID_PROFILE's only record: standard 21, program 22, issued 23, expires 24,
# report_id 25, auditor 26.
RECORD, ISSUED, EXPIRES, REPORT, AUDITOR = 21, 23, 24, 25, 26


# -- the five ways to self-assert a record, in one directory ------------------------------------

@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    """testfjord (signed, good) beside one profile per self-assertion, each wrong in one way."""
    folder = tmp_path_factory.mktemp("self-asserted") / "providers"
    (folder / "logos").mkdir(parents=True)
    shutil.copy(SAMPLE_PROVIDERS / "schema.json", folder / "schema.json")
    write_profile(folder, "testfjord", variant("testfjord", "Testfjord Drift AS",
                                               unique_reports=False))
    sign_profile(folder, "testfjord")
    cases = {
        "madeup": {"auditor: Nordlicht Audit Partners": "auditor: Trust Me Audits"},
        "copycat": {},  # testfjord's report id, UCS-2025-0001
        "forever": {"expires: 2028-01-09": "expires: 2099-12-31"},
        "early": {"issued: 2025-01-10": "issued: 2027-06-01",
                  "expires: 2028-01-09": "expires: 2029-06-01"},
        "wrongprog": {"standard: ucs\n": "standard: ucs-cloud\n",
                      "program: msp-verify": "program: cloud-verify",
                      "auditor: Nordlicht Audit Partners": "auditor: Kittiwake Assurance Oy"},
    }
    for slug, changes in cases.items():
        write_profile(folder, slug, variant(slug, f"{slug.title()} AS",
                                            unique_reports=slug != "copycat", **changes))
        sign_profile(folder, slug)  # even a signature does not save a record the rules refuse
    write_profile(folder, "unsigned", variant("unsigned", "Unsigned AS"))
    write_profile(folder, "tampered", variant("tampered", "Tampered AS"))
    sign_profile(folder, "tampered")
    text = (folder / "tampered.yaml").read_text(encoding="utf-8")
    (folder / "tampered.yaml").write_text(text.replace("expires: 2028-01-09", "expires: 2028-01-10"),
                                          encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def production(hostile_dir, tmp_path_factory):
    return member_site(tmp_path_factory.mktemp("production") / "out", hostile_dir,
                       "publishconf.py", SITEURL="https://a.example", **ALLOW_SAMPLE)


REGISTRY_CASES = ("madeup", "copycat", "forever", "early", "wrongprog")


@pytest.fixture(scope="module")
def development(hostile_dir, tmp_path_factory):
    """A development build of the good, the unsigned and the tampered profile (a registry
    problem is an error in every build, so those profiles are left out of this folder)."""
    base = tmp_path_factory.mktemp("development")
    folder = shutil.copytree(hostile_dir, base / "providers")
    for slug in REGISTRY_CASES:
        (folder / f"{slug}.yaml").unlink()
    build = member_site(base / "out", folder)
    assert build.returncode == 0, build.output
    return build


def _problem(build, folder, slug, line, field):
    """The one output line for slug:line: field, or fail listing the output."""
    start = f"{folder / (slug + '.yaml')}:{line}: {field}: "
    found = [text for text in build.output.splitlines() if text.startswith(start)]
    assert len(found) == 1, f"no single line starting {start!r} in:\n{build.output}"
    assert "; expected " in found[0]
    return found[0]


SELF_ASSERTED = [
    # slug, line, field, words in the problem
    ("madeup", AUDITOR, "certifications[0].auditor",
     "'Trust Me Audits' is not an accredited auditor; expected an auditor listed in "
     "tests/sample_site/content/data/auditors.yaml: Bellwether Conformity Ltd"),
    ("copycat", REPORT, "certifications[0].report_id",
     "report id 'UCS-2025-0001' is also used by {folder}/testfjord.yaml:25"),
    ("forever", EXPIRES, "certifications[0].expires",
     "expires 2099-12-31 is more than 36 months after issued 2025-01-10; expected an expiry no "
     "later than 2028-01-10 (the maximum validity of msp-verify, "
     "tests/sample_site/content/data/auditors.yaml:"),
    ("early", ISSUED, "certifications[0].issued",
     "issued 2027-06-01 is more than 30 days after the build date 2026-11-29; expected an issue "
     "date no later than 2026-12-29"),
    ("wrongprog", AUDITOR, "certifications[0].auditor",
     "'Kittiwake Assurance Oy' is not accredited for the programme 'cloud-verify'"),
    ("unsigned", RECORD, "certifications[0]",
     "report UCS-2025-0001-UNSIGNED is not signed by the association; expected a record signed "
     "by staff with make sign-records"),
    ("tampered", EXPIRES, "certifications[0].expires",
     'expires is "2028-01-10" but staff signed "2028-01-09"'),
]


@pytest.mark.parametrize("slug,line,field,words", SELF_ASSERTED,
                         ids=[case[0] for case in SELF_ASSERTED])
def test_production_build_refuses_each_self_asserted_record(production, hostile_dir, slug, line,
                                                            field, words):
    assert production.returncode != 0
    text = _problem(production, hostile_dir, slug, line, field)
    assert words.format(folder=hostile_dir) in text
    assert not (production.path / "verify" / slug).exists()
    assert not (production.path / "providers" / slug / "badge.svg").exists()


def test_a_copied_report_id_names_both_files(production, hostile_dir):
    original = _problem(production, hostile_dir, "testfjord", REPORT, "certifications[0].report_id")
    assert f"also used by {hostile_dir / 'copycat.yaml'}:25" in original


def test_production_build_writes_nothing(production):
    assert production.returncode != 0
    assert not production.path.exists() or not list(production.path.rglob("*.html"))


def test_development_build_shows_signed_and_unsigned_records(development):
    directory = json.loads(development.page("api/providers.json"))
    assert sorted(p["slug"] for p in directory["providers"]) == ["tampered", "testfjord",
                                                                 "unsigned"]
    html = development.page("verify/testfjord/index.html")
    assert 'data-signed="yes"' in html and "signed by the association on" in html


def test_development_build_warns_once_and_shows_unsigned_records(development, hostile_dir):
    warnings = [line for line in development.output.splitlines() if "are not signed" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("member_profiles: 2 audit record(s) in 2 profile(s)")
    assert "tampered.yaml" in warnings[0] and "unsigned.yaml" in warnings[0]
    assert "testfjord.yaml" not in warnings[0]
    assert "This development build shows them as unsigned" in warnings[0]
    for slug in ("unsigned", "tampered"):
        html = development.page(f"verify/{slug}/index.html")
        assert 'data-signed="no"' in html and 'data-signed="yes"' not in html
        assert "not signed by the association." in html
        assert "signed by the association on" not in html
        record = json.loads(development.page(f"api/providers/{slug}.json"))["provider"]
        assert record["certifications"][0]["signature"] is None


def test_make_check_lists_registry_problems_and_notes_unsigned_records(hostile_dir):
    code, output = run_check(PROVIDERS_PATH=str(hostile_dir))
    assert code == 1
    assert f"{hostile_dir / 'madeup.yaml'}:26: certifications[0].auditor:" in output
    assert "note: 2 audit record(s) in 2 profile(s) are not signed" in output
    code, output = run_check(PROVIDERS_PATH=str(hostile_dir), RECORD_SIGNATURES="required")
    assert f"{hostile_dir / 'unsigned.yaml'}:21: certifications[0]: report" in output


# -- the sample site: every record signed -------------------------------------------------------

def test_every_sample_verify_page_shows_a_valid_signature(sample_site):
    keys = json.loads(sample_site.page(".well-known/msp-directory-keys.json"))
    (key,) = keys["keys"]
    assert key["id"] == "sample-2026" and key["sample"] is True and key["status"] == "active"
    raw = base64.b64decode(key["public_key"])
    assert key["fingerprint"] == fingerprint(raw)
    grouped = " ".join(key["fingerprint"][i:i + 4] for i in range(0, 64, 4))
    members = json.loads(sample_site.page("api/providers.json"))["providers"]
    assert len(members) >= 30
    for member in members:
        html = sample_site.page(f"verify/{member['slug']}/index.html")
        assert html.count('data-signed="yes"') == len(member["certifications"])
        assert 'data-signed="no"' not in html
        for record in member["certifications"]:
            assert record["signature"]["key_fingerprint"] == key["fingerprint"]
            assert re.search(
                rf'data-report="{record["report_id"]}" data-signed="yes">Report '
                rf'{record["report_id"]}:\s*<strong>signed by the association on <time '
                rf'datetime="{record["signature"]["signed_on"]}">', html)
        assert f'<code class="fingerprint">{grouped}</code>' in html
    certification = sample_site.page("certification/index.html")
    assert 'id="signing-keys"' in certification and key["public_key"] in certification
    assert grouped in certification and "SAMPLE key for tests" in certification


def test_production_refuses_the_sample_key_unless_allowed(tmp_path, providers_dir):
    build = member_site(tmp_path / "out", providers_dir, "publishconf.py")
    assert build.returncode != 0
    assert (f"{providers_dir / 'testfjord.yaml'}:21: certifications[0]: signed with the SAMPLE "
            "key 'sample-2026', which is for tests and demos only") in build.output


# -- the signed bytes ---------------------------------------------------------------------------

def test_signed_bytes_are_exactly_as_documented():
    record = {"standard": "ucs", "program": "msp-verify", "issued": "2025-01-10",
              "expires": "2028-01-09", "report_id": "UCS-2025-0001", "auditor": "Ærlig & Co"}
    message = sig.signed_bytes("aerlig", " Ærlig IT AS ", record, "k1", "2026-11-29")
    assert message == (
        b'MSP Directory audit record v1\n{"key_id":"k1","member":{"name":"\xc3\x86rlig IT AS",'
        b'"slug":"aerlig"},"record":{"auditor":"\xc3\x86rlig & Co","expires":"2028-01-09",'
        b'"issued":"2025-01-10","program":"msp-verify","report_id":"UCS-2025-0001",'
        b'"standard":"ucs"},"signed_on":"2026-11-29"}')
    # every field of a profile's record is signed: the schema and the signed fields agree
    schema = json.loads((SAMPLE_PROVIDERS / "schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]["certifications"]["items"]["properties"]) == set(
        sig.RECORD_FIELDS)


def test_add_months_clamps_to_the_end_of_the_month():
    import datetime
    assert add_months(datetime.date(2025, 1, 10), 36) == datetime.date(2028, 1, 10)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)


# -- make sign-records and key rotation ---------------------------------------------------------

def _new_key(path):
    key = Ed25519PrivateKey.generate()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii"), fingerprint(raw)


def _keyring(path, *entries):
    lines = ["keys:"]
    for key_id, public, status, extra in entries:
        lines += [f"  - id: {key_id}", "    algorithm: Ed25519", f"    public_key: {public}",
                  f"    status: {status}", "    created: 2026-01-01"]
        lines += [f"    {name}: {value}" for name, value in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(SAMPLE_CONTENT / "data" / "signing-keys.schema.json",
                path.with_suffix(".schema.json"))
    return path


def _sign(providers, keyring, key_file, *args):
    from sitetools.sign_records import main
    return main(["-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{providers}"',
                 f'PATH="{SAMPLE_CONTENT}"',
                 f'RECORD_KEYRING_PATH="{keyring}"', f'BUILD_DATE="{REFERENCE_DATE}"',
                 "--key-file", str(key_file), "--date", "2026-11-29", "--yes", *args])


@pytest.fixture
def rotation(tmp_path, providers_dir):
    """Two keys, old and new; testfjord signed with the old one by make sign-records."""
    (providers_dir / "signatures" / "testfjord.json").unlink()
    old_public, old_print = _new_key(tmp_path / "old.pem")
    new_public, new_print = _new_key(tmp_path / "new.pem")
    keyring = _keyring(tmp_path / "keys.yaml", ("old-2026", old_public, "active", {}))
    assert _sign(providers_dir, keyring, tmp_path / "old.pem") == 0
    return {"providers": providers_dir, "keyring": keyring, "tmp": tmp_path,
            "old": (old_public, old_print), "new": (new_public, new_print)}


def _production(rotation, name):
    # (both keys are the association's: the publish environment trusts their fingerprints)
    trusted = f'{rotation["old"][1]}, {rotation["new"][1]}'
    return member_site(rotation["tmp"] / name, rotation["providers"], "publishconf.py",
                       RECORD_KEYRING_PATH=str(rotation["keyring"]), SITEURL="https://a.example",
                       RECORD_TRUSTED_KEY_FINGERPRINTS=trusted)


def _signed_with(build):
    html = build.page("verify/testfjord/index.html")
    return re.findall(r'<code class="fingerprint">([0-9a-f ]+)</code>', html)


def _groups(fingerprint):
    return " ".join(fingerprint[i:i + 4] for i in range(0, 64, 4))


def test_rotation_old_signatures_stay_valid_until_re_signed(rotation, capsys):
    first = _production(rotation, "first")
    assert first.returncode == 0, first.output
    assert _signed_with(first) == [_groups(rotation["old"][1])]
    # a new key is added and the old one retired: the old signature still counts
    _keyring(rotation["keyring"], ("old-2026", rotation["old"][0], "retired",
                                   {"retired": "2026-11-29"}),
             ("new-2027", rotation["new"][0], "active", {}))
    second = _production(rotation, "second")
    assert second.returncode == 0, second.output
    assert _signed_with(second) == [_groups(rotation["old"][1])]
    assert "(retired; its signatures stay valid" in second.page("verify/testfjord/index.html")
    keys = json.loads(second.page(".well-known/msp-directory-keys.json"))["keys"]
    assert [(k["id"], k["status"]) for k in keys] == [("old-2026", "retired"),
                                                      ("new-2027", "active")]
    # a retired key signs nothing new
    capsys.readouterr()
    assert _sign(rotation["providers"], rotation["keyring"], rotation["tmp"] / "old.pem") == 2
    assert "the key 'old-2026' is retired" in capsys.readouterr().err
    # re-signing with the new key replaces the old signature
    assert _sign(rotation["providers"], rotation["keyring"], rotation["tmp"] / "new.pem",
                 "--resign-all") == 0
    third = _production(rotation, "third")
    assert third.returncode == 0, third.output
    assert _signed_with(third) == [_groups(rotation["new"][1])]
    member = json.loads(third.page("api/providers/testfjord.json"))["provider"]
    assert member["certifications"][0]["signature"]["key_id"] == "new-2027"


def test_rotation_a_revoked_key_invalidates_its_records(rotation):
    _keyring(rotation["keyring"], ("old-2026", rotation["old"][0], "revoked",
                                   {"revoked": "2026-11-30"}),
             ("new-2027", rotation["new"][0], "active", {}))
    build = _production(rotation, "revoked")
    assert build.returncode != 0
    assert (f"{rotation['providers'] / 'testfjord.yaml'}:21: certifications[0]: signed with the "
            "key 'old-2026', revoked on 2026-11-30") in build.output
    assert not (build.path / "verify" / "testfjord").exists()
    development = member_site(rotation["tmp"] / "dev", rotation["providers"],
                              RECORD_KEYRING_PATH=str(rotation["keyring"]))
    assert development.returncode == 0, development.output
    assert 'data-signed="no"' in development.page("verify/testfjord/index.html")
    # re-signing with an active key makes the record valid again
    assert _sign(rotation["providers"], rotation["keyring"], rotation["tmp"] / "new.pem",
                 "--resign-changed") == 0
    assert _production(rotation, "re-signed").returncode == 0


def test_sign_records_leaves_a_changed_record_until_staff_confirm(providers_dir, capsys):
    text = (providers_dir / "testfjord.yaml").read_text(encoding="utf-8")
    (providers_dir / "testfjord.yaml").write_text(
        text.replace("expires: 2028-01-09", "expires: 2027-12-31"), encoding="utf-8")
    before = (providers_dir / "signatures" / "testfjord.json").read_text(encoding="utf-8")
    keyring = SAMPLE_CONTENT / "data" / "signing-keys.yaml"
    assert _sign(providers_dir, keyring, SAMPLE_KEY_FILE) == 1
    out = capsys.readouterr().out
    assert ("UCS-2025-0001: changed since it was signed (expires '2028-01-09' -> '2027-12-31')"
            in out)
    assert (providers_dir / "signatures" / "testfjord.json").read_text(encoding="utf-8") == before
    assert _sign(providers_dir, keyring, SAMPLE_KEY_FILE, "--resign-changed") == 0
    after = (providers_dir / "signatures" / "testfjord.json").read_text(encoding="utf-8")
    assert '"expires": "2027-12-31"' in after


def test_sign_records_refuses_a_key_outside_the_keyring(providers_dir, tmp_path, capsys):
    _new_key(tmp_path / "stranger.pem")
    keyring = SAMPLE_CONTENT / "data" / "signing-keys.yaml"
    assert _sign(providers_dir, keyring, tmp_path / "stranger.pem") == 2
    assert "matches no key of" in capsys.readouterr().err


def test_the_sample_key_file_is_marked_and_matches_the_keyring():
    text = SAMPLE_KEY_FILE.read_text(encoding="ascii")
    assert text.startswith("SAMPLE KEY - FOR TESTS AND THE SAMPLE SITE ONLY")
    key = serialization.load_pem_private_key(text.encode(), password=None)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    keyring = (SAMPLE_CONTENT / "data" / "signing-keys.yaml").read_text(encoding="utf-8")
    assert f"public_key: {base64.b64encode(raw).decode()}" in keyring
    assert "sample: true" in keyring


def test_synthetic_members_can_be_signed_with_the_sample_key(tmp_path):
    from member_profiles.profiles import load_provider_profiles
    from bench.synthetic import write_profiles

    folder = tmp_path / "providers"
    write_profiles(str(folder), 40, schema=str(SAMPLE_PROVIDERS / "schema.json"), sign=True)
    settings = site_settings(PROVIDERS_PATH=str(folder), BUILD_DATE=REFERENCE_DATE,
                             RECORD_SIGNATURES="required")
    signed = load_provider_profiles(dict(settings, **ALLOW_SAMPLE))
    assert signed.problems == [] and len(signed.providers) == 40
    assert all(c.signature for member in signed.providers for c in member.certifications)
    refused = load_provider_profiles(settings)  # the sample key, where production refuses it
    assert refused.providers == [] and "SAMPLE key" in str(refused.problems[0])
