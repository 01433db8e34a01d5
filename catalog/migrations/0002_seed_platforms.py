"""The data platforms MDT knows out of the box (DataHub's common ones). More can be added in
the admin; an unknown platform in a URN is refused rather than silently created."""

from django.db import migrations

PLATFORMS = [
    ("athena", "Athena", "relational"),
    ("bigquery", "BigQuery", "relational"),
    ("cassandra", "Cassandra", "other"),
    ("dbt", "dbt", "other"),
    ("delta-lake", "Delta Lake", "file_system"),
    ("druid", "Druid", "relational"),
    ("dynamodb", "DynamoDB", "other"),
    ("elasticsearch", "Elasticsearch", "other"),
    ("file", "File", "file_system"),
    ("glue", "Glue", "relational"),
    ("hdfs", "HDFS", "file_system"),
    ("hive", "Hive", "relational"),
    ("iceberg", "Iceberg", "file_system"),
    ("kafka", "Kafka", "stream"),
    ("kinesis", "Kinesis", "stream"),
    ("mariadb", "MariaDB", "relational"),
    ("mongodb", "MongoDB", "other"),
    ("mssql", "SQL Server", "relational"),
    ("mysql", "MySQL", "relational"),
    ("oracle", "Oracle", "relational"),
    ("postgres", "PostgreSQL", "relational"),
    ("presto", "Presto", "relational"),
    ("redshift", "Redshift", "relational"),
    ("s3", "S3", "file_system"),
    ("snowflake", "Snowflake", "relational"),
    ("spark", "Spark", "other"),
    ("sqlite", "SQLite", "relational"),
    ("trino", "Trino", "relational"),
]


def seed(apps, schema_editor):
    DataPlatform = apps.get_model("catalog", "DataPlatform")
    for name, display_name, kind in PLATFORMS:
        DataPlatform.objects.update_or_create(
            name=name, defaults={"display_name": display_name, "kind": kind}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
