"""records: the certification registry. Registry rules (accredited auditors, each programme's
maximum validity and notice period, unique report ids) and the association's signatures on audit
records (the keyring, the exact signed bytes, signature files and their checks).

Used by `member_profiles` while it loads profiles, and by `make sign-records`
(`sitetools.sign_records`); as a plugin it only declares its settings' defaults, and it never
reads templates. Put it before `member_profiles` in PLUGINS.
Modules: `settings`, `registry` (the rules), `keyring` (public keys), `signatures` (signed
bytes, signature files, checks).
"""

from pelican import signals

from . import settings


def register():
    signals.initialized.connect(settings.initialized)
