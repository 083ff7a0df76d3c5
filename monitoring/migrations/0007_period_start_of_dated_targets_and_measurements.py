"""Targets and measurements saved before periods existed hold a date only: their period is that
day, so its first day is the date itself (what a save through the form derives), filled in here
so that a first save does not show as a change nobody made."""

from django.db import migrations
from django.db.models import F


def fill_period_start(apps, schema_editor):
    for name in ("Milestone", "Measurement"):
        model = apps.get_model("monitoring", name)
        model.objects.filter(period="", period_start__isnull=True).update(period_start=F("date"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_alter_historicalkpi_frequency_alter_kpi_frequency")]

    operations = [migrations.RunPython(fill_period_start, migrations.RunPython.noop)]
