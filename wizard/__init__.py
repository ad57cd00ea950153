from . import district_settlement_match
from . import district_settlement_lost
from . import district_settlement_win
from . import district_address_table_import
from . import district_privacy_wizard
from . import base_partner_merge_automatic_wizard
from . import district_register_import
