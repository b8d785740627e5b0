from . import test_forfait_jours
from . import test_forfait_concurrency
