from . import test_cra_rules
from . import test_cra_workflow
from . import test_cra_portal
from . import test_cra_concurrency
from . import test_cra_tour
from . import test_cra_trust
from . import test_cra_client_portal
from . import test_cra_working_time
