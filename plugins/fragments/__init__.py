"""fragments: render the parts of a page that every page shares once per build, not per page.

A template marks a part of itself `{% fragment %} ... {% endfragment %}`: the page shell (the
stylesheet and script tags, the header with its navigation and search form, the footer). At 10,000
members the shell was about half the time of rendering a member page, written 50,000 times over
with the same bytes.

Correct by construction, with no key to keep up to date by hand: when the template is parsed, the
extension lists every variable the fragment reads, including those of the templates it includes
(recursively, through `jinja2.meta`). At render time the fragment's output is reused only when
each of those variables has the same value as when it was rendered: equal, for strings, numbers,
booleans and None; the very same object, for anything else (the directory model, a function, a
list), which the cache keeps referenced so that its identity cannot be taken by a new object.
A fragment whose variables differ per page (a member, a loop item) simply renders every time,
unless it keeps more outputs: `{% fragment keep=20000 %}` around a member's card keeps a card per
member, so each is rendered once per process, not once per listing that shows it. A fragment may
call the macros of its own template: a macro is keyed by its code (an import "with context"
makes new macro objects for every page), and the names those macros read are the fragment's too.
Fragments may not use `self`, `super`, `caller`, `varargs`, `kwargs` or `loop` (refused when the
template is parsed), and the build's models are never changed while pages are written.

The store belongs to one Jinja environment, so to one generator of one build (and, forked, to one
batch_render worker); it keeps at most FRAGMENT_CACHE_SIZE outputs per fragment (or `keep`), the
least recently used going first. With
FRAGMENT_CACHE_CHECK (the test suite sets it) every reuse is rendered again and compared, and a
difference stops the build naming the template and line. In a page whose reads batch_render
records, a reused fragment records again what its render read (kept with its output).
"""

from batch_render import reads
from jinja2 import meta, nodes
from jinja2.exceptions import TemplateAssertionError, TemplateSyntaxError
from jinja2.ext import Extension
from jinja2.runtime import Macro, Undefined
from pelican import signals
from validation.defaults import add_jinja_extension, apply_defaults

DEFAULTS = {
    # outputs kept per fragment (per distinct set of variable values); 0 turns the cache off
    "FRAGMENT_CACHE_SIZE": 64,
    # render every reused fragment again and compare (slow; for tests)
    "FRAGMENT_CACHE_CHECK": False,
}
EXTENSION = "fragments.FragmentExtension"
# Names whose value is made anew for each render or call: a fragment that reads them is an error.
PER_RENDER = frozenset({"self", "super", "caller", "varargs", "kwargs", "loop"})
# Values compared by equality; anything else by identity.
BY_VALUE = (str, int, float, bool, type(None))


class FragmentMismatch(RuntimeError):
    """A reused fragment differs from a fresh render (only raised with FRAGMENT_CACHE_CHECK)."""


