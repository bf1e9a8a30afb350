from django.db import migrations

PARTNER_GROUP = "role: partner"


def grant_to_partners(apps, schema_editor):
    """Partner staff already signed up get the new permission with their role's group
    (cswg_portal.roles.sync_role gives it to those who join later)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    PermissionGroup = apps.get_model("auth", "Group")
    group = PermissionGroup.objects.filter(name=PARTNER_GROUP).first()
    if group is None:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="cycles", model="consultation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="import_consultation",
        defaults={"name": "Can import past consultations"},
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cycles", "0004_versions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="consultation",
            options={
                "ordering": ["-held_on", "-pk"],
                "permissions": [("import_consultation", "Can import past consultations")],
                "verbose_name": "consultation or meeting",
                "verbose_name_plural": "consultations and meetings",
            },
        ),
        migrations.RunPython(grant_to_partners, migrations.RunPython.noop),
    ]
