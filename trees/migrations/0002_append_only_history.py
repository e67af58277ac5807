"""History tables are append-only in the database itself, so that no code
path (admin, shell, a future bug, raw SQL from the app's role) can rewrite
the past. TRUNCATE is left to the database owner for test teardown."""
from django.db import migrations

APPEND_ONLY_TABLES = ["trees_conditionrecord", "trees_maintenanceevent", "trees_treechange"]

FUNCTION = """
CREATE OR REPLACE FUNCTION greenmap_reject_history_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % is not allowed; record a correction instead', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def trigger_sql(table):
    return (f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION greenmap_reject_history_change();")


class Migration(migrations.Migration):
    dependencies = [("trees", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION greenmap_reject_history_change();"),
        *[migrations.RunSQL(trigger_sql(t), f"DROP TRIGGER {t}_append_only ON {t};") for t in APPEND_ONLY_TABLES],
    ]
