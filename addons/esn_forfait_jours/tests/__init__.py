from . import test_forfait_jours
