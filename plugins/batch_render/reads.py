"""Recorded reads: what a page's render read of the site-wide context, as it read it.

While a batch renders a page, every name the template resolves from the site's context (the
directory, trust, articles, settings, the globals plugins add, such as `asset`) is recorded: a
plain value (text, number, date) as it is, and anything else is handed to the template wrapped in
a `Recorded` proxy, which records each attribute, item, call, iteration, length, truth and
comparison the template makes of it, as a path from the context name and the value read there.
A read that fails (a missing attribute or name) is recorded too, as the error's name.

A file is reused only when every recorded read gives the same value now: `Evaluator` walks each
recorded path through this build's context and compares. Nothing is declared, so nothing can be
forgotten: a template that starts to read something new records it the first time it renders.
What a recording cannot see (a filter that opens a file, a model changed behind the context) is
what BUILD_REUSE_CHECK finds, by rendering every reused file again.

A path is a tuple of steps, kept in the manifests as JSON:
  ("name", key)   a context name          ("a", name)  an attribute      ("i", key) an item
  ("v", name)     a page variable given as batch_render.Read (first step, as "name" is)
  ("call", args, kwargs)  a call            ("at", i)    the i-th item an iteration gave
  ("n",) how many items an iteration gave  ("len",) ("bool",) ("str",)  ("op", name, arg)
An argument is ("c", constant), ("m", text) for Markup (safe text: a title passed to gettext),
("d", ISO date), ("p", path) for a recorded value, ("v", name)
for a variable of the page itself, ("l", [arguments]) for a list, or ("?", type) for anything
else (which no later build can evaluate, so the file is rendered again).
"""

import datetime
import functools
import operator

from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.runtime import Context, missing
from markupsafe import Markup

from .inputs import sha

PLAIN = (str, int, float, bool, type(None), datetime.date, Markup)
CONSTANT = (str, int, float, bool, type(None))
OPS = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
       "gt": operator.gt, "ge": operator.ge, "in": operator.contains}
SHORT = 80  # a value's text longer than this is kept as its digest
TEXTS_KEPT = 4096  # texts of read values kept per process (Recorder.text): the shared ones

_current = None  # the Recorder of the render under way in this process, if any


def current():
    """The Recorder of the render under way in this process, or None."""
    return _current


class Recorder:
    """The reads of one render. `site`: the site-wide names the render may read ({name: value});
    `own`: the page's own variables ({name: value}), which the page's digest covers whole."""

    def __init__(self, site, own, texts):
        self.site = site
        self.texts = texts  # id of a container or long text read -> (it, its text): see text
        self.own = {id(value): name for name, value in own.items()
                    if not isinstance(value, CONSTANT)}
        self.reads = {}  # path -> text: the page's own reads
        self.groups = []  # lists of (path, text): what each fragment the page shows read
        self.captures = []  # lists being filled by fragments (see capture)

    def text(self, value):
        """What a read value is recorded as (see data_text; its digest when longer than SHORT),
        or None when it is not plain; made once per batch and process for a container or a long
        text (a site-wide value is read by page after page, and the models do not change while
        pages are written)."""
        if isinstance(value, PLAIN):
            if not isinstance(value, str) or len(value) <= SHORT:
                return _short(data_text(value))  # (as cheap to make as to look up)
        elif not isinstance(value, (list, tuple, dict, set, frozenset)):
            return None
        kept = self.texts.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        made = data_text(value)
        if made is not None:
            made = _short(made)
        if len(self.texts) >= TEXTS_KEPT:
            self.texts.clear()
        self.texts[id(value)] = (value, made)  # (kept alive: its id is not given to another)
        return made

    def note(self, path, text):
        if self.captures:
            self.captures[-1].append((path, text))
        elif path not in self.reads:
            self.reads[path] = text

    def capture(self):
        """Collect the reads made from now on apart (a fragment rendered once and reused:
        plugins/fragments keeps them, and every page that shows the fragment counts them as
        one group, checked once per process); `done(list)` stops."""
        found = []
        self.captures.append(found)
        return found

    def done(self, found):
        self.drop(found)
        self.replay(found)

    def drop(self, found):
        """Stop collecting into `found` (and count none of it)."""
        assert self.captures.pop() is found

    def replay(self, reads):
        """The reads of a fragment the page shows (the same list for every page)."""
        if self.captures:
            self.captures[-1].extend(reads)
        else:
            self.groups.append(reads)

    def __enter__(self):
        global _current  # noqa: PLW0603 - one render at a time per process
        self.outer, _current = _current, self
        return self

    def __exit__(self, *exc):
        global _current  # noqa: PLW0603
        _current = self.outer


def text(value):
    """What a read value is recorded as: plain values and plain data (lists, dicts of them) by
    their repr, long ones by digest; anything else by its type, which a proxy reads further."""
    made = data_text(value)
    return f"<{type(value).__qualname__}>" if made is None else _short(made)


