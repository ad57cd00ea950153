from . import portal
from . import vacancy_report
