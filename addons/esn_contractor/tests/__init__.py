from . import test_contractor
