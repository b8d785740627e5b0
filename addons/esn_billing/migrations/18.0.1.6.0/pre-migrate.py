"""A report's days at their sell and buy rates are stored: filled here in one query rather than
recomputed report by report when the module is updated."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    for column in ("days_sell_amount", "days_buy_amount"):
        openupgrade.logged_query(env.cr, f"ALTER TABLE esn_cra ADD COLUMN IF NOT EXISTS {column} numeric")
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE esn_cra cra
           SET days_sell_amount = days.sell_amount, days_buy_amount = days.buy_amount
          FROM (SELECT line.cra_id,
                       ROUND(SUM(line.quantity * line.sell_rate)::numeric, currency.decimal_places)
                           AS sell_amount,
                       ROUND(SUM(line.quantity * line.buy_rate)::numeric, currency.decimal_places)
                           AS buy_amount
                  FROM esn_cra_line line
                  JOIN esn_cra report ON report.id = line.cra_id
                  JOIN esn_mission mission ON mission.id = report.mission_id
                  JOIN res_currency currency ON currency.id = mission.currency_id
                 GROUP BY line.cra_id, currency.decimal_places) days
         WHERE days.cra_id = cra.id
        """,
    )
    openupgrade.logged_query(
        env.cr,
        """UPDATE esn_cra SET days_sell_amount = COALESCE(days_sell_amount, 0),
                              days_buy_amount = COALESCE(days_buy_amount, 0)
            WHERE days_sell_amount IS NULL OR days_buy_amount IS NULL""",
    )
