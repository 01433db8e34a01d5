"""The demo datasets' descriptions and properties (what a source would report of a table, a
topic or a path): text made from the generator's random stream, kept apart from the generator."""

from __future__ import annotations

import random

from catalog.demo.vocabulary import Subject


def leaf(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def dataset_properties(rng: random.Random, platform: str, name: str) -> tuple[str, dict[str, str]]:
    if platform == "hive":
        location = f"hdfs://nameservice1/user/hive/warehouse/{name.replace('.', '.db/')}"
        return name, {
            "table_type": rng.choice(("EXTERNAL_TABLE", "MANAGED_TABLE")),
            "location": location,
            "input_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "numFiles": str(rng.randrange(1, 5000)),
            "totalSize": str(rng.randrange(10**6, 10**12)),
        }
    if platform == "hdfs":
        return f"hdfs://nameservice1{name}", {
            "format": rng.choice(("avro", "parquet", "orc")),
            "compression": rng.choice(("snappy", "gzip", "zstd")),
            "file_count": str(rng.randrange(1, 20000)),
        }
    if platform == "kafka":
        return name, {
            "partitions": str(rng.choice((3, 6, 12, 24, 48))),
            "replication_factor": "3",
            "retention.ms": str(rng.choice((86400000, 604800000, 2592000000))),
            "cleanup.policy": rng.choice(("delete", "compact")),
        }
    props = {"row_count": str(rng.randrange(0, 10**8))}
    if platform == "mysql":
        props["engine"] = "InnoDB"
    return name, props


def dataset_description(rng: random.Random, platform: str, subject: Subject, name: str) -> str:
    noun = {
        "kafka": "Topic carrying",
        "hdfs": "Files holding",
        "hive": "Table of",
        "mysql": "OLTP table of",
        "postgres": "Reporting table of",
    }[platform]
    what = leaf(name.replace("/", ".")).replace("_", " ")
    tail = rng.choice(
        (
            "",
            " Refreshed daily.",
            " Partitioned by day.",
            " One row per event.",
            " Deduplicated on the primary key.",
            f" Used by the {rng.choice(subject.groups)} team.",
        )
    )
    return f"{noun} {what} ({subject.key} data).{tail}"
