from . import district_settlement_match
from . import district_settlement_lost
from . import district_settlement_win
from . import district_address_table_import
