"""Load the 7 BerAKHLAK values and their 21 panduan perilaku (SE MenPANRB 20/2021)."""

from typing import Any

from django.db import migrations

from simerit.performance.berakhlak import BERAKHLAK


def load(apps: Any, schema_editor: Any) -> None:
    value_model = apps.get_model("performance", "BehaviourValue")
    indicator_model = apps.get_model("performance", "BehaviourIndicator")
    for order, (code, name, definition, indicators) in enumerate(BERAKHLAK, start=1):
        value = value_model.objects.create(
            code=code, name=name, definition=definition, order=order
        )
        for position, (letter, text) in enumerate(zip("abc", indicators, strict=True), start=1):
            indicator_model.objects.create(
                value=value, code=f"{code}{letter}", text=text, order=position
            )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("performance", "BehaviourIndicator").objects.all().delete()
    apps.get_model("performance", "BehaviourValue").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
