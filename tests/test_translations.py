from plans import catalogs


def test_every_user_facing_string_is_translated_into_french():
    problems = catalogs.problems()
    assert problems == [], "\n".join(problems[:50])


def test_the_extractor_finds_strings_in_templates_and_code():
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    template = {m for m, _c, _p in catalogs.extract(base / "templates/plans/dashboard.html")}
    code = {m for m, _c, _p in catalogs.extract(base / "plans/models.py")}
    assert "My plans" in template
    assert "Urban development" in code


PLURAL_TEMPLATE = "\n".join(
    [
        "{% load i18n %}",
        "{% blocktranslate count counter=risks|length %}One risk{% plural %}"
        "{{ counter }} risks{% endblocktranslate %}",
        '{% blocktranslate context "heat map" count counter=n %}One cell{% plural %}'
        "{{ counter }} cells{% endblocktranslate %}",
        '{% translate "Heat map" %}',
    ]
)


def test_plural_messages_go_from_a_template_to_a_working_catalogue(tmp_path, monkeypatch):
    import gettext

    template = tmp_path / "templates" / "plural.html"
    template.parent.mkdir()
    template.write_text(PLURAL_TEMPLATE, encoding="utf-8")
    locale_dir = tmp_path / "locale"
    monkeypatch.setattr(catalogs, "catalogue_sources", lambda: {locale_dir: [template]})

    found = {(m, c) for m, c, _p in catalogs.extract(template)}
    assert found == {
        (("One risk", "%(counter)s risks"), None),
        (("One cell", "%(counter)s cells"), "heat map"),
        ("Heat map", None),
    }

    catalogs.update()
    po = catalogs.po_path(locale_dir, "fr").read_text(encoding="utf-8")
    assert 'msgid_plural "%(counter)s risks"' in po
    assert 'msgctxt "heat map"' in po
    assert "untranslated 'One risk'" in "\n".join(catalogs.problems())

    # A plural takes a list of forms; a lone string does not fit it and is left alone.
    assert catalogs.fill({"One cell": "Une case"}) == 0
    filled = catalogs.fill(
        {
            "One risk": ["Un risque", "%(counter)s risques"],
            "One cell": ["Une case", "%(counter)s cases"],
            "Heat map": "Carte de chaleur",
        }
    )
    assert filled == 3
    assert catalogs.problems() == []

    catalogs.compile_all()
    with catalogs.po_path(locale_dir, "fr").with_suffix(".mo").open("rb") as fh:
        fr = gettext.GNUTranslations(fh)
    assert fr.ngettext("One risk", "%(counter)s risks", 1) == "Un risque"
    assert fr.ngettext("One risk", "%(counter)s risks", 4) == "%(counter)s risques"
    assert fr.npgettext("heat map", "One cell", "%(counter)s cells", 2) == "%(counter)s cases"


def test_a_string_that_becomes_plural_gets_a_new_plural_entry(tmp_path, monkeypatch):
    template = tmp_path / "page.html"
    template.write_text('{% load i18n %}{% translate "One risk" %}', encoding="utf-8")
    locale_dir = tmp_path / "locale"
    monkeypatch.setattr(catalogs, "catalogue_sources", lambda: {locale_dir: [template]})
    catalogs.update()
    catalogs.fill({"One risk": "Un risque"})
    template.write_text(PLURAL_TEMPLATE.splitlines()[1], encoding="utf-8")
    assert "'One risk' should be plural" in "\n".join(catalogs.problems())
    catalogs.update()
    assert "untranslated 'One risk'" in "\n".join(catalogs.problems())
