# Indexes for the queries measured at 2,000 communities (bench/results.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0003_versions'),
    ]

    operations = [
        # The back office's list of an organisation's people by name.
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['organisation', 'full_name'], name='communities_person_name_idx'),
        ),
    ]
