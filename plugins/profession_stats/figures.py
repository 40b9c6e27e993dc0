"""The figures of the statistics page, from the member directory; plain functions, no Pelican.

Every count reads statuses the member model computed (`Provider.status`, `Certification.status`,
rules in member_profiles/status.py); nothing here decides a status again. Chart geometry (bar
lengths, rows) is computed here as numbers; the SVG markup is the theme's template.
"""

import dataclasses
import datetime
import gettext

from member_profiles.status import ACTIVE, EXPIRED, EXPIRING

# Records that come up for renewal: the ones in force on the build date.
IN_FORCE = frozenset({ACTIVE, EXPIRING})
QUARTERS_SHOWN = 8
MONTHS_SHOWN = 12
YEARS_CAP = 10  # members certified this many years or more share the last row


@dataclasses.dataclass(frozen=True)
class Series:
    key: str    # "issued"
    label: str  # "Issued"


@dataclasses.dataclass(frozen=True)
class Row:
    key: str      # machine-readable: a country code, a service id, "2026-Q3", "2027-01", "3"
    label: str    # what the chart and table show
    values: tuple  # one count per series


@dataclasses.dataclass(frozen=True)
class Figure:
    key: str          # "by_country": the id of its chart and its key in statistics.json
    title: str
    description: str  # what the figure counts, in one sentence (the SVG's <desc> starts with it)
    row_heading: str  # the table's first column
    series: tuple     # Series, one per value of a row
    rows: tuple       # Row

    @property
    def maximum(self):
        return max((value for row in self.rows for value in row.values), default=0)

    def as_data(self):
        """The figure as statistics.json carries it."""
        return {"title": self.title, "description": self.description,
                "series": [s.key for s in self.series],
                "rows": [{"key": row.key, "label": row.label,
                          **{s.key: value for s, value in zip(self.series, row.values)}}
                         for row in self.rows]}


# The page shows the figures in the build's language (`text`: gettext translations, `month_label`: a
# date's month and year as the locale writes them, `country_label`: a country's name);
# statistics.json keeps the English defaults.
ENGLISH = gettext.NullTranslations()


def english_month(day):
    return day.strftime("%B %Y")


def english_name(place):
    return place.name


def members_series(text):
    return (Series("members", text.gettext("Members")),)


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def _previous_quarters(day, count):
    year, quarter = quarter_of(day)
    quarters = []
    for _ in range(count):
        quarters.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return quarters[::-1]


def _next_months(day, count):
    months, year, month = [], day.year, day.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return months


def full_years(start, end):
    """Whole years from `start` to `end` (a birthday-style count)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def by_country(directory, text=ENGLISH, month_label=english_month,
               country_label=english_name):
    counts = {}
    for member in directory.verified:
        counts.setdefault(member.country, 0)
        counts[member.country] += 1
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].name))
    return Figure("by_country", text.gettext("Verified members by country"),
                  text.gettext("Verified members counted once each, by the country of their "
                               "headquarters."),
                  text.gettext("Country"), members_series(text),
                  tuple(Row(place.code, country_label(place), (count,)) for place, count in rows))


def by_service(directory, text=ENGLISH, month_label=english_month,
               country_label=english_name):
    rows = sorted(directory.services, key=lambda facet: (-facet.count, facet.label))
    return Figure("by_service", text.gettext("Verified members by service"),
                  text.gettext("Verified members offering each service; a member offering "
                               "several services counts under each."),
                  text.gettext("Service"), members_series(text),
                  tuple(Row(facet.slug, facet.label, (facet.count,)) for facet in rows))


def issued_and_lapsed(directory, text=ENGLISH, month_label=english_month,
                      country_label=english_name):
    """Records issued, and records that lapsed (expired, on the day after their last valid
    day), in each of the last QUARTERS_SHOWN quarters up to the build date's."""
    as_of = directory.build_date
    quarters = _previous_quarters(as_of, QUARTERS_SHOWN)
    issued = dict.fromkeys(quarters, 0)
    lapsed = dict.fromkeys(quarters, 0)
    for member in directory.members:
        for record in member.certifications:
            if record.issued <= as_of and quarter_of(record.issued) in issued:
                issued[quarter_of(record.issued)] += 1
            lapse = record.expires + datetime.timedelta(days=1)
            if record.status == EXPIRED and quarter_of(lapse) in lapsed:
                lapsed[quarter_of(lapse)] += 1
    return Figure("issued_lapsed", text.gettext("Certifications issued and lapsed per quarter"),
                  text.gettext("Audit records issued, and records that expired without being "
                               "withdrawn, in each of the last %(quarters)s quarters up to the "
                               "build date.") % {"quarters": QUARTERS_SHOWN},
                  text.gettext("Quarter"),
                  (Series("issued", text.gettext("Issued")),
                   Series("lapsed", text.gettext("Lapsed"))),
                  tuple(Row(f"{year}-Q{quarter}",
                            text.gettext("Q%(quarter)s %(year)s") % {"quarter": quarter,
                                                                       "year": year},
                            (issued[(year, quarter)], lapsed[(year, quarter)]))
                        for year, quarter in quarters))


def renewals_due(directory, text=ENGLISH, month_label=english_month,
                 country_label=english_name):
    """Records in force on the build date, by the month they expire, for MONTHS_SHOWN months
    from the build date's month."""
    months = _next_months(directory.build_date, MONTHS_SHOWN)
    due = dict.fromkeys(months, 0)
    for member in directory.members:
        for record in member.certifications:
            month = (record.expires.year, record.expires.month)
            if record.status in IN_FORCE and month in due:
                due[month] += 1
    return Figure("renewals_due", text.gettext("Renewals due in the next 12 months"),
                  text.gettext("Certifications in force on the build date, by the month they "
                               "expire."),
                  text.gettext("Month"), (Series("due", text.gettext("Due")),),
                  tuple(Row(f"{year}-{number:02d}", month_label(datetime.date(year, number, 1)),
                            (due[(year, number)],))
                        for year, number in months))


def by_years_certified(directory, text=ENGLISH, month_label=english_month,
                       country_label=english_name):
    """Verified members by whole years since their first audit record was issued."""
    counts = dict.fromkeys(range(YEARS_CAP + 1), 0)
    for member in directory.verified:
        first = min(record.issued for record in member.certifications)
        counts[min(full_years(first, directory.build_date), YEARS_CAP)] += 1

    def label(years):
        if years == 0:
            return text.gettext("Less than 1 year")
        if years == YEARS_CAP:
            return text.gettext("%(years)s years or more") % {"years": YEARS_CAP}
        return text.ngettext("%(years)s year", "%(years)s years", years) % {"years": years}

    return Figure("years_certified", text.gettext("Verified members by years certified"),
                  text.gettext("Verified members by whole years since their first "
                               "certification was issued."),
                  text.gettext("Years certified"), members_series(text),
                  tuple(Row(str(years), label(years), (count,)) for years, count in counts.items()))


FIGURES = (by_country, by_service, issued_and_lapsed, renewals_due, by_years_certified)


def statistics_figures(directory, text=ENGLISH, month_label=english_month,
                       country_label=english_name):
    return [make(directory, text, month_label, country_label) for make in FIGURES]


def statistics_document(directory, figures):
    """statistics.json: the build date, the totals and every figure, by key."""
    return {"build_date": directory.build_date.isoformat(),
            "members": len(directory.members), "verified": len(directory.verified),
            "figures": {figure.key: figure.as_data() for figure in figures}}
