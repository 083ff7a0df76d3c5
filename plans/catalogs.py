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


def _normalise(funcname, message):
    """``(msgid, context)`` of one call found by Babel's raw extractor, or None to skip it.

    The raw extractor yields every argument of the call, ``None`` for those that are not string
    literals (the count of ``ngettext``, a variable): ``ngettext("a", "b", n)`` gives
    ``("a", "b", None)``, ``npgettext("ctx", "a", "b", n)`` gives ``("ctx", "a", "b", None)``.
    A plural msgid is the pair ``(singular, plural)``, as Babel's catalogues expect.
    """
    name = funcname.removesuffix("_lazy")
    args = message if isinstance(message, tuple) else (message,)
    if name == "npgettext":
        context, msgid = args[0], tuple(args[1:3])
    elif name == "ngettext":
        context, msgid = None, tuple(args[0:2])
    elif name == "pgettext":
        context, msgid = args[0], args[1] if len(args) > 1 else None
    else:
        context, msgid = None, args[0]
    strings = msgid if isinstance(msgid, tuple) else (msgid,)
    if not all(isinstance(x, str) and x for x in strings) or len(strings) not in (1, 2):
        return None
    if context is not None and not isinstance(context, str):
        return None
    return msgid, context


def extract(path):
    """The (msgid, context, path) of each string a source file asks to translate.

    ``msgid`` is a string, or a ``(singular, plural)`` pair for ``ngettext`` and
    ``{% blocktranslate count %}``.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        text = templatize(text, origin=str(path))
    found = []
    for _lineno, funcname, message, _comments in extract_python(
        io.BytesIO(text.encode("utf-8")), KEYWORDS, [], {"encoding": "utf-8"}
    ):
        normalised = _normalise(funcname, message)
        if normalised is not None:
            found.append((*normalised, path))
    return found


def _key(msgid):
    """Babel's catalogue key of a msgid: its singular form."""
    return msgid if isinstance(msgid, str) else msgid[0]


PLURAL_FORMS = {"en": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}


def po_path(locale_dir, language):
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def load(path, language):
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=language)
    catalog = Catalog(locale=language, project="Planner", charset="utf-8")
    # Pin gettext's usual rule rather than the one of the installed Babel's CLDR data (Babel 2.19
    # gives French three forms): every catalogue of the project then has the same number of forms.
    if language in PLURAL_FORMS:
        catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS[language])]
    return catalog


def _messages(files):
    """``{(key, context): (msgid, source)}`` of the given files, first occurrence winning."""
    messages = {}
    for path in files:
        for msgid, context, src in extract(path):
            messages.setdefault((_key(msgid), context), (msgid, src))
    return messages


def _empty_string(msgid, catalog):
    return ("",) * catalog.num_plurals if isinstance(msgid, tuple) else ""


def update(*, prune=True):
    """Add every new string to its catalogue (empty translation), drop strings no longer used.

    A string that became plural (or singular) is replaced by a new, untranslated entry.
    """
    changed = []
    for locale_dir, files in catalogue_sources().items():
        messages = _messages(files)
        for language in LANGUAGES:
            path = po_path(locale_dir, language)
            if not messages and not path.exists():
                continue
            catalog = load(path, language)
            before = {(_key(m.id), m.context): m.id for m in catalog if m.id}
            for (_k, context), (msgid, _src) in messages.items():
                existing = catalog.get(msgid, context=context)
                if existing is not None and isinstance(existing.id, tuple) == isinstance(
                    msgid, tuple
                ):
                    continue
                if existing is not None:
                    catalog.delete(existing.id, context=context)
                catalog.add(msgid, string=_empty_string(msgid, catalog), context=context)
            if prune:
                for key in before.keys() - messages.keys():
                    catalog.delete(before[key], context=key[1])
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
        wanted = _messages(files)
        for language in LANGUAGES:
            path = po_path(locale_dir, language)
            catalog = load(path, language)
            for (key, context), (msgid, src) in wanted.items():
                message = catalog.get(key, context=context)
                if message is None:
                    issues.append(f"{path}: missing {key!r} (from {src})")
                elif isinstance(message.id, tuple) != isinstance(msgid, tuple):
                    kind = "plural" if isinstance(msgid, tuple) else "singular"
                    issues.append(f"{path}: {key!r} should be {kind} (from {src}); run update")
            for message in catalog:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if not all(strings):
                    issues.append(f"{path}: untranslated {_key(message.id)!r}")
                elif isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
                    issues.append(
                        f"{path}: {_key(message.id)!r} needs {catalog.num_plurals} plural forms"
                    )
                if message.fuzzy:
                    issues.append(f"{path}: fuzzy {_key(message.id)!r}")
    return issues


def _translation_for(message, value, catalog):
    """The msgstr to store for ``value`` (from the JSON file), or None if it does not fit.

    A plural entry takes a list with one string per plural form of the language (French: the
    singular, then the plural); a singular entry takes a string.
    """
    if isinstance(message.id, tuple):
        if (
            isinstance(value, list)
            and len(value) == catalog.num_plurals
            and all(isinstance(x, str) and x for x in value)
        ):
            return tuple(value)
        return None
    return value if isinstance(value, str) and value else None


def fill(translations, language="fr"):
    """Fill empty translations from ``{msgid: msgstr}`` in every catalogue; returns the count.

    For a plural message the key is its singular msgid and the value a list of the forms:
    ``{"One risk": ["Un risque", "%(counter)s risques"]}``.
    """
    filled = 0
    for locale_dir in catalogue_sources():
        path = po_path(locale_dir, language)
        if not path.exists():
            continue
        catalog = load(path, language)
        touched = False
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings) and not message.fuzzy:
                continue
            value = translations.get(_key(message.id))
            string = _translation_for(message, value, catalog) if value is not None else None
            if string is not None:
                message.string = string
                message.flags.discard("fuzzy")
                touched = True
                filled += 1
        if touched:
            buffer = io.BytesIO()
            write_po(buffer, catalog, width=100, sort_output=True)
            path.write_bytes(buffer.getvalue())
    return filled
