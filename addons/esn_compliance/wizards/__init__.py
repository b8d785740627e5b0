from . import esn_compliance_override
