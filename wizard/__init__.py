from . import district_settlement_match
from . import district_settlement_lost
