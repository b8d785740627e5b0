from . import test_des
