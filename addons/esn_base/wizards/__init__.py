from . import esn_reason_wizard