def _short(made):
    """A recorded text, or its digest when it is longer than SHORT."""
    return made if len(made) <= SHORT else "#" + sha(made)


def data_text(value):
    """repr-like text of a plain value or of plain data; None for anything else."""
    if isinstance(value, PLAIN):
        return f"{type(value).__name__}:{value!r}" if isinstance(value, Markup) else repr(value)
    if isinstance(value, (list, tuple)):
        parts = []
        for item in value:
            part = data_text(item)
            if part is None:
                return None
            parts.append(part)
        joined = ",".join(parts)
        return f"({joined})" if isinstance(value, tuple) else f"[{joined}]"
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            key_text, item_text = data_text(key), data_text(item)
            if key_text is None or item_text is None:
                return None
            parts.append(f"{key_text}:{item_text}")
        return "{" + ",".join(sorted(parts)) + "}"
    if isinstance(value, (set, frozenset)):
        parts = [data_text(item) for item in value]
        return None if None in parts else "{" + ",".join(sorted(parts)) + "}"
    return None


def wrap(value, path, recorder):
    """`value`, read at `path`, as the template gets it: recorded whole when plain (or plain
    data), else in a proxy that records what is read of it."""
    if isinstance(value, Recorded):
        return value
    made = recorder.text(value)
    if made is None:
        return Recorded(value, path)
    recorder.note(path, made)
    return value


def _unwrap(value):
    return value._target if isinstance(value, Recorded) else value


def spec(value, recorder):
    """How an argument (a key, a call's argument, a comparison's operand) is recorded."""
    if isinstance(value, Recorded):
        return ("p", value._path)
    if type(value) in CONSTANT:
        return ("c", value)
    if type(value) is Markup:
        return ("m", str(value))
    if type(value) is datetime.date:
        return ("d", value.isoformat())
    if type(value) in (list, tuple):
        return ("l", tuple(spec(item, recorder) for item in value))
    if recorder is not None and id(value) in recorder.own:
        return ("v", recorder.own[id(value)])
    return ("?", type(value).__qualname__)


def _read(proxy, step, get):
    """The value `get(target)` read by the template, recorded at the proxy's path + step."""
    recorder, path = _current, proxy._path + (step,)
    try:
        value = get(proxy._target)
    except Exception as error:
        if recorder is not None:
            recorder.note(path, "!" + type(error).__name__)
        raise
    return value if recorder is None else wrap(value, path, recorder)


def _op(name):
    def method(self, other):
        recorder = _current
        result = OPS[name](self._target, _unwrap(other))
        if recorder is not None:
            recorder.note(self._path + (("op", name, spec(other, recorder)),), text(result))
        return result
    return method


class Recorded:
    """A site-wide value as a template sees it while its reads are recorded."""

    __slots__ = ("_target", "_path")

    def __init__(self, target, path):
        self._target, self._path = target, path

    def __getattr__(self, name):
        if name.startswith("__"):  # (protocol look-ups: markupsafe's __html__, copy's ...)
            raise AttributeError(name)
        if name == "jinja_pass_arg":  # (Jinja asks every callable: not a read of the site)
            return getattr(self._target, name)
        return _read(self, ("a", name), lambda target: getattr(target, name))

    def __getitem__(self, key):
        recorder = _current
        step = ("i", spec(key, recorder))
        return _read(self, step, lambda target: target[_unwrap(key)])

    def __call__(self, *args, **kwargs):
        recorder = _current
        step = ("call", tuple(spec(arg, recorder) for arg in args),
                tuple(sorted((name, spec(arg, recorder)) for name, arg in kwargs.items())))
        return _read(self, step, lambda target: target(
            *map(_unwrap, args), **{name: _unwrap(arg) for name, arg in kwargs.items()}))

    def __iter__(self):
        items = list(self._target)
        recorder = _current
        if recorder is None:
            return iter(items)
        recorder.note(self._path + (("n",),), repr(len(items)))
        return (wrap(item, self._path + (("at", index),), recorder)
                for index, item in enumerate(items))

    def __reversed__(self):
        return reversed(list(self))

    def _simple(self, name, function):
        result = function(self._target)
        if _current is not None:
            _current.note(self._path + ((name,),), text(result))
        return result

    def __len__(self):
        return self._simple("len", len)

    def __bool__(self):
        return self._simple("bool", bool)

    def __str__(self):
        return self._simple("str", str)

    def __hash__(self):
        return hash(self._target)

    __eq__, __ne__, __lt__, __le__, __gt__, __ge__ = (_op(name) for name in (
        "eq", "ne", "lt", "le", "gt", "ge"))

    def __contains__(self, item):
        return _op("in")(self, item)

    def __repr__(self):
        return f"Recorded({self._target!r})"


