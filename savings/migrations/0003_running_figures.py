# Each report carries the case's savings so far and the year of its next report, kept by
# a trigger, so that the statistics of a year read one row per case instead of numbering
# every report (reports.statistics.savings; issue 16: "the savings statistics stay inside
# the statistics target"). A trigger rather than the service: every write – the service,
# the demo's bulk_create, seed_scale's COPY, a test's objects.create – keeps the figures
# right, as the CHECK constraints keep the savings the difference of the costs.

from django.db import migrations, models

RESTATE = """
CREATE FUNCTION savings_report_restate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cases bigint[];
BEGIN
    -- Its own UPDATE below fires the update trigger again: nothing to restate there.
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        cases := ARRAY(SELECT DISTINCT cooperation_id FROM changed_rows);
    ELSIF TG_OP = 'DELETE' THEN
        cases := ARRAY(SELECT DISTINCT cooperation_id FROM gone_rows);
    ELSE
        cases := ARRAY(SELECT cooperation_id FROM changed_rows UNION SELECT cooperation_id FROM gone_rows);
    END IF;
    UPDATE savings_savingsreport r
    SET running_eur = x.running_eur, next_year = x.next_year
    FROM (
        SELECT id,
            SUM(savings_eur) OVER per_case AS running_eur,
            LEAD(year) OVER per_case AS next_year
        FROM savings_savingsreport
        WHERE cooperation_id = ANY(cases)
        WINDOW per_case AS (PARTITION BY cooperation_id ORDER BY year)
    ) x
    WHERE r.id = x.id
        AND (r.running_eur IS DISTINCT FROM x.running_eur OR r.next_year IS DISTINCT FROM x.next_year);
    RETURN NULL;
END $$;

CREATE TRIGGER savings_report_restate_insert AFTER INSERT ON savings_savingsreport
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION savings_report_restate();
CREATE TRIGGER savings_report_restate_update AFTER UPDATE ON savings_savingsreport
    REFERENCING OLD TABLE AS gone_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION savings_report_restate();
CREATE TRIGGER savings_report_restate_delete AFTER DELETE ON savings_savingsreport
    REFERENCING OLD TABLE AS gone_rows
    FOR EACH STATEMENT EXECUTE FUNCTION savings_report_restate();

-- The reports written before: an update of every row restates every case.
UPDATE savings_savingsreport SET year = year;
"""

DROP = """
DROP TRIGGER IF EXISTS savings_report_restate_insert ON savings_savingsreport;
DROP TRIGGER IF EXISTS savings_report_restate_update ON savings_savingsreport;
DROP TRIGGER IF EXISTS savings_report_restate_delete ON savings_savingsreport;
DROP FUNCTION IF EXISTS savings_report_restate();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("savings", "0002_case_latest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="savingsreport",
            name="running_eur",
            field=models.DecimalField(
                decimal_places=2,
                editable=False,
                max_digits=14,
                null=True,
                verbose_name="Einsparung bis einschließlich Berichtsjahr (€)",
            ),
        ),
        migrations.AddField(
            model_name="savingsreport",
            name="next_year",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="nächstes Berichtsjahr"),
        ),
        migrations.RemoveIndex(model_name="savingsreport", name="savings_report_year"),
        migrations.AddIndex(
            model_name="savingsreport",
            index=models.Index(
                fields=["year"],
                include=("cooperation", "savings_pct", "savings_eur"),
                name="savings_report_year_figures",
            ),
        ),
        migrations.RemoveIndex(model_name="savingsreport", name="savings_report_case_latest"),
        migrations.AddIndex(
            model_name="savingsreport",
            index=models.Index(
                fields=["cooperation", "-year"],
                include=("next_year", "savings_pct", "running_eur"),
                name="savings_report_case_latest",
            ),
        ),
        # Last: the update of every row leaves trigger events pending until the end of the
        # migration's transaction, and PostgreSQL builds no index while they are.
        migrations.RunSQL(RESTATE, DROP),
    ]
