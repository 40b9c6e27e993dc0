"""`make adopt`: turn a clone of the sample site into one association's own site, in one command.

    make adopt NAME="Nordic MSP Association" SHORT=NMSPA URL=https://directory.example.org \
        EMAIL=office@example.org KEY_OUT=~/keys/nmspa-signing.pem

It removes the sample members (profiles, logos, signatures), articles, newsletter issues, images
and people (the leadership, partners and media lists and their pages), writes the association's
name, short name, e-mail and URL into pelicanconf.py and publishconf.py, gives the association's
own pages (about, code of ethics, certification, contact, privacy) short neutral text that builds,
creates the association's Ed25519 signing key (the private half to KEY_OUT, mode 0600; the public
half into the keyring, in place of the SAMPLE key) and lists the files to rewrite next. Annotated
examples of each kind of file stay in docs/examples/ (not built).

It refuses to run twice (pelicanconf.py then carries `ADOPTED = True`) and on a repository with
uncommitted changes, so that `git diff` shows exactly what it did. Problems: one line, exit 2.
"""

import argparse
import base64
import datetime
import glob
import json
import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from records.keyring import fingerprint
from validation.text import character_problems

from .scaffold import make_slug
from .sign_records import raw_public

# The line pelicanconf.py carries once the clone is adopted.
MARKER = "ADOPTED = True"
# Settings written as `NAME = "value"` lines: (setting, value key); a missing line is an error.
DEVELOPMENT_SETTINGS = (("SITENAME", "name"), ("ASSOCIATION_NAME", "name"),
                        ("BADGE_ASSOCIATION", "short"), ("CONTACT_EMAIL", "email"))
PRODUCTION_SETTINGS = (("SITEURL", "url"),) + DEVELOPMENT_SETTINGS
# Rewritten when present: sample values that name the fictional association.
OPTIONAL_SETTINGS = (("AUTHOR", "editors"), ("NEWSLETTER_EMAIL", "email"),
                     ("CONTACT_PHONE", None), ("CONTACT_ADDRESS", None))
# Sample content removed (globs from the repository's root); folders are kept.
SAMPLE_FILES = ("providers/*.yaml", "providers/logos/*", "providers/signatures/*",
                "content/articles/**/*.md", "content/newsletter/**/*.md", "content/images/**/*.*",
                "content/pages/leadership.md", "content/pages/partners.md",
                "content/pages/media.md", "content/pages/mission.md",
                # every page's translation (<slug>.<code>.md): the pages are written anew in the
                # root language, and their translations are the association's to write
                "content/pages/*.*.md")
# The people and sample organisations: emptied, so that the data files still validate.
EMPTY_LISTS = {
    "content/data/leadership.yaml": ("leadership.schema.json", "The leadership council and the "
                                     "advisory board", ("advisory_board", "leadership_council"),
                                     "docs/examples/leadership.yaml"),
    "content/data/partners.yaml": ("partners.schema.json", "Channel partners", ("partners",),
                                   "docs/examples/partners.yaml"),
    "content/data/media.yaml": ("media.schema.json", "Videos and podcasts",
                                ("videos", "podcasts"), "docs/examples/media.yaml"),
    "content/data/partner-embeds.yaml": ("partner-embeds.schema.json", "Member lists that "
                                         "channel partners show on their own sites",
                                         ("embeds",), "docs/examples/partner-embeds.yaml"),
}
KEYRING = "content/data/signing-keys.yaml"
NEXT_FILES = (
    ("content/pages/about.md", "who the association is and what it does"),
    ("content/pages/code-of-ethics.md", "the code members sign"),
    ("content/pages/certification.md", "the standard members are audited against"),
    ("content/pages/contact.md", "how to reach the office"),
    ("content/pages/privacy.md", "what the site and the office collect"),
    ("content/data/auditors.yaml", "the accredited auditors and programme rules"),
    ("content/data/vocabulary.yaml", "services, standards and programmes"),
    ("content/data/categories.yaml", "the article categories"),
    ("pelicanconf.py", "SITE_TAGLINE, CONTACT_PHONE, CONTACT_ADDRESS, NEWSLETTER_NAME"),
    ("theme/static/favicon.svg", "the association's icon"),
)
EMAIL = re.compile(r"[^@\s\"'<>()\[\],;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")
SHORT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 &.-]{0,14}\Z")


