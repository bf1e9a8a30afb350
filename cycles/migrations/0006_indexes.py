# Indexes for the queries measured at 2,000 communities (bench/results.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cycles', '0005_consultation_import'),
    ]

    operations = [
        # Donor reports: consultations held in the period (kinds, attendance, concerns
        # heard in it).
        migrations.AddIndex(
            model_name='consultation',
            index=models.Index(fields=['held_on'], name='cycles_consult_held_idx'),
        ),
        # A group's consultations newest first (group and cycle pages, My work's latest).
        migrations.AddIndex(
            model_name='consultation',
            index=models.Index(fields=['group', '-held_on'], name='cycles_consult_group_held_idx'),
        ),
    ]
