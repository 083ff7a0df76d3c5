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
