from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("changelog", "0001_change_event_moved_from_measures")]

    operations = [
        migrations.AddField(
            model_name="changeevent",
            name="change_set",
            field=models.CharField(
                max_length=100,
                blank=True,
                editable=False,
                help_text="De databasetransactie die de wijziging schreef: wat één transactie aan "
                "één maatregel wijzigt, is één openbare wijziging.",
                verbose_name="wijzigingsset",
            ),
        ),
        migrations.AddIndex(
            model_name="changeevent",
            index=models.Index(fields=["change_set", "measure_pk"], name="changeevent_change_set"),
        ),
    ]
