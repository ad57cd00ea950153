from . import test_address_key
from . import test_address_matching
from . import test_area_constraints
from . import test_partner_facts
from . import test_access
from . import test_ui
from . import test_i18n
