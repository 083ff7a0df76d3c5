"""Translation catalogues without GNU gettext: extract, update and check with Babel.

Each local app keeps its French strings in ``<app>/locale/fr/LC_MESSAGES/django.po``; the strings
of ``templates/<app>/`` go with the app. Everything else (``planner/``, ``templates/*.html``,
``templates/partials``, ``templates/registration``) goes to the project's ``locale/``. One catalogue
per app means parallel work on apps never conflicts in a single huge .po file.
"""

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
SKIP_DIRS = {"migrations", "__pycache__", "locale", "tests", ".venv", "node_modules"}


def base_dir():
    return Path(settings.BASE_DIR)


def local_apps():
    """Installed apps that live in this repository."""
    from django.apps import apps

    root = base_dir()
    return [
        Path(cfg.path)
        for cfg in apps.get_app_configs()
        if Path(cfg.path).resolve().parent == root.resolve()
    ]


def catalogue_sources():
    """``{catalogue_dir: [source files]}`` for the project and every local app."""
    root = base_dir()
    sources = {root / "locale": []}
    app_names = set()
    for app in local_apps():
        app_names.add(app.name)
        files = [
            p for p in app.rglob("*.py") if not SKIP_DIRS.intersection(p.relative_to(app).parts)
        ]
        templates = root / "templates" / app.name
        if templates.exists():
            files += sorted(templates.rglob("*.html")) + sorted(templates.rglob("*.txt"))
        sources[app / "locale"] = sorted(files)
    project_files = sorted((root / "planner").rglob("*.py"))
    for path in sorted((root / "templates").rglob("*")):
        if path.suffix in {".html", ".txt"} and path.relative_to(root / "templates").parts[
            0
        ] not in (app_names):
            project_files.append(path)
    sources[root / "locale"] = project_files
    return sources


def extract(path):
    """The (msgid, context) pairs a source file asks to translate, as makemessages finds them."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        text = templatize(text, origin=str(path))
    found = []
    for _lineno, _func, message, _comments in extract_python(
        io.BytesIO(text.encode("utf-8")), KEYWORDS, [], {"encoding": "utf-8"}
    ):
        if isinstance(message, tuple):
            if len(message) == 3 and _func.startswith("npgettext"):
                context, msgid = message[0], (message[1], message[2])
            elif _func.startswith("pgettext"):
                context, msgid = message[0], message[1]
            elif _func.startswith("ngettext"):
                # The raw extractor also yields the count argument (as None): keep the two
                # strings only.
                context, msgid = None, (message[0], message[1])
            else:
                context, msgid = None, message
        else:
            context, msgid = None, message
        if not msgid or (isinstance(msgid, tuple) and not msgid[0]):
            continue
        found.append((msgid, context, path))
    return found


def po_path(locale_dir, language):
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def load(path, language):
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=language)
    return Catalog(locale=language, project="Planner", charset="utf-8")


def update(*, prune=True):
    """Add every new string to its catalogue (empty translation), drop strings no longer used."""
    changed = []
    for locale_dir, files in catalogue_sources().items():
        messages = {}
        for path in files:
            for msgid, context, src in extract(path):
                messages.setdefault(
                    (msgid if isinstance(msgid, str) else msgid[0], context),
                    (
                        msgid,
                        src,
                    ),
                )
        for language in LANGUAGES:
            path = po_path(locale_dir, language)
            if not messages and not path.exists():
                continue
            catalog = load(path, language)
            before = {
                (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id
            }
            for key, (msgid, _src) in messages.items():
                if catalog.get(msgid, context=key[1]) is None:
                    catalog.add(
                        msgid, string=("", "") if isinstance(msgid, tuple) else "", context=key[1]
                    )
            if prune:
                for key in before - set(messages):
                    msgid = next(
                        m.id
                        for m in catalog
                        if m.id
                        and (m.id if isinstance(m.id, str) else m.id[0]) == key[0]
                        and m.context == key[1]
                    )
                    catalog.delete(msgid, context=key[1])
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            write_po(buffer, catalog, width=100, omit_header=False, sort_output=True)
            new = buffer.getvalue()
            if not path.exists() or path.read_bytes() != new:
                path.write_bytes(new)
                changed.append(path)
    return changed


def compile_all():
    for locale_dir in catalogue_sources():
        for language in LANGUAGES:
            path = po_path(locale_dir, language)
            if path.exists():
                catalog = load(path, language)
                with path.with_suffix(".mo").open("wb") as fh:
                    write_mo(fh, catalog, use_fuzzy=False)


def problems():
    """Strings missing from their catalogue, untranslated, or fuzzy: each as a sentence."""
    issues = []
    for locale_dir, files in catalogue_sources().items():
        wanted = {}
        for path in files:
            for msgid, context, src in extract(path):
                wanted[(msgid if isinstance(msgid, str) else msgid[0], context)] = src
        for language in LANGUAGES:
            path = po_path(locale_dir, language)
            catalog = load(path, language)
            for (msgid, context), src in wanted.items():
                message = catalog.get(msgid, context=context)
                if message is None:
                    issues.append(f"{path}: missing {msgid!r} (from {src})")
            for message in catalog:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if not all(strings):
                    issues.append(f"{path}: untranslated {message.id!r}")
                if message.fuzzy:
                    issues.append(f"{path}: fuzzy {message.id!r}")
    return issues


def fill(translations, language="fr"):
    """Fill empty translations from ``{msgid: msgstr}`` in every catalogue; returns the count."""
    filled = 0
    for locale_dir in catalogue_sources():
        path = po_path(locale_dir, language)
        if not path.exists():
            continue
        catalog = load(path, language)
        touched = False
        for message in catalog:
            if not message.id or isinstance(message.id, tuple):
                continue
            if (not message.string or message.fuzzy) and message.id in translations:
                message.string = translations[message.id]
                message.flags.discard("fuzzy")
                touched = True
                filled += 1
        if touched:
            buffer = io.BytesIO()
            write_po(buffer, catalog, width=100, sort_output=True)
            path.write_bytes(buffer.getvalue())
    return filled
