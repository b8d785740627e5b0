from . import esn_mission
from . import esn_mission_amendment
from . import esn_mission_vigilance_check
from . import esn_staffing_proposal
from . import crm_lead
from . import product_template
from . import sale_order_line
from . import sale_order
