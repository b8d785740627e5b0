from . import test_contractor
from . import test_contractor_portal
from . import test_people_data
from . import test_settings
from . import test_settings_http
