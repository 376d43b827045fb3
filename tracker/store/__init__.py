"""The database: tables, repositories that speak in domain objects, migrations, backup."""
