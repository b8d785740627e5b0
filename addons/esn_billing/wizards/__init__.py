from . import esn_month_end_invoicing
