"""A validator's message is formatted with its parameters (``message % params``) wherever it
is shown, so a lone "%" in it ("between 0 and 100 %.") turns a refused value into a 500 (found
by the fuzz test on the budget settings). Every message of every model field, in every
language, must survive the formatting."""

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

PARAMS = {"limit_value": 1, "show_value": 2, "value": 3}


def messages():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for validator in getattr(field, "validators", []):
                message = getattr(validator, "message", None)
                if message is not None:
                    yield f"{model._meta.label}.{field.name}", message


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_validator_message_survives_its_parameters(language):
    checked = 0
    with translation.override(language):
        for where, message in messages():
            try:
                str(message) % PARAMS
            except (ValueError, TypeError) as error:
                pytest.fail(f"{where}: {str(message)!r} cannot be formatted ({error})")
            checked += 1
    assert checked > 20


@pytest.mark.django_db
def test_a_reserve_target_over_100_is_refused_with_its_message(plan):
    from resources.forms import ResourcesSettingsForm

    form = ResourcesSettingsForm({"currency": "EUR", "contingency_target": "150"}, plan=plan)
    assert not form.is_valid()
    assert form.errors["contingency_target"] == ["Enter a share between 0 and 100 %."]
