from django.db import migrations

from monitor.municipalities import CBS_LIST, read_cbs_list


def load(apps, schema_editor):
    Municipality = apps.get_model("monitor", "Municipality")
    with CBS_LIST.open(encoding="utf-8") as file:
        rows = [Municipality(code=code, name=name, province=province) for code, name, province in read_cbs_list(file)]
    Municipality.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("monitor", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
