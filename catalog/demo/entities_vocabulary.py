"""The demo's entities around datasets, as data: glossary term groups and what the terms say of
each other, the pipelines (whose tasks are the actors of the demo's lineage edges), dashboards
and their charts. Like ``vocabulary``, imported only by ``load_demo_catalog``.
"""

from __future__ import annotations

from catalog.demo.vocabulary import FLOWS, demo_urn
from catalog.models import OwnershipType

_T = OwnershipType

# Term groups: name -> (display name, description, parent group or None). A term belongs to the
# group its name starts with (``Finance.Revenue`` is in ``Finance``), as DataHub's business
# glossary files name them.
TERM_NODES = {
    "Classification": (
        "Classification",
        "How widely data may be shared. Every dataset should carry one of these.",
        None,
    ),
    "PersonalInformation": (
        "Personal information",
        "Data that identifies a person; subject to GDPR.",
        "Classification",
    ),
    "Business": ("Business", "The words the business runs on.", None),
    "Finance": ("Finance", "Revenue, costs and money.", "Business"),
    "Ecommerce": ("E-commerce", "The web shop: orders and who places them.", "Business"),
    "Customer": ("Customer", "What we know about our customers.", "Business"),
    "Product": ("Product", "Product usage and engagement.", "Business"),
}

# Terms the base vocabulary does not have (name -> definition), in the Customer group.
NEW_TERMS = {
    "Customer.Segment": "The marketing segment a customer is in (consumer, SMB, enterprise).",
    "Customer.LifetimeValue": "Net revenue a customer brought since their first order.",
    "Customer.Churned": "A customer with no order in the last 180 days.",
}

# Display names that are not the term's last name part split at capitals.
TERM_DISPLAY_NAMES = {
    "Classification.HighlyConfidential": "Highly confidential",
    "PersonalInformation.IpAddress": "IP address",
    "PersonalInformation.DateOfBirth": "Date of birth",
    "PersonalInformation.PhoneNumber": "Phone number",
    "Product.ActiveUser": "Active user",
    "Customer.LifetimeValue": "Lifetime value",
}

# term -> {relation: [terms]}: DataHub's isA (inherits), hasA (contains), relatedTo.
TERM_RELATIONS = {
    "Ecommerce.Order": {"hasA": ["Ecommerce.Customer", "Finance.Currency"]},
    "Ecommerce.Customer": {
        "hasA": ["PersonalInformation.Email", "PersonalInformation.Name", "Customer.Segment"],
        "relatedTo": ["Customer.LifetimeValue"],
    },
    "Finance.Revenue": {"relatedTo": ["Ecommerce.Order", "Finance.Cost"]},
    "Customer.LifetimeValue": {"isA": ["Finance.Revenue"]},
    "Customer.Churned": {"relatedTo": ["Product.ActiveUser"]},
    "PersonalInformation.Email": {"isA": ["Classification.Confidential"]},
    "PersonalInformation.Name": {"isA": ["Classification.Confidential"]},
    "PersonalInformation.PhoneNumber": {"isA": ["Classification.Confidential"]},
    "PersonalInformation.Address": {"isA": ["Classification.Confidential"]},
    "PersonalInformation.DateOfBirth": {"isA": ["Classification.Sensitive"]},
    "PersonalInformation.IpAddress": {"isA": ["Classification.Confidential"]},
}

# group (term prefix) -> owners of its terms: the privacy officer and a team.
TERM_OWNERS = {
    "Classification": (("user:bschulz", _T.DATA_STEWARD), ("group:security", _T.BUSINESS_OWNER)),
    "PersonalInformation": (("user:bschulz", _T.DATA_STEWARD),),
    "Finance": (("user:fmuller", _T.BUSINESS_OWNER), ("group:payments", _T.DATA_STEWARD)),
    "Ecommerce": (("user:rpatel", _T.BUSINESS_OWNER),),
    "Customer": (("user:ogarcia", _T.BUSINESS_OWNER), ("group:growth", _T.DATA_STEWARD)),
    "Product": (("user:asmith", _T.BUSINESS_OWNER), ("group:analytics", _T.DATA_STEWARD)),
}

