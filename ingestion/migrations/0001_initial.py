"""The ingestion models, taken over from ``catalog`` (its migrations 0003 and 0006).

State only: the tables were created by catalog's 0003 and are kept with their rows and names
(``db_table``). The content types follow the models, so the permissions that point at them,
and the users and groups that hold those permissions, keep working: they are relabelled from
``catalog`` to ``ingestion`` rather than left stale for ``remove_stale_contenttypes`` to delete
(which would cascade to the permissions).
"""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("ingestionrun", "ingestionsighting")


def _relabel(old: str, new: str):
    def run(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MODELS:
            taken = content_type.objects.using(db).filter(app_label=new, model=model).exists()
            if not taken:  # a fresh database has neither: post_migrate creates them later
                content_type.objects.using(db).filter(app_label=old, model=model).update(
                    app_label=new
                )

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("catalog", "0006_ingestion_models_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="IngestionRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("recipe_name", models.CharField(max_length=200)),
                        ("source_type", models.CharField(max_length=64)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("running", "Running"),
                                    ("succeeded", "Succeeded"),
                                    ("failed", "Failed"),
                                    (
                                        "partial",
                                        "Partial (some items failed or the removal was held back)",
                                    ),
                                ],
                                default="running",
                                max_length=16,
                            ),
                        ),
                        ("dry_run", models.BooleanField(default=False)),
                        ("actor", models.CharField(blank=True, max_length=300)),
                        ("started_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("created", models.PositiveIntegerField(default=0)),
                        ("updated", models.PositiveIntegerField(default=0)),
                        ("unchanged", models.PositiveIntegerField(default=0)),
                        ("failed", models.PositiveIntegerField(default=0)),
                        ("removed", models.PositiveIntegerField(default=0)),
                        ("errors", models.JSONField(blank=True, default=list)),
                        ("cursor", models.JSONField(blank=True, null=True)),
                        ("summary", models.JSONField(blank=True, default=dict)),
                    ],
                    options={
                        "db_table": "catalog_ingestionrun",
                        "ordering": ["-started_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["recipe_name", "status"],
                                name="catalog_ing_recipe__a3ee13_idx",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="IngestionSighting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("recipe_name", models.CharField(max_length=200)),
                        ("urn", models.CharField(max_length=512)),
                        ("first_seen_at", models.DateTimeField()),
                        ("last_seen_at", models.DateTimeField()),
                        ("removed", models.BooleanField(default=False)),
                        (
                            "last_run",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="ingestion.ingestionrun",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "catalog_ingestionsighting",
                        "indexes": [
                            models.Index(
                                fields=["recipe_name", "removed", "last_run"],
                                name="catalog_ing_recipe__6d2b53_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("recipe_name", "urn"), name="uniq_sighting"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(_relabel("catalog", "ingestion"), _relabel("ingestion", "catalog")),
    ]
