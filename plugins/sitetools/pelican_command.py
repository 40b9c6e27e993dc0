"""The `pelican` command as the Makefile runs it (`make html`, `make publish`, `make serve`), and
as `make devserver`'s builder runs each build (sitetools.devbuild): one Pelican run per language.

Pelican parses a `-e KEY=value` pair inside argparse and raises ValueError for a value that is
not JSON, which escapes as a traceback. Here the arguments are parsed first, and a malformed
pair is a usage error in one line (exit status 2).

Then the site is built once per language of SITE_LANGUAGES (plugins/i18n/runs.py): the first at
the root of the output folder, each other one into `<output>/<code>/` with SITE_LANGUAGE=<code>,
SITEURL + "/<code>", and its incremental reuse from `<previous output>/<code>`
(INCREMENTAL_FROM, or MSP_INCREMENTAL_FROM in the environment, which the settings files read).
The runs share this process, one after the other, as the test suite runs many builds: Pelican's
signals are cleared before each (every plugin connects its receivers again when the run
registers the plugins, once), so no receiver runs twice or for the wrong run. Warnings already
printed by an earlier language are not repeated (Pelican's log filter).

A language that fails stops the build there with its exit status: `make html` and `make publish`
then publish nothing (they build into a staging folder). A run that went on after problems and
wrote its site (BUILD_STOP_ON_PROBLEMS off: the dev server) lets the next language run, and the
build ends with exit status 1 and build_gate's "written without what they affect" line.
"""

import gc
import json
import os
import sys

RUN_ENVIRONMENT = ("MSP_INCREMENTAL_FROM", "MSP_OUTPUT_SHOWN")
# Settings naming a folder of this build or of the previous one: each language has its own below.
RUN_FOLDER_SETTINGS = ("INCREMENTAL_FROM", "BUILD_OUTPUT_SHOWN")


def fresh_signals():
    """No plugin's receiver left connected to Pelican's signals (blinker's named signals live as
    long as the process; each run's Pelican connects its plugins' receivers again), and cyclic
    garbage collection on (a run that stopped may leave batch_render's pause in place)."""
    from blinker.base import default_namespace
    from pelican.plugins import signals  # noqa: F401 - defines the signals

    for signal in list(default_namespace.values()):
        signal._clear_state()  # blinker: disconnect every receiver and sender
    if not gc.isenabled():
        gc.enable()


def root_settings(args):
    """The root run's settings, with every plugin's defaults applied (as the run will see them)."""
    from pelican import DEFAULT_CONFIG_NAME, get_config
    from pelican.settings import read_settings

    from .config import initialised

    settings_file = args.settings
    if settings_file is None and os.path.isfile(DEFAULT_CONFIG_NAME):
        settings_file = DEFAULT_CONFIG_NAME
    fresh_signals()
    return initialised(read_settings(settings_file, override=get_config(args)))


def language_runs(args, argv):
    """[(language, argv of its run, environment of its run)], the root language first."""
    from i18n import runs

    settings = root_settings(args)
    codes = runs.site_languages(settings)
    plugins = {getattr(plugin, "__name__", plugin) for plugin in settings.get("PLUGINS") or ()}
    if len(codes) == 1 or "i18n" not in plugins:
        return [(codes[0], list(argv), {})]
    output = settings["OUTPUT_PATH"]
    planned = []
    for code in codes:
        overrides = dict(args.overrides or {})
        for key in RUN_FOLDER_SETTINGS:
            if isinstance(overrides.get(key), str) and overrides[key]:
                overrides[key] = runs.run_folder(overrides[key], settings, code)
        preview = overrides.get("BUILD_PREVIEW")
        if isinstance(preview, dict) and preview.get("folder"):
            overrides["BUILD_PREVIEW"] = {**preview, "folder": runs.run_folder(
                preview["folder"], settings, code)}
        overrides.update(runs.run_overrides(settings, code))
        environment = {name: runs.run_folder(os.environ[name], settings, code)
                       for name in RUN_ENVIRONMENT if os.environ.get(name)}
        run_argv = [*argv, "-o", runs.run_folder(output, settings, code), "-e",
                    *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
        planned.append((code, run_argv, environment))
    return planned


def run_once(argv, environment):
    """One Pelican run (`pelican <argv>`, `environment` added to os.environ meanwhile): (exit
    status, whether it wrote its site despite problems)."""
    from build_gate import WRITTEN_WITH_PROBLEMS
    from pelican import main as pelican_main
    from pelican import signals

    fresh_signals()
    runs = []
    # (connected before the run's plugins: the Pelican object is known before build_gate stops it)
    signals.initialized.connect(runs.append, weak=False)
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        pelican_main(argv)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    gate = getattr(runs[0], "build_gate", None) if runs else None
    written = code != 0 and getattr(gate, "stopped", None) == WRITTEN_WITH_PROBLEMS
    runs.clear()
    gc.collect()  # the run's models, before the next language reads its own
    return code, written


def main(argv=None):
    from build_gate import WRITTEN_WITH_PROBLEMS
    from pelican import main as pelican_main
    from pelican import parse_arguments

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_arguments(argv)
    except ValueError as error:  # raised by Pelican's ParseOverrides for a malformed -e
        print(f"pelican: error: {error}", file=sys.stderr)
        return 2
    if args.listen or args.autoreload:  # `make serve`: serves the output folder, builds nothing
        pelican_main(argv)
        return 0
    with_problems = []
    for code, run_argv, environment in language_runs(args, argv):
        status, written = run_once(run_argv, environment)
        if written:
            with_problems.append(code)
        elif status:
            return status
    if with_problems:
        print(f"Languages with problems: {', '.join(with_problems)}; {WRITTEN_WITH_PROBLEMS}",
              file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
