from . import test_invoicing
from . import test_invoicing_scale
from . import test_invoicing_concurrency
