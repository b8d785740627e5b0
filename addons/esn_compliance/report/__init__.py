from . import esn_vigilance_dossier