class AdoptError(Exception):
    """A reason not to adopt; the message is one line that says what to do."""


def _one_line(text):
    return " ".join(str(text).split())


def check_values(name, short, url, email, key_out, root):
    """The variables, cleaned: {name, short, url, email, key_out}, or AdoptError."""
    name, short = _one_line(name), _one_line(short)
    if not 2 <= len(name) <= 120 or character_problems(name):
        raise AdoptError(f"NAME {name!r} is not usable; expected the association's name, "
                         "2 to 120 characters")
    if not SHORT.match(short) or character_problems(short):
        raise AdoptError(f"SHORT {short!r} is not usable; expected the badge's short name, "
                         "1 to 15 letters, digits, spaces, '&', '.' or '-', such as NMSPA")
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query \
            or parts.fragment or parts.username or re.search(r"\s", url):
        raise AdoptError(f"URL {url!r} is not usable; expected the public address, absolute, "
                         "such as https://directory.example.org or https://example.org/directory")
    email = (email or "").strip()
    if not EMAIL.match(email):
        raise AdoptError(f"EMAIL {email!r} is not usable; expected the office's address, such as "
                         "office@example.org")
    if not key_out:
        raise AdoptError("KEY_OUT is missing; expected a file outside the repository for the "
                         "private signing key, such as KEY_OUT=~/keys/association.pem")
    key_out = os.path.abspath(os.path.expanduser(key_out))
    real_root = os.path.realpath(root)
    real_key = os.path.join(os.path.realpath(os.path.dirname(key_out)), os.path.basename(key_out))
    if os.path.commonpath([real_key, real_root]) == real_root:
        raise AdoptError(f"KEY_OUT {key_out} is inside the repository; expected a file outside "
                         "it (a private key must never be committed)")
    if os.path.lexists(key_out):
        raise AdoptError(f"KEY_OUT {key_out} exists; expected a new file (never overwrite a key)")
    if not os.path.isdir(os.path.dirname(key_out)):
        raise AdoptError(f"KEY_OUT {key_out}: the folder does not exist; expected a file in an "
                         "existing folder")
    return {"name": name, "short": short, "url": url.rstrip("/"), "email": email,
            "key_out": key_out, "editors": f"{name} editors"}


def check_repository(root):
    """AdoptError when the clone was adopted already or has uncommitted changes."""
    with open(os.path.join(root, "pelicanconf.py"), encoding="utf-8") as handle:
        if re.search(rf"^{re.escape(MARKER)}\s*$", handle.read(), re.M):
            raise AdoptError("this repository is adopted already (pelicanconf.py has "
                             f"`{MARKER}`); make adopt runs once, on a fresh clone")
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                                cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise AdoptError(f"{root} is not a git repository; expected a clone of the "
                         "project") from None
    # the virtualenv may be a link the .gitignore pattern `.venv/` does not cover
    changed = [line[3:] for line in status.splitlines() if line[3:].rstrip("/") != ".venv"]
    if changed:
        raise AdoptError(f"the repository has uncommitted changes ({changed[0]}"
                         f"{' and others' if len(changed) > 1 else ''}); expected a clean clone: "
                         "commit or stash them first")


def python_literal(value):
    """A Python string literal for `value` (JSON's double-quoted form is one)."""
    return json.dumps(value, ensure_ascii=False)