# flow -> (description, owners, schedule, extra tasks). The tasks of ``vocabulary.FLOWS`` are the
# actors of lineage edges: their inputs and outputs are those edges' ends. An extra task is
# (name, type, description, what it reads: the flow's "inputs" or "outputs").
FLOW_INFO = {
    "tracking_etl": (
        "Lands the tracking topics on HDFS every hour and builds the page view tables.",
        (("user:aberger", _T.TECHNICAL_OWNER), ("group:data-platform", _T.TECHNICAL_OWNER)),
        "0 * * * *",
        (("wait_for_topics", "SENSOR", "Waits until the hour's Kafka offsets are committed.",
          "inputs"),),
    ),
    "shop_daily": (
        "Nightly copy of the web shop's orders and customers into Hive, and revenue from them.",
        (("user:rpatel", _T.TECHNICAL_OWNER), ("group:payments", _T.BUSINESS_OWNER)),
        "0 2 * * *",
        (("wait_for_shop_replica", "SENSOR", "Waits for the MySQL replica to catch up.",
          "inputs"),
         ("check_revenue_totals", "CHECK", "Fails when revenue moves more than 20% in a day.",
          "outputs")),
    ),
    "metrics_dag": (
        "Daily product KPIs: active users, retention and the KPI rollup served to dashboards.",
        (("user:mkim", _T.TECHNICAL_OWNER), ("group:analytics", _T.BUSINESS_OWNER)),
        "30 4 * * *",
        (("publish_kpis", "TASK", "Refreshes the KPI dashboards' extracts.", "outputs"),),
    ),
    "gobblin_ingest": (
        "Spark jobs that copy Kafka topics to HDFS and compact the Avro files.",
        (("user:spark_etl", _T.PRODUCER), ("user:tnguyen", _T.TECHNICAL_OWNER)),
        "*/15 * * * *",
        (("audit_offsets", "CHECK", "Compares copied offsets with the topics' end offsets.",
          "inputs"),),
    ),
    "payments_pipeline": (
        "Settles the day's payments, reconciles them with the bank and exports the ledger.",
        (("user:fmuller", _T.BUSINESS_OWNER), ("group:payments", _T.TECHNICAL_OWNER)),
        "0 5 * * *",
        (("notify_finance", "TASK", "Emails the reconciliation report to finance.", "outputs"),),
    ),
    "ml_features": (
        "Feature tables and training sets for the recommendation models.",
        (("user:kyamamoto", _T.TECHNICAL_OWNER), ("group:ml-platform", _T.TECHNICAL_OWNER)),
        "0 6 * * *",
        (("validate_features", "CHECK", "Checks feature drift against last week.", "outputs"),),
    ),
}  # fmt: skip
FLOW_ORCHESTRATORS = {flow: orchestrator for orchestrator, flow, _ in FLOWS}


def job_urn(flow: str, job: str) -> str:
    """A task of a demo flow, as the lineage edges' actors name it."""
    return f"urn:li:dataJob:(urn:li:dataFlow:({FLOW_ORCHESTRATORS[flow]},{flow},prod),{job})"


# Task descriptions: "<verb> …" for the edge actors of ``vocabulary.FLOWS``.
JOB_DESCRIPTIONS = {
    "load_pageviews": "Copies the page view topic to hourly Avro files.",
    "sessionize": "Groups page views into sessions (30 minutes of inactivity ends one).",
    "dedup_events": "Removes duplicate and bot events and writes the Hive tables.",
    "export_orders": "Copies orders and customers from the shop's MySQL into Hive.",
    "build_revenue": "Computes net revenue per day and currency.",
    "snapshot_customers": "Takes the nightly snapshot of customer accounts.",
    "daily_active_users": "Counts active users per day, country and platform.",
    "retention": "Computes 1-, 7- and 30-day retention cohorts.",
    "kpi_rollup": "Rolls the KPIs up and exports them to PostgreSQL for the dashboards.",
    "kafka_to_hdfs": "Copies Kafka topics to HDFS.",
    "compact_avro": "Compacts small Avro files into daily ones.",
    "settle": "Settles captured payments.",
    "reconcile": "Reconciles settlements with the bank statements.",
    "ledger_export": "Exports the general ledger entries.",
    "build_features": "Builds the user feature tables.",
    "train_set": "Samples the training set.",
    "score_users": "Scores users with the current model.",
}

