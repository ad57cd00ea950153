from . import district_contact_report
