"""Core of the "Ten Years of Image Synthesis" site: the pipeline, stage by stage.

1. :mod:`imgsynth.content` — read and validate ``content/`` (entries, eras, kinds, figures);
2. :mod:`imgsynth.arxiv` — enrich: the committed arXiv metadata, and a polite client to fetch it;
3. :mod:`imgsynth.render` — the timeline, entry pages, cards and page metadata as Markdown;
4. :mod:`imgsynth.downloads` — ``timeline.json``, ``papers.bib`` and the Atom feeds;
5. :mod:`imgsynth.links` — check every link of the built site;

with :mod:`imgsynth.plan` turning loaded content into the pages and files of a build, and
:mod:`imgsynth.authoring` for contributors (scaffold an entry, record a translation, review aid).
:mod:`imgsynth.languages` is the one table of languages, :mod:`imgsynth.errors` the root error.

The core knows no site generator: the adapter in ``hooks/`` turns the
plan into a site. ``tests/adapter/test_core_is_engine_neutral.py`` keeps it that way.
"""
