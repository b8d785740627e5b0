from . import test_translations
from . import test_computed_fields
