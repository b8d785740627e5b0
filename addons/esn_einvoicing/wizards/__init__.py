from . import esn_pa_dispute
