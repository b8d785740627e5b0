from . import test_facturx
from . import test_invoicing
from . import test_invoicing_concurrency
from . import test_invoicing_french_rules
from . import test_invoicing_sale_order
from . import test_invoicing_scale
from . import test_invoicing_vat
from . import test_margin
