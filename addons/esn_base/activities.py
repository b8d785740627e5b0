"""Activities the suite's daily jobs schedule: one open activity of a type per record, at most.

Odoo's activity_schedule creates them one record at a time, and activity_feedback posts a message
per record; a month end schedules and closes thousands at once. They are created as
activity_schedule makes them (automated), and marked done as Odoo keeps the done activities of a
type that keeps them (archived, with their done date), in one write."""


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


def mark_done(records, activity_type_xmlid):
    """Mark the open activities of the given type on the records done, once what they asked is done."""
    env = records.env
    # sudo: whoever did what the activity asked marks it done, whoever it was assigned to
    env["mail.activity"].sudo().search(
        [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("activity_type_id", "=", env.ref(activity_type_xmlid).id),
        ]
    ).action_archive()
