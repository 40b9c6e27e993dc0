"""Jinja's "newstyle" gettext functions, as plain functions of the build's translations.

Jinja's own (`install_gettext_translations(..., newstyle=True)`) take the template's context as
their first argument (`pass_context`), only to ask whether the template autoescapes. A page
rendered by batch_render records every call a template makes of a site-wide name with its
arguments, so that an incremental build can make the call again and compare (plugins/batch_render
/reads.py); a context cannot be recorded, and every page that said `_("...")` would be rendered
again on every build. These take no context: they behave as Jinja's newstyle functions in a
template that autoescapes (the site's templates do: JINJA_ENVIRONMENT), so a translation is safe
markup, and the values put into it are escaped, even inside `{% autoescape false %}`. The
catalogue is part of the theme, which every incremental build's key covers (batch_render/inputs.py),
so a recorded call's value changes only with it.
"""

from markupsafe import Markup


def newstyle_functions(translations, autoescape=True):
    """{name: function} to put in a Jinja environment's globals: gettext (and `_`), ngettext,
    pgettext and npgettext of `translations` (a gettext Translations object)."""
    def shown(text, variables):
        text = Markup(text) if autoescape else text
        # always a format string, as Jinja's newstyle gettext: a literal % is written %%
        return text % variables

    def gettext(__string, **variables):
        return shown(translations.gettext(__string), variables)

    def ngettext(__singular, __plural, __num, **variables):
        variables.setdefault("num", __num)
        return shown(translations.ngettext(__singular, __plural, __num), variables)

    def pgettext(__context, __string, **variables):
        variables.setdefault("context", __context)
        return shown(translations.pgettext(__context, __string), variables)

    def npgettext(__context, __singular, __plural, __num, **variables):
        variables.setdefault("context", __context)
        variables.setdefault("num", __num)
        return shown(translations.npgettext(__context, __singular, __plural, __num), variables)

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext, "pgettext": pgettext,
            "npgettext": npgettext}