class RecordingContext(Context):
    """Jinja's context, recording the site-wide names a render resolves (when a Recorder is
    under way in this process; otherwise Jinja's own lookup)."""

    def resolve_or_missing(self, key):
        recorder = _current
        if recorder is None:
            return super().resolve_or_missing(key)
        if key in self.vars:
            return self.vars[key]
        if key in self.parent:
            value = self.parent[key]
            site = recorder.site
            if key in site and site[key] is value and DEFAULT_NAMESPACE.get(key) is not value:
                return wrap(value, (("name", key),), recorder)
            return value
        recorder.note((("name", key),), "!missing")
        return missing


class Evaluator:
    """Recorded paths evaluated against this build's context: each prefix once per process, or
    once per page when it names a page variable."""

    def __init__(self, roots):
        self.roots = roots  # name -> value: the generator's context and the env's globals
        self.paths = {}  # path -> the same path, kept: its id names it below
        self.steps = {}  # id of a kept path -> (its prefix, kept, or None; page variables named)
        self.shared = {}  # id of a kept path that names no page variable -> its value
        self.own, self.personal = None, {}  # the page whose values `personal` holds, by path id

    def intern(self, path):
        """`path`, as the evaluator keeps it (the same object evaluates without hashing)."""
        kept = self.paths.get(path)
        if kept is None:
            kept = self.paths[path] = path
            self.steps[id(path)] = (self.intern(path[:-1]) if len(path) > 1 else None,
                                    names_own(path))
        return kept

    def text(self, path, own=None):
        """What the read at `path` (a tuple; kept by `intern`, best) gives now, as recorded
        text."""
        if id(path) not in self.steps:  # (a kept path is alive: no other object has its id)
            path = self.intern(path)
        value = self._value(path, {} if own is None else own)
        return value if isinstance(value, _Text) else text(value)

    def _value(self, path, own):
        prefix, personal = self.steps[id(path)]
        if personal and own is not self.own:
            self.own, self.personal = own, {}
        memo = self.personal if personal else self.shared
        found = memo.get(id(path), memo)
        if found is not memo:
            return found
        step = path[-1]
        if step[0] == "name":
            value = self.roots[step[1]] if step[1] in self.roots else _Text("!missing")
        elif step[0] == "v":  # a page variable whose reads are recorded (batch_render.Read)
            value = own[step[1]] if step[1] in own else _Text("!missing")
        else:
            base = self._value(prefix, own)
            if isinstance(base, _Text):
                value = _Text("!unreadable")
            else:
                try:
                    value = self._step(base, step, prefix, own)
                except Exception as error:  # the recording noted the error's name
                    value = _Text("!" + type(error).__name__)
        memo[id(path)] = value
        return value

    def _step(self, base, step, prefix, own):
        kind = step[0]
        if kind == "a":
            return getattr(base, step[1])
        if kind == "i":
            return base[self._argument(step[1], own)]
        if kind == "call":
            return base(*(self._argument(arg, own) for arg in step[1]),
                        **{name: self._argument(arg, own) for name, arg in step[2]})
        if kind in ("at", "n"):
            items = self._items(base, prefix, own)
            return items[step[1]] if kind == "at" else _Text(repr(len(items)))
        if kind == "op":
            return _Text(text(OPS[step[1]](base, self._argument(step[2], own))))
        function = {"len": len, "bool": bool, "str": str}[kind]
        return _Text(text(function(base)))

    def _items(self, base, prefix, own):
        memo = self.personal if self.steps[id(prefix)][1] else self.shared
        key = ("items", id(prefix))
        if key not in memo:
            memo[key] = list(base)
        return memo[key]

    def _argument(self, argument, own):
        kind, value = argument
        if kind == "c":
            return value
        if kind == "m":
            return Markup(value)
        if kind == "d":
            return datetime.date.fromisoformat(value)
        if kind == "l":
            return [self._argument(item, own) for item in value]
        if kind == "v" and value in own:
            return own[value]
        if kind == "p":
            found = self._value(self.intern(value), own)
            if not isinstance(found, _Text):
                return found
        raise LookupError("an argument no later build can evaluate")


class _Text(str):
    """A read's recorded text: an operation's result (len, bool, str, a comparison), or a failed
    read's ("!missing", "!KeyError"...)."""


@functools.lru_cache(maxsize=100000)
def names_own(path):
    """The page variables a path's arguments name (a path that names none is the same for every
    page)."""
    found = [path[0][1]] if path[0][0] == "v" else []  # (a Read page variable's own reads)
    for step in path:
        if step[0] in ("i", "call", "op"):
            _collect(step[1:], found)
    return tuple(found)


def _collect(value, found):
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == "v" and isinstance(value[1], str):
            found.append(value[1])
        else:
            for item in value:
                _collect(item, found)


def as_tuple(value):
    """A path read back from JSON (lists) as the tuples it was recorded as."""
    return tuple(as_tuple(item) for item in value) if isinstance(value, list) else value
