from . import test_einvoicing
