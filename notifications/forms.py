from django import forms

from .models import Delivery, Kind


class PreferencesForm(forms.Form):
    """How each kind of notification reaches the person by e-mail."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for value, label in Kind.choices:
            self.fields[value] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.get(value, Delivery.IMMEDIATE),
            )
