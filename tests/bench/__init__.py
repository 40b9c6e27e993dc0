"""The benchmark (make bench, make bench-search) and the synthetic members and articles that it,
make test-scale and the incremental-build tests generate. Not part of the build: nothing under
plugins/ imports it, so editing it never changes the build key (plugins/batch_render/inputs.py).
Run with PYTHONPATH=plugins:tests, as the Makefile does."""
