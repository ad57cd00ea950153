from . import district_contact_report
from . import district_monitoring_report
