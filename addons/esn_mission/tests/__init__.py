from . import test_mission
from . import test_mission_sales
from . import test_mission_access
from . import test_mission_vigilance
from . import test_mission_trust
from . import test_mission_on_call
