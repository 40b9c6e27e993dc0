"""records: the certification registry. Registry rules (accredited auditors, each programme's
maximum validity and notice period, unique report ids) and the association's signatures on audit
records (the keyring, the exact signed bytes, signature files and their checks).

A library used by `member_profiles` while it loads profiles, and by `make sign-records`
(`sitetools.sign_records`); it registers no Pelican signals and never reads templates.
Modules: `settings`, `registry` (the rules), `keyring` (public keys), `signatures` (signed
bytes, signature files, checks).
"""
