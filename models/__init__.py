from . import district_borough
from . import district_quarter
from . import district_programme_area
from . import district_address_rule
from . import district_language
from . import district_located_mixin
from . import res_partner_industry
from . import res_partner