# The well-known datasets' lineage comes from known tasks (downstream URN -> flow, task), so the
# datasets people open first are a task's input or output.
WELL_KNOWN_JOBS = {
    demo_urn("hdfs", "/data/tracking/PageViewEvent"): ("tracking_etl", "load_pageviews"),
    demo_urn("hive", "tracking.pageviewevent"): ("tracking_etl", "dedup_events"),
    demo_urn("postgres", "analytics.public.user_sessions"): ("tracking_etl", "sessionize"),
    demo_urn("hdfs", "/jobs/metrics/daily_active_users"): ("metrics_dag", "daily_active_users"),
    demo_urn("postgres", "analytics.public.daily_active_users"): ("metrics_dag", "kpi_rollup"),
    demo_urn("hive", "shop.orders_daily"): ("shop_daily", "export_orders"),
    demo_urn("hive", "finance.revenue_daily"): ("shop_daily", "build_revenue"),
    demo_urn("hive", "metadata.lineageevent"): ("gobblin_ingest", "kafka_to_hdfs"),
}

# Dashboards: (platform, id, name, description, owners, charts); a chart is
# (id, name, type, datasets it reads). Datasets not in the loaded catalog are left out.
DASHBOARDS = (
    (
        "looker",
        "product_kpis",
        "Product KPIs",
        "Daily active users, sessions and retention, refreshed every morning.",
        (("user:jdoe", _T.BUSINESS_OWNER), ("group:analytics", _T.TECHNICAL_OWNER)),
        (
            ("dau_by_country", "Daily active users by country", "LINE",
             (demo_urn("postgres", "analytics.public.daily_active_users"),)),
            ("sessions_per_day", "Sessions per day", "BAR",
             (demo_urn("postgres", "analytics.public.user_sessions"),)),
            ("page_views_by_platform", "Page views by platform", "AREA",
             (demo_urn("hive", "tracking.pageviewevent"),)),
        ),
    ),
    (
        "superset",
        "revenue",
        "Revenue",
        "Net revenue and orders per day; the finance team's morning view.",
        (("user:fmuller", _T.BUSINESS_OWNER), ("group:payments", _T.TECHNICAL_OWNER)),
        (
            ("net_revenue_by_currency", "Net revenue by currency", "BAR",
             (demo_urn("hive", "finance.revenue_daily"),)),
            ("orders_per_day", "Orders per day", "LINE",
             (demo_urn("hive", "shop.orders_daily"), demo_urn("mysql", "shop.orders"))),
            ("top_customers", "Top customers", "TABLE",
             (demo_urn("mysql", "shop.customers"), demo_urn("mysql", "shop.orders"))),
        ),
    ),
    (
        "superset",
        "data_platform_health",
        "Data platform health",
        "Lineage events and metadata changes flowing through the platform.",
        (("user:tnguyen", _T.TECHNICAL_OWNER),),
        (
            ("lineage_events_per_hour", "Lineage events per hour", "LINE",
             (demo_urn("hive", "metadata.lineageevent"),)),
            ("mce_volume", "Metadata change events", "BAR",
             (demo_urn("kafka", "MetadataChangeEvent_v4"),)),
        ),
    ),
)  # fmt: skip
DASHBOARD_PLATFORMS = {"looker": "Looker", "superset": "Superset", "airflow": "Airflow"}
