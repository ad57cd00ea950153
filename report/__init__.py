from . import district_contact_report
from . import district_monitoring_report
from . import ir_actions_report
from . import district_privacy_report
from . import district_visit_answer_report
from . import district_premises_expose
