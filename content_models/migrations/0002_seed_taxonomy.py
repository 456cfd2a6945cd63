"""Load the initial vocabularies; existing rows (by name) are left as editors changed them."""

from django.db import migrations

from content_models import taxonomy_seed
from content_models.text import vi_slugify


def _terms(model, names, **extra_by_name):
    for order, name in enumerate(names, start=1):
        model.objects.get_or_create(
            name=name,
            defaults={"slug": vi_slugify(name), "sort_order": order, **extra_by_name.get(name, {})},
        )


def seed(apps, schema_editor):
    get = lambda name: apps.get_model("content_models", name)  # noqa: E731
    _terms(get("ProgrammeLevel"), taxonomy_seed.PROGRAMME_LEVELS)
    skills = {name: {"is_skill": True} for name in taxonomy_seed.SKILL_TOPICS}
    _terms(get("Subject"), taxonomy_seed.SUBJECTS + taxonomy_seed.SKILL_TOPICS, **skills)
    for number in taxonomy_seed.GRADES:
        get("Grade").objects.get_or_create(number=number)
    _terms(get("ResourceType"), taxonomy_seed.RESOURCE_TYPES)
    licences = {
        name: {"url": url, "allows_derivatives": nd, "allows_commercial": com, "share_alike": sa}
        for name, url, nd, com, sa in taxonomy_seed.LICENCES
    }
    _terms(get("Licence"), list(licences), **licences)
    _terms(get("Province"), taxonomy_seed.PROVINCES)


class Migration(migrations.Migration):
    dependencies = [("content_models", "0001_initial_taxonomy_pages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
