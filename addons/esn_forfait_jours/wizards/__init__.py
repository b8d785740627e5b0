from . import esn_forfait_statement_wizard
