"""Settings of the newsletter plugin: defaults in one place, read where they are used."""

from editorial.schedule import DEFAULTS as SCHEDULE_DEFAULTS
from validation.defaults import apply_defaults, whole_number

DEFAULTS = {
    # Folder of issues, relative to content/; one <YYYY-MM-DD>.md file per issue.
    "NEWSLETTER_PATHS": ["newsletter"],
    "NEWSLETTER_NAME": "MSP News",
    "NEWSLETTER_URL": "news/",
    "NEWSLETTER_SAVE_AS": "news/index.html",
    "NEWSLETTER_ISSUE_URL": "news/{number}/",
    "NEWSLETTER_ISSUE_SAVE_AS": "news/{number}/index.html",
    # The email-ready copy staff paste into their mailing tool, beside the page.
    "NEWSLETTER_EMAIL_SAVE_AS": "news/{number}/email.html",
    "NEWSLETTER_FEED_ATOM": "feeds/news.atom.xml",
    # Where the signup form posts; None hides the form and shows NEWSLETTER_EMAIL instead.
    "NEWSLETTER_SIGNUP_URL": None,
    "NEWSLETTER_EMAIL": None,
    # For the first issue (no previous one), members who joined this many days before it count
    # as new.
    "NEWSLETTER_FIRST_ISSUE_WINDOW_DAYS": 7,
    # SHOW_SCHEDULED: issues dated after BUILD_DATE are held back like articles
    **SCHEDULE_DEFAULTS,
}


RULES = {"NEWSLETTER_FIRST_ISSUE_WINDOW_DAYS": whole_number(0)}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, RULES, owner="newsletter")
