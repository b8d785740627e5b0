from odoo.exceptions import ValidationError

# a reason is a sentence or a paragraph: beyond this it is a paste (or an attack on the chatter)
REASON_MAX_LENGTH = 2000


def clean_reason(env, reason, missing_message):
    """The reason given for a rejection, refusal or contest, stripped; `ValidationError` with
    `missing_message` when there is none, or when it is longer than a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(missing_message)
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            env._(
                "The reason is %(length)s characters long: %(max)s at most.",
                length=len(reason),
                max=REASON_MAX_LENGTH,
            )
        )
    return reason
