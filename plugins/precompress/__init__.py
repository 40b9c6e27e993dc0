"""precompress: write `.gz` and `.br` beside every text file of a finished build, so a host can
serve them as they are (nginx gzip_static and brotli_static, S3 with Content-Encoding).

Runs on the `finalized` signal, after everything is written. Output is deterministic: gzip with
no name and mtime 0, brotli at fixed qualities. Off unless PRECOMPRESS is true (publishconf.py).
"""

import gzip
import logging
import os
from concurrent.futures import ProcessPoolExecutor

import brotli
from outputs import registry
from pelican import signals
from validation.defaults import apply_defaults, whole_number

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PRECOMPRESS": False,
    "PRECOMPRESS_EXTENSIONS": [".html", ".css", ".js", ".json", ".xml", ".svg", ".txt",
                               ".csv", ".webmanifest", ".map"],
    "PRECOMPRESS_MIN_SIZE": 256,
    # Best compression for shared assets and indexes; HTML, of which there are many, gets a
    # quality that is about fifty times faster for a few per cent more bytes.
    "PRECOMPRESS_BROTLI_QUALITY": 11,
    "PRECOMPRESS_HTML_BROTLI_QUALITY": 6,
    # HTML pages (paths relative to the output) given the best quality all the same: pages whose
    # bytes a visitor waits for before anything else (search_index adds its search page).
    "PRECOMPRESS_BEST_HTML": [],
}


RULES = {
    "PRECOMPRESS_MIN_SIZE": whole_number(0),
    "PRECOMPRESS_BROTLI_QUALITY": whole_number(0, 11),
    "PRECOMPRESS_HTML_BROTLI_QUALITY": whole_number(0, 11),
}


def initialized(pelican):
    """`initialized` signal: this plugin's defaults into Pelican's settings."""
    apply_defaults(pelican.settings, DEFAULTS, RULES, owner="precompress")


def compress_file(path, brotli_quality):
    """Write path.gz and path.br; returns bytes written."""
    with open(path, "rb") as handle:
        data = handle.read()
    packed_gzip = gzip.compress(data, compresslevel=9, mtime=0)
    packed_brotli = brotli.compress(data, quality=brotli_quality)
    with open(path + ".gz", "wb") as handle:
        handle.write(packed_gzip)
    with open(path + ".br", "wb") as handle:
        handle.write(packed_brotli)
    return len(packed_gzip) + len(packed_brotli)


def files_to_compress(output_path, extensions, min_size):
    for folder, _, names in os.walk(output_path):
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.endswith(tuple(extensions)) and os.path.getsize(path) >= min_size:
                yield path


def precompress(pelican):
    settings = pelican.settings
    if not settings["PRECOMPRESS"]:
        return
    outputs = registry(pelican)
    outputs.settle()  # every file written, including those still in worker processes
    jobs = []
    best = {os.path.join(pelican.output_path, *name.split("/"))
            for name in settings["PRECOMPRESS_BEST_HTML"]}
    for path in files_to_compress(pelican.output_path, settings["PRECOMPRESS_EXTENSIONS"],
                                  settings["PRECOMPRESS_MIN_SIZE"]):
        owner = f"precompress: copies of {os.path.relpath(path, pelican.output_path)}"
        if outputs.claim(path + ".gz", owner) and outputs.claim(path + ".br", owner):
            jobs.append((path, settings["PRECOMPRESS_HTML_BROTLI_QUALITY"]
                         if path.endswith(".html") and path not in best
                         else settings["PRECOMPRESS_BROTLI_QUALITY"]))
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(compress_file, *zip(*jobs), chunksize=64)) if jobs else None
    logger.info("precompress: wrote .gz and .br for %d files", len(jobs))


def register():
    signals.initialized.connect(initialized)
    signals.finalized.connect(precompress)
