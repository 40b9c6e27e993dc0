"""The fragments extension: a fragment is reused only when every variable it reads is unchanged."""

import jinja2
import pytest
from fragments import FragmentExtension, FragmentMismatch


def environment(templates, size=64, check=False):
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True,
                             extensions=[FragmentExtension])
    env.fragment_size, env.fragment_check = size, check
    return env


def test_a_fragment_is_reused_while_its_variables_are_the_same():
    calls = []

    def counted(text):
        calls.append(text)
        return text

    env = environment({"page.html": "{% fragment %}<h1>{{ shout(SITENAME) }}</h1>"
                                    "{% endfragment %}<p>{{ body }}</p>"})
    template = env.get_template("page.html")
    outputs = [template.render(SITENAME="Site", shout=counted, body=f"page {n}")
               for n in range(3)]
    assert outputs == [f"<h1>Site</h1><p>page {n}</p>" for n in range(3)]
    assert calls == ["Site"]  # rendered once, reused twice


def test_a_variable_of_an_included_template_is_part_of_the_key():
    env = environment({
        "page.html": "{% fragment %}{% include 'nav.html' %}{% endfragment %}",
        "nav.html": "<a{% if section == 'news' %} aria-current=page{% endif %}>{{ label }}</a>",
    })
    template = env.get_template("page.html")
    assert template.render(section="news", label="N") == "<a aria-current=page>N</a>"
    assert template.render(section="home", label="N") == "<a>N</a>"
    assert template.render(section="news", label="M") == "<a aria-current=page>M</a>"


def test_values_are_compared_with_their_type_and_objects_by_identity():
    env = environment({"page.html": "{% fragment %}{{ value }}{% endfragment %}"})
    template = env.get_template("page.html")
    assert template.render(value=1) == "1"
    assert template.render(value=True) == "True"  # 1 == True, but not the same value
    first, second = ["a"], ["b"]
    assert template.render(value=first) == "[&#39;a&#39;]"
    assert template.render(value=second) == "[&#39;b&#39;]"


def test_a_fragment_may_not_read_what_changes_with_every_render():
    for body in ("{{ self.title() }}", "{{ loop.index }}", "{{ caller() }}"):
        with pytest.raises(jinja2.TemplateSyntaxError, match="a fragment cannot read"):
            environment({"t.html": "{% fragment %}" + body + "{% endfragment %}"}).get_template(
                "t.html")


def test_the_check_mode_finds_a_fragment_whose_object_changed_between_pages():
    env = environment({"page.html": "{% fragment %}{{ model.name }}{% endfragment %}"},
                      check=True)
    template = env.get_template("page.html")

    class Model:
        name = "before"

    model = Model()
    assert template.render(model=model) == "before"
    model.name = "after"  # a model changed while pages are written: never done by the build
    with pytest.raises(FragmentMismatch, match="page.html:1"):
        template.render(model=model)


def test_at_most_the_configured_number_of_outputs_is_kept_per_fragment():
    env = environment({"page.html": "{% fragment %}{{ n }}{% endfragment %}"}, size=2)
    template = env.get_template("page.html")
    assert [template.render(n=n) for n in range(5)] == ["0", "1", "2", "3", "4"]
    assert [len(kept) for kept in env.fragment_store.values()] == [2]
    # the least recently used goes first: 3 and 4 are kept
    assert sorted(key[0][1] for kept in env.fragment_store.values() for key in kept) == [3, 4]
    env.fragment_size = 0  # off: renders every time, keeps nothing
    assert template.render(n=9) == "9"


def test_keep_sets_how_many_outputs_one_fragment_keeps():
    calls = []

    def card(name):
        calls.append(name)
        return name

    env = environment({"page.html": "{% for m in members %}{% fragment keep=100 %}"
                                    "<li>{{ card(m) }}</li>{% endfragment %}{% endfor %}"}, size=2)
    template = env.get_template("page.html")
    members = [f"m{n}" for n in range(50)]
    for _ in range(3):  # three listings of the same members
        assert template.render(members=members, card=card) == "".join(
            f"<li>{m}</li>" for m in members)
    assert calls == members  # each card rendered once


def test_a_macro_of_the_same_template_is_keyed_by_its_code_and_what_it_reads():
    calls = []

    def label(text):
        calls.append(text)
        return text

    env = environment({
        "ui.html": "{% macro badge(status) %}<b>{{ label(status) }} {{ as_of }}</b>{% endmacro %}"
                   "{% macro card(m) %}{% fragment keep=10 %}<li>{{ m }} {{ badge(m) }}</li>"
                   "{% endfragment %}{% endmacro %}",
        "page.html": "{% import 'ui.html' as ui with context %}{{ ui.card(name) }}",
    })
    template = env.get_template("page.html")
    assert template.render(name="a", label=label, as_of="May") == "<li>a <b>a May</b></li>"
    # a new import (new macro objects) with the same values: reused
    assert template.render(name="a", label=label, as_of="May") == "<li>a <b>a May</b></li>"
    assert calls == ["a"]
    # what the called macro reads (as_of) is part of the key
    assert template.render(name="a", label=label, as_of="June") == "<li>a <b>a June</b></li>"