def set_assignments(text, file, required, optional, values):
    """`text` with each `NAME = ...` line of `required` (an error when missing) and `optional`
    given the new value, its end-of-line comment kept; a value like
    `os.environ.get("NAME", "default")` keeps the environment and gets the new default. The result
    must still be Python (a value written over several lines is an error, not half rewritten)."""
    for setting, key, needed in [*((s, k, True) for s, k in required),
                                 *((s, k, False) for s, k in optional)]:
        literal = "None" if key is None else python_literal(values[key])
        found = list(re.finditer(rf"^{setting} = (?P<value>.*)$", text, re.M))
        if not found and needed:
            raise AdoptError(f"{file}: {setting}: no `{setting} = ...` line; expected one, "
                             "at the start of a line, for make adopt to rewrite")
        for match in reversed(found):  # every assignment, the last one included
            code, mark, comment = match["value"].partition("  #")
            default = re.fullmatch(r"os\.environ\.get\((?P<q>[\"'])(?P<env>\w+)(?P=q),\s*.*\)",
                                   code.strip())
            value = f'os.environ.get("{default["env"]}", {literal})' if default else literal
            text = text[:match.start("value")] + value + mark + comment + text[match.end("value"):]
    try:
        compile(text, file, "exec")
    except SyntaxError as error:
        names = {setting for setting, _ in (*required, *optional)}
        above = [(number, line.split(" = ", 1)[0]) for number, line
                 in enumerate(text.splitlines()[:error.lineno or 0], 1)
                 if line.split(" = ", 1)[0] in names]
        line, name = above[-1] if above else (error.lineno or 1, "a setting")
        raise AdoptError(f"{file}:{line}: {name}: its value spans several lines; expected "
                         "`NAME = value` on one line for make adopt to rewrite") from None
    return text


def rewrite_settings(root, values):
    """Write the association's values into pelicanconf.py and publishconf.py (read both first,
    so that a missing line leaves both files as they were)."""
    development = os.path.join(root, "pelicanconf.py")
    production = os.path.join(root, "publishconf.py")
    texts = {}
    for path in (development, production):
        with open(path, encoding="utf-8") as handle:
            texts[path] = handle.read()
    texts[development] = set_assignments(texts[development], "pelicanconf.py",
                                         DEVELOPMENT_SETTINGS, OPTIONAL_SETTINGS, values)
    inherits = re.search(r"^from pelicanconf import \*", texts[production], re.M)
    texts[production] = set_assignments(
        texts[production], "publishconf.py",
        PRODUCTION_SETTINGS[:1] if inherits else PRODUCTION_SETTINGS,
        () if inherits else OPTIONAL_SETTINGS, values)
    texts[development] = texts[development].rstrip("\n") + (
        "\n\n# Set by `make adopt` (plugins/sitetools/adopt.py): this clone is the association's own"
        f" site.\n{MARKER}\n")
    for path, text in texts.items():
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return [development, production]