class FragmentExtension(Extension):
    tags = frozenset({"fragment"})

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_store={}, fragment_size=DEFAULTS["FRAGMENT_CACHE_SIZE"],
                           fragment_check=False)
        self._macros = {}  # template name -> (its source, {macro name: node}): _macro_names
        self._expanding = set()  # templates being read for their macros (their fragments too)

    def parse(self, parser):
        token = next(parser.stream)
        keep = None
        if parser.stream.skip_if("name:keep"):
            parser.stream.expect("assign")
            keep = parser.stream.expect("integer").value
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        where = f"{parser.name}:{token.lineno}"
        tree = nodes.Template(body, lineno=token.lineno).set_environment(self.environment)
        names = self._macro_names(parser.name, self._names(tree, where, set()), where)
        refused = names & PER_RENDER
        if refused:
            raise TemplateSyntaxError(
                f"a fragment cannot read {', '.join(sorted(refused))}; expected variables that "
                "stay the same from page to page (or no fragment)", token.lineno, parser.name,
                parser.filename)
        ordered = sorted(names)
        call = self.call_method("_render", [
            nodes.Const(where), nodes.Const(keep), nodes.Const(tuple(ordered)),
            nodes.List([nodes.Name(name, "load") for name in ordered]),
        ])
        return nodes.CallBlock(call, [], [], body).set_lineno(token.lineno)

    def _names(self, tree, where, seen):
        """Every variable `tree` and the templates it includes, imports or extends may read."""
        try:
            names = set(meta.find_undeclared_variables(tree))  # (compiles: filters must exist)
        except TemplateAssertionError:
            if self.environment.loader is not None:
                raise
            return set()  # parsed without a theme (pybabel extract, a template check): no render
        # `self` (the template's blocks) is never reported as undeclared, yet differs per render
        names |= {node.name for node in tree.find_all(nodes.Name) if node.name == "self"}
        for name in meta.find_referenced_templates(tree):
            if name is None:
                raise TemplateSyntaxError(
                    f"{where}: a fragment cannot include a template whose name is computed; "
                    "expected a literal template name", tree.lineno)
            if name in seen:
                continue
            seen.add(name)
            if self.environment.loader is None:  # parsed without a theme: pybabel extract
                continue
            source = self.environment.loader.get_source(self.environment, name)[0]
            names |= self._names(self.environment.parse(source, name), where, seen)
        return names

    def _macro_names(self, template, names, where):
        """`names`, and every variable read by the macros of `template` that they name (the
        macros those call too): a fragment that calls `status_badge(...)` of its own template
        reads what status_badge reads."""
        if template is None or self.environment.loader is None or template in self._expanding:
            return names
        source = self.environment.loader.get_source(self.environment, template)[0]
        kept = self._macros.get(template)
        if kept is None or kept[0] != source:  # (parsed once for all the template's fragments)
            self._expanding.add(template)
            try:
                kept = self._macros[template] = (source, {
                    node.name: node
                    for node in self.environment.parse(source, template).find_all(nodes.Macro)})
            finally:
                self._expanding.discard(template)
        macros = kept[1]
        names, todo, seen = set(names), [name for name in names if name in macros], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            macro = macros[name]
            body = nodes.Template(macro.body, lineno=macro.lineno)
            found = (self._names(body.set_environment(self.environment), where, set())
                     - {arg.name for arg in macro.args})
            names |= found
            todo.extend(name for name in found if name in macros)
        return names

    def _render(self, where, keep, names, values, caller):
        env = self.environment
        if env.fragment_size <= 0:
            return caller()
        # A value batch_render records reads of (reads.Recorded) is keyed by what it wraps.
        values = [value._target if isinstance(value, reads.Recorded) else value
                  for value in values]
        key = tuple((type(value), value) if isinstance(value, BY_VALUE) else
                    (Undefined, None) if isinstance(value, Undefined) else
                    (Macro, value._func.__code__) if isinstance(value, Macro) else
                    (type(value), id(value)) for value in values)
        kept = env.fragment_store.get(where)
        if kept is None:
            kept = env.fragment_store[where] = {}  # key -> (output, values, reads), oldest first
        found = kept.get(key)
        recorder = reads.current()
        # (a fragment rendered where nothing recorded its reads is rendered again where they are)
        if found is not None and (recorder is None or found[2] is not None):
            kept[key] = kept.pop(key)  # (the most recently used, last to go)
            if recorder is not None:  # what the fragment read, read again by this page
                recorder.replay(found[2])
            if env.fragment_check:
                # (what the check's render reads is not the page's: the group above is)
                scratch = recorder.capture() if recorder is not None else None
                try:
                    fresh = caller()
                finally:
                    if recorder is not None:
                        recorder.drop(scratch)
                if fresh != found[0]:
                    raise FragmentMismatch(
                        f"fragments: the fragment at {where} rendered differently with the same "
                        f"values of {', '.join(names)}; expected a fragment to read only "
                        "variables that it names")
            return found[0]
        captured = recorder.capture() if recorder is not None else None
        try:
            output = caller()
        finally:
            if recorder is not None:
                recorder.done(captured)
        # `values` keeps every object keyed by id alive (while its key is kept); `captured`,
        # the reads the fragment's render recorded (plugins/batch_render), for the pages that
        # reuse it
        kept.pop(key, None)
        kept[key] = (output, values, captured)
        if len(kept) > (keep or env.fragment_size):
            del kept[next(iter(kept))]
        return output


def initialized(pelican):
    """`initialized` signal: defaults, and the extension in every environment of the build."""
    settings = pelican.settings
    apply_defaults(settings, DEFAULTS, owner="fragments")
    add_jinja_extension(settings, EXTENSION)


def generator_init(generator):
    """`generator_init` signal: the generator's environment reads this build's settings."""
    env = getattr(generator, "env", None)
    if env is not None and hasattr(env, "fragment_store"):
        env.fragment_size = int(generator.settings["FRAGMENT_CACHE_SIZE"])
        env.fragment_check = bool(generator.settings["FRAGMENT_CACHE_CHECK"])
        env.fragment_store = {}


def register():
    signals.initialized.connect(initialized)
    signals.generator_init.connect(generator_init)
