from . import esn_mission_from_lead
