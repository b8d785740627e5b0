"""Activities the suite's daily jobs schedule: one open activity of a type per record, at most.

Odoo's activity_schedule creates them one record at a time; a month end schedules thousands at
once. They are created as activity_schedule makes them (automated), so Odoo's activity_feedback
marks them done, keeping them in the chatter."""


def schedule_once(records, activity_type_xmlid, values):
    """Schedule an activity of the given type on each record that has no open one of that type.

    `values(record)` returns the activity's date_deadline, summary, user_id (the administrator
    when empty) and optionally its note. One search and one create for the whole batch."""
    env = records.env
    activity_type = env.ref(activity_type_xmlid)
    Activity = env["mail.activity"]
    busy = set(
        Activity.search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).mapped("res_id")
    )
    model_id = env["ir.model"]._get_id(records._name)
    fallback_user = env.ref("base.user_admin")
    vals_list = []
    for record in records.filtered(lambda record: record.id not in busy):
        vals = values(record)
        vals_list.append(
            {
                "res_model_id": model_id,
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "automated": True,
                **vals,
                "user_id": vals.get("user_id") or fallback_user.id,
            }
        )
    return Activity.create(vals_list)
