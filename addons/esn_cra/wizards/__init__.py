from . import esn_cra_reject
