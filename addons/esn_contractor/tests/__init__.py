from . import test_contractor
from . import test_contractor_portal