def remove_sample(root):
    """Delete the sample's members, articles, issues, images and people; the removed paths."""
    removed = []
    for pattern in SAMPLE_FILES:
        for path in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
            if os.path.isfile(path) or os.path.islink(path):
                os.remove(path)
                removed.append(os.path.relpath(path, root))
    for path, (schema, title, lists, example) in EMPTY_LISTS.items():
        body = "".join(f"{name}: []\n" for name in lists)
        with open(os.path.join(root, path), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(f"# yaml-language-server: $schema={schema}\n# {title}. Empty until the "
                         f"association adds its own; the format is in {example}.\n" + body)
    return removed


PAGES = {
    "about.md": """Title: About {name}
Summary: Who we are and what {name} does.
Nav_order: 10
Nav_title: About
Order: 10

{name} is an association of managed service providers. This website lists its members whose
certification is in force, and publishes the association's articles and newsletter.
""",
    "code-of-ethics.md": """Title: Code of ethics
Summary: The promises every member of {name} signs.
Order: 30
Nav_title: Code of ethics

Every member signs this code when it joins {name} and again each time its certification is
renewed. The full text will be published here.
""",
    "certification.md": """Title: The certification standard and verification
Summary: What members of {name} are audited against, and how to verify a member.
Nav_order: 20
Nav_title: Certification
Order: 40
Template: certification

Members of {name} are audited against a published standard. Each audit record in the directory
is signed by the association, and anyone can check a signature against the keys below.
""",
    "contact.md": """Title: Contact {name}
Summary: How to reach the office of {name}.
Nav_order: 90
Nav_title: Contact
Order: 90
Template: contact

Write to the office of {name} with any question, including a question about a member.
""",
    "privacy.md": """Title: Privacy policy
Summary: What this website collects and what {name} does with messages you send.
Order: 95

This website is a set of static files. It sets no cookies and runs no analytics. When you write
to {name}, we use what you send only to answer you.
""",
}


def write_pages(root, values):
    written = []
    for name, template in PAGES.items():
        path = os.path.join(root, "content", "pages", name)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(template.format(name=values["name"]))
        written.append(path)
    return written


KEYRING_TEXT = """# yaml-language-server: $schema=signing-keys.schema.json
# The keyring: public halves of the keys {short} signs audit records with. STAFF ONLY
# (.github/CODEOWNERS). Published at /.well-known/msp-directory-keys.json and on the
# certification page; private halves are never in this repository.
#
# status:
#   active   signs new records (make sign-records refuses any other key);
#   retired  signs nothing new; records it signed before `retired` stay valid until re-signed;
#   revoked  compromised or withdrawn: every record it signed is invalid from the next build.
# A production build accepts only keys whose fingerprint is listed in the publish environment's
# MSP_TRUSTED_KEY_FINGERPRINTS (docs/staff.md, "Keys").
# Rotating: `make sign-records NEW_KEY=<id> OUT=<file outside the repo>` prints the new entry;
# add it, set the old key to `status: retired` with `retired: <date>`, then
# `make sign-records KEY_FILE=<new file> RESIGN=all`.
keys:
  - id: {id}
    algorithm: Ed25519
    public_key: {public_key}
    status: active
    created: {created}
"""


def create_key(root, values, today):
    """Write a new private key to KEY_OUT (0600) and the keyring with only its public half;
    (key id, fingerprint)."""
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    descriptor = os.open(values["key_out"], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    key_id = f"{make_slug(values['short']) or 'association'}-{today.year}"
    raw = raw_public(private_key)
    with open(os.path.join(root, KEYRING), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(KEYRING_TEXT.format(short=values["short"], id=key_id,
                                         public_key=base64.b64encode(raw).decode("ascii"),
                                         created=today.isoformat()))
    return key_id, fingerprint(raw)


def adopt(root, values, today):
    """Everything, after every check passed; returns (key id, fingerprint, removed paths)."""
    rewrite_settings(root, values)
    removed = remove_sample(root)
    write_pages(root, values)
    key_id, digest = create_key(root, values, today)
    return key_id, digest, removed


def report(values, key_id, digest, removed):
    lines = [
        f"Adopted for {values['name']} ({values['short']}), {values['url']}, {values['email']}.",
        f"Removed the sample: {len(removed)} files (members, logos, signatures, articles, "
        "newsletter issues, images, people); annotated examples stay in docs/examples/.",
        f"Signing key '{key_id}': private half in {values['key_out']} (mode 0600; keep it out of "
        "the repository), public half in content/data/signing-keys.yaml (the SAMPLE key is gone).",
        f"Fingerprint (SHA-256): {digest}",
        "Set it in the publish environment as MSP_TRUSTED_KEY_FINGERPRINTS: a repository variable "
        "of the publish workflow (GitHub: Settings > Secrets and variables > Actions > Variables), "
        "or an environment variable on a staff machine that runs make publish.",
        "Rewrite next:",
        *(f"  {path}: {what}" for path, what in NEXT_FILES),
        "Then review with `git status` and `git diff`, commit, and add the first member with "
        "make new-provider NAME=\"...\" (docs/staff.md, \"Adopting the site\").",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make adopt", description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="", help="the association's name (NAME)")
    parser.add_argument("--short", default="", help="the short name on badges (SHORT)")
    parser.add_argument("--url", default="", help="the public address, absolute (URL)")
    parser.add_argument("--email", default="", help="the office's e-mail address (EMAIL)")
    parser.add_argument("--key-out", default="", help="where to write the private key (KEY_OUT)")
    parser.add_argument("--root", default=".", help="the repository (default: here)")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    try:
        check_repository(root)
        values = check_values(args.name, args.short, args.url, args.email, args.key_out, root)
        key_id, digest, removed = adopt(root, values, today)
    except AdoptError as error:
        print(f"make adopt: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"make adopt: {error.filename or ''}: {error.strerror}; nothing more was changed",
              file=sys.stderr)
        return 2
    print(report(values, key_id, digest, removed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
