"""What every app may import: the error types and the one error shape, REST helpers, the Swagger
pieces, and bulk SQL. It imports no app and no project wiring (``metadata_discovery`` holds
settings, URLs, scheduled jobs and the AWS edge, and imports the apps)."""
