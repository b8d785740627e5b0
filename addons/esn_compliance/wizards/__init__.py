from . import esn_compliance_override, esn_compliance_reject
